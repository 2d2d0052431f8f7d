using MlNetDeep.Torch;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>Op results against hand-computed values.</summary>
public class TensorOpsTests
{
    private static Tensor F(float[] v, params long[] shape) => Tensor.FromArray(v, shape);

    [Fact]
    public void FromArrayRoundTripsShapeDtypeAndValues()
    {
        using var t = F([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal(new long[] { 2, 3 }, t.Shape);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal(Device.Cpu, t.Device);
        Assert.Equal(6, t.NumberOfElements);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.ToArray<float>());
        using var l = Tensor.FromArray(new long[] { 7, -8 });
        Assert.Equal(DType.Int64, l.DType);
        Assert.Equal(new long[] { 7, -8 }, l.ToArray<long>());
    }

    [Fact]
    public void FromArrayRejectsWrongElementCount()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new float[] { 1, 2, 3 }, 2, 2));
        Assert.Contains("needs 4 elements", e.Message);
    }

    [Fact]
    public void ArithmeticBroadcasts()
    {
        using var a = F([1, 2, 3, 4, 5, 6], 2, 3);
        using var b = F([10, 20, 30], 3);
        using var sum = a + b;
        TensorAssert.Close([11, 22, 33, 14, 25, 36], sum);
        using var col = F([2, 4], 2, 1);
        using var q = a / col;
        TensorAssert.Close([0.5, 1, 1.5, 1, 1.25, 1.5], q);
        using var d = a.Sub(b, alpha: 0.5);
        TensorAssert.Close([-4, -8, -12, -1, -5, -9], d);
        using var s = 2.0 - a * 3.0;
        TensorAssert.Close([-1, -4, -7, -10, -13, -16], s);
        using var r = 1.0 / F([2, 4], 2);
        TensorAssert.Close([0.5, 0.25], r);
    }

    [Fact]
    public void IntegerScalarsKeepIntegerDtype()
    {
        using var a = Tensor.FromArray(new long[] { 1, 2, 3 });
        using var b = a + 1L;
        Assert.Equal(DType.Int64, b.DType);
        Assert.Equal(new long[] { 2, 3, 4 }, b.ToArray<long>());
        using var c = a * 2.5;
        Assert.Equal(DType.Float32, c.DType);
    }

    [Fact]
    public void MatMulAndBmm()
    {
        using var a = F([1, 2, 3, 4, 5, 6], 2, 3);
        using var b = F([1, 0, 0, 1, 1, 1], 3, 2);
        using var c = a.MatMul(b);
        TensorAssert.Shape([2, 2], c);
        TensorAssert.Close([4, 5, 10, 11], c);
        using var ba = a.Unsqueeze(0).Repeat(2, 1, 1);
        using var bb = b.Unsqueeze(0).Repeat(2, 1, 1);
        using var bc = ba.Bmm(bb);
        TensorAssert.Close([4, 5, 10, 11, 4, 5, 10, 11], bc);
    }

    [Fact]
    public void Reductions()
    {
        using var a = F([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal(21, a.Sum().ToDouble());
        Assert.Equal(3.5, a.Mean().ToDouble(), 6);
        TensorAssert.Close([5, 7, 9], a.Sum(0));
        TensorAssert.Close([2, 5], a.Mean(1));
        TensorAssert.Close([3, 6], a.Amax([1]));
        Assert.Equal(1, a.Min().ToDouble());
        Assert.Equal(720, a.Prod().ToDouble());
        TensorAssert.Close([1, 1], a.Std([1]));
        Assert.Equal(Math.Sqrt(91), a.Norm().ToDouble(), 5);
        TensorAssert.Close([1, 3, 6, 4, 9, 15], a.CumSum(1));
        TensorAssert.Close([Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)), Math.Log(Math.Exp(4) + Math.Exp(5) + Math.Exp(6))], a.LogSumExp([1]));
        using var k = a.Sum(1, keepDim: true);
        TensorAssert.Shape([2, 1], k);
    }

    [Fact]
    public void Comparisons()
    {
        using var a = F([1, 5, 3], 3);
        using var b = F([2, 5, 1], 3);
        Assert.Equal(new[] { true, false, false }, (a < b).ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, a.Eq(b).ToArray<bool>());
        Assert.Equal(new[] { false, true, true }, (a >= b).ToArray<bool>());
        Assert.Equal(new[] { false, true, true }, (a > 2.0).ToArray<bool>());
        using var nan = F([1, float.NaN], 2);
        Assert.Equal(new[] { false, true }, nan.IsNaN().ToArray<bool>());
    }

    [Fact]
    public void ArgMaxTopKSort()
    {
        using var a = F([3, 1, 4, 1, 5, 9, 2, 6], 2, 4);
        Assert.Equal(new long[] { 2, 1 }, a.ArgMax(1).ToArray<long>());
        Assert.Equal(5, a.ArgMax().ToInt64());
        var (v, i) = a.TopK(2, dim: 1);
        TensorAssert.Close([4, 3, 9, 6], v);
        Assert.Equal(new long[] { 2, 0, 1, 3 }, i.ToArray<long>());
        var (sv, si) = a.Sort(1, descending: false);
        TensorAssert.Close([1, 1, 3, 4, 2, 5, 6, 9], sv);
        Assert.Equal(new long[] { 1, 3, 0, 2, 2, 0, 3, 1 }, si.ToArray<long>());
        var (mv, mi) = a.MaxWithIndices(0);
        TensorAssert.Close([5, 9, 4, 6], mv);
        Assert.Equal(new long[] { 1, 1, 0, 1 }, mi.ToArray<long>());
    }

    [Fact]
    public void IndexSelectNarrowSliceSelectGather()
    {
        using var a = F([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 3, 4);
        using var idx = Tensor.FromArray(new long[] { 2, 0 });
        TensorAssert.Close([8, 9, 10, 11, 0, 1, 2, 3], a.IndexSelect(0, idx));
        TensorAssert.Close([1, 2, 5, 6, 9, 10], a.Narrow(1, 1, 2));
        TensorAssert.Close([0, 2, 4, 6, 8, 10], a.Slice(1, 0, 4, 2));
        TensorAssert.Close([4, 5, 6, 7], a.Select(0, 1));
        using var g = Tensor.FromArray(new long[] { 3, 0, 1 }, 3, 1);
        TensorAssert.Close([3, 4, 9], a.Gather(1, g));
        using var src = Tensors.Ones([3, 1]);
        TensorAssert.Close([0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0], Tensors.Zeros(3, 4).Scatter(1, g, src));
    }

    [Fact]
    public void MaskedOpsAndWhere()
    {
        using var a = F([1, -2, 3, -4], 4);
        using var mask = a < 0.0;
        TensorAssert.Close([1, 0, 3, 0], a.MaskedFill(mask, 0));
        TensorAssert.Close([-2, -4], a.MaskedSelect(mask));
        using var z = Tensors.Zeros(4);
        TensorAssert.Close([0, -2, 0, -4], Tensors.Where(mask, a, z));
        a.MaskedFill_(mask, 9);
        TensorAssert.Close([1, 9, 3, 9], a);
    }

    [Fact]
    public void ShapeOps()
    {
        using var a = Tensors.Arange(0, 24).Reshape(2, 3, 4);
        TensorAssert.Shape([4, 2, 3], a.Permute(2, 0, 1));
        TensorAssert.Shape([2, 4, 3], a.Transpose(1, 2));
        TensorAssert.Shape([6, 4], a.View(6, 4));
        TensorAssert.Shape([2, 12], a.Flatten(1));
        TensorAssert.Shape([2, 1, 3, 4], a.Unsqueeze(1));
        TensorAssert.Shape([2, 3, 4], a.Unsqueeze(1).Squeeze());
        TensorAssert.Shape([4, 3, 4], Tensors.Cat([a, a], 0));
        TensorAssert.Shape([2, 2, 3, 4], Tensors.Stack([a, a], 0));
        var parts = a.Split(2, dim: 2);
        Assert.Equal(2, parts.Length);
        TensorAssert.Shape([2, 3, 2], parts[1]);
        TensorAssert.Close([2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23], parts[1]);
        var uneven = a.Split(new long[] { 1, 3 }, dim: 2);
        TensorAssert.Shape([2, 3, 3], uneven[1]);
        Assert.Equal(3, a.Chunk(3, 1).Length);
        Assert.Equal(2, a.Unbind(0).Length);
        using var t = Tensors.Arange(0, 6).Reshape(2, 3);
        TensorAssert.Close([0, 3, 1, 4, 2, 5], t.T().Contiguous());
        TensorAssert.Shape([2, 2, 3], Tensors.Ones(1, 3).Expand(2, 2, 3));
        Assert.Equal(new long[] { 0, 1, 0, 1, 0, 0 }, Tensor.FromArray(new long[] { 1, 0 }).OneHot(3).Flatten().ToArray<long>());
    }

    [Fact]
    public void SoftmaxAndActivations()
    {
        using var a = F([1, 2, 3], 1, 3);
        double s = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        TensorAssert.Close([Math.Exp(1) / s, Math.Exp(2) / s, Math.Exp(3) / s], a.Softmax(1));
        TensorAssert.Close([1 - Math.Log(s), 2 - Math.Log(s), 3 - Math.Log(s)], a.LogSoftmax(1));
        using var x = F([-2, 0, 2], 3);
        TensorAssert.Close([0, 0, 2], x.Relu());
        TensorAssert.Close([-0.2, 0, 2], x.LeakyRelu(0.1));
        TensorAssert.Close([Math.Exp(-2) - 1, 0, 2], x.Elu());
        TensorAssert.Close([1 / (1 + Math.Exp(2)), 0.5, 1 / (1 + Math.Exp(-2))], x.Sigmoid());
        TensorAssert.Close([Math.Tanh(-2), 0, Math.Tanh(2)], x.Tanh());
        // GELU(x) = x * Phi(x); Phi(2) = 0.9772498680518208
        TensorAssert.Close([-2 * (1 - 0.9772498680518208), 0, 2 * 0.9772498680518208], x.Gelu());
        TensorAssert.Close([-2 / (1 + Math.Exp(2)), 0, 2 / (1 + Math.Exp(-2))], x.Silu());
        TensorAssert.Close([-1, 0, 1], x.Clamp(-1, 1));
    }

    [Fact]
    public void FactoriesAndSeededRandom()
    {
        TensorAssert.Close([0, 0.25, 0.5, 0.75, 1], Tensors.Linspace(0, 1, 5));
        TensorAssert.Close([1, 0, 0, 1], Tensors.Eye(2));
        TensorAssert.Close([7, 7], Tensors.Full([2], 7));
        Assert.Equal(new long[] { 0, 1, 2 }, Tensors.Arange(3L).ToArray<long>());
        Engine.ManualSeed(123);
        float[] r1 = Tensors.Randn(5).ToArray<float>();
        Engine.ManualSeed(123);
        float[] r2 = Tensors.Randn(5).ToArray<float>();
        Assert.Equal(r1, r2);
        using var g1 = new Generator(7);
        using var g2 = new Generator(7);
        Assert.Equal(Tensors.Rand([4], generator: g1).ToArray<float>(), Tensors.Rand([4], generator: g2).ToArray<float>());
        long[] perm = Tensors.RandPerm(10, generator: g1).ToArray<long>();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), perm.OrderBy(v => v));
        long[] ints = Tensors.RandInt(3, 6, [100], generator: g1).ToArray<long>();
        Assert.All(ints, v => Assert.InRange(v, 3, 5));
        float[] bern = Tensors.Bernoulli(Tensors.Full([1000], 0.3), g1).ToArray<float>();
        Assert.InRange(bern.Average(), 0.24, 0.36);
        Assert.All(bern, v => Assert.True(v is 0 or 1));
    }

    [Fact]
    public void GeneratorStateRestoresTheSequence()
    {
        using var g = new Generator(1);
        using Tensor state = g.GetState();
        float[] first = Tensors.Rand([3], generator: g).ToArray<float>();
        g.SetState(state);
        Assert.Equal(first, Tensors.Rand([3], generator: g).ToArray<float>());
    }

    [Fact]
    public void ConversionBetweenDtypes()
    {
        using var a = F([1.7f, -2.2f], 2);
        using var l = a.To(DType.Int64);
        Assert.Equal(new long[] { 1, -2 }, l.ToArray<long>());
        using var d = a.To(DType.Float64);
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(1.7f, (float)d.ToArray<double>()[0]);
    }
}
