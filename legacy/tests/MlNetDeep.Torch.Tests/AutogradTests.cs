using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>requires_grad, backward, grad, zero_grad, detach, functional grad and clipping.</summary>
public class AutogradTests
{
    [Fact]
    public void BackwardAccumulatesAndZeroGradClears()
    {
        using var x = Tensor.FromArray(new[] { 1.0, 2.0 }).RequiresGrad_();
        Assert.True(x.IsLeaf);
        Assert.Null(x.Grad);
        using (var y = (x * x).Sum()) y.Backward();
        TensorAssert.Close([2, 4], x.Grad!);
        using (var y = (x * 3.0).Sum()) y.Backward();
        TensorAssert.Close([5, 7], x.Grad!);
        using var opt = new Optim.Sgd([x], 0.1);
        opt.ZeroGrad(setToNone: false);
        TensorAssert.Close([0, 0], x.Grad!);
        opt.ZeroGrad();
        Assert.Null(x.Grad);
    }

    [Fact]
    public void DetachStopsGradients()
    {
        using var x = Tensor.FromArray(new[] { 3.0 }).RequiresGrad_();
        using var d = x.Detach();
        Assert.False(d.RequiresGrad);
        using var y = (x * d).Sum();
        y.Backward();
        TensorAssert.Close([3], x.Grad!);
        Assert.Throws<TorchException>(() => Tensor.FromArray(new long[] { 1 }).RequiresGrad = true);
    }

    [Fact]
    public void FunctionalGradSupportsHigherOrder()
    {
        using var x = Tensor.FromArray(new[] { 2.0 }).RequiresGrad_();
        using var y = x.Pow(3).Sum();
        var g = Autograd.Grad([y], [x], createGraph: true);
        TensorAssert.Close([12], g[0]!);
        var g2 = Autograd.Grad([g[0]!.Sum()], [x]);
        TensorAssert.Close([12], g2[0]!);
        using var unused = Tensor.FromArray(new[] { 1.0 }).RequiresGrad_();
        using var z = (x * 2.0).Sum();
        Assert.Null(Autograd.Grad([z], [unused], allowUnused: true)[0]);
    }

    [Fact]
    public void ClipGradNormScalesToTheLimit()
    {
        using var a = Tensor.FromArray(new[] { 0.0, 0.0 }).RequiresGrad_();
        using var b = Tensor.FromArray(new[] { 0.0 }).RequiresGrad_();
        a.Grad = Tensor.FromArray(new[] { 3.0, 0.0 });
        b.Grad = Tensor.FromArray(new[] { 4.0 });
        double norm = GradClip.ClipGradNorm([a, b], 1.0);
        Assert.Equal(5, norm, 9);
        TensorAssert.Close([0.6, 0], a.Grad!, 1e-5);
        TensorAssert.Close([0.8], b.Grad!, 1e-5);
        Assert.Equal(1, GradClip.ClipGradNorm([a, b], 2.0), 5);
        TensorAssert.Close([0.6, 0], a.Grad!, 1e-5);
        GradClip.ClipGradValue([a, b], 0.7);
        TensorAssert.Close([0.7], b.Grad!);
        b.Grad = Tensor.FromArray(new[] { double.NaN });
        Assert.Throws<TorchValueException>(() => GradClip.ClipGradNorm([a, b], 1.0, errorIfNonfinite: true));
    }
}
