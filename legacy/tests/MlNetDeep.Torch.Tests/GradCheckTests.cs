using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>
/// Autograd gradients against central finite differences, in float64, for each
/// differentiable op family: element-wise math, activations, reductions, matrix products,
/// shape and index ops, softmax, convolution, pooling, normalization, embedding,
/// interpolation, losses and recurrent layers.
/// </summary>
public class GradCheckTests
{
    /// <summary>Checks d sum(f(x) * w)/dx against finite differences, w a fixed random weighting.</summary>
    private static void Check(Func<Tensor, Tensor> f, long[] shape, double lo = -1, double hi = 1, double tol = 1e-5, int seed = 1)
    {
        using var scope = Engine.NewDisposeScope();
        using var g = new Generator(seed);
        Tensor x = Tensors.Uniform(lo, hi, shape, DType.Float64, generator: g).RequiresGrad_();
        Tensor y0 = f(x);
        Tensor w = Tensors.Uniform(0.5, 1.5, y0.Shape, DType.Float64, generator: g);
        Tensor objective = (y0 * w).Sum();
        objective.Backward();
        double[] analytic = x.Grad!.ToArray<double>();
        double[] xs = x.Detach().ToArray<double>();
        const double h = 1e-6;
        for (int i = 0; i < xs.Length; i++)
        {
            double Eval(double delta)
            {
                var copy = (double[])xs.Clone();
                copy[i] += delta;
                using (Engine.NoGrad())
                {
                    Tensor xi = Tensor.FromArray(copy, shape);
                    return (f(xi) * w).Sum().ToDouble();
                }
            }
            double numeric = (Eval(h) - Eval(-h)) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= tol * (1 + Math.Abs(numeric)),
                $"d/dx[{i}]: finite difference {numeric}, autograd {analytic[i]}");
        }
    }

    [Fact] public void ElementwiseArithmetic() => Check(x => (x * x + x * 3.0 - 1.0) / (x.Abs() + 2.0), [2, 3]);
    [Fact] public void ExpLogSqrtPow() => Check(x => x.Exp() + x.Log() + x.Sqrt() + x.Pow(1.5) + x.Reciprocal(), [5], 0.5, 2);
    [Fact] public void Broadcasting() => Check(x => x + x.Sum(0, keepDim: true) * x.Mean(1, keepDim: true), [3, 4]);
    [Fact] public void Activations() => Check(x => x.Sigmoid() + x.Tanh() + x.Gelu() + x.Silu() + x.Elu() + x.Softplus() + x.LeakyRelu(0.2), [6], -2, 2);
    [Fact] public void Relu() => Check(x => x.Relu(), [8], 0.1, 1);
    [Fact] public void Reductions() => Check(x => x.Sum(1) + x.Mean(1) + x.Amax([1]) + x.Std([1]) + x.LogSumExp([1]) + x.Norm([1]), [3, 4]);
    [Fact] public void MatMul() => Check(x => x.MatMul(x.T()) + x.Unsqueeze(0).Bmm(x.T().Unsqueeze(0)).Squeeze(0), [3, 3]);
    [Fact] public void ShapeOps() => Check(x => Tensors.Cat([x.Permute(1, 0).Reshape(2, 6), x.View(2, 6).Mul(2.0)], 0).Narrow(1, 1, 4), [3, 4]);
    [Fact] public void IndexOps() => Check(x => x.IndexSelect(0, Tensor.FromArray(new long[] { 2, 0, 2 })) * x.Gather(1, Tensor.FromArray(new long[] { 1, 0, 1, 1, 3, 2 }, 3, 2)).Sum(), [3, 4]);
    [Fact] public void SoftmaxFamily() => Check(x => x.Softmax(1) + x.LogSoftmax(1), [2, 5]);
    [Fact] public void Conv2d() => Check(x => Functional.Conv2d(x, Tensors.Linspace(-1, 1, 2 * 2 * 3 * 3, DType.Float64).Reshape(2, 2, 3, 3), null, padding: 1), [1, 2, 4, 4]);
    [Fact] public void ConvTranspose2d() => Check(x => Functional.ConvTranspose2d(x, Tensors.Linspace(-1, 1, 2 * 3 * 2 * 2, DType.Float64).Reshape(2, 3, 2, 2), null, stride: 2), [1, 2, 3, 3]);
    [Fact] public void Conv1d() => Check(x => Functional.Conv1d(x, Tensors.Linspace(-1, 1, 6, DType.Float64).Reshape(1, 2, 3), null), [1, 2, 6]);
    [Fact] public void Pooling() => Check(x => Functional.MaxPool2d(x, 2).Sum() + Functional.AvgPool2d(x, 2).Sum() + Functional.AdaptiveAvgPool2d(x, 1, 1).Sum(), [1, 1, 4, 4]);
    [Fact] public void BatchNormTraining() => Check(x => Functional.BatchNorm(x, null, null, training: true), [4, 3]);
    [Fact] public void LayerNorm() => Check(x => Functional.LayerNorm(x, [4]), [2, 4]);
    [Fact] public void Interpolate() => Check(x => Functional.Interpolate(x, size: [5, 5], mode: InterpolationMode.Bilinear), [1, 1, 3, 3]);
    [Fact] public void EmbeddingWeights() => Check(w => Functional.Embedding(Tensor.FromArray(new long[] { 1, 1, 0 }), w), [3, 2]);
    [Fact] public void CrossEntropyLogits() => Check(x => Functional.CrossEntropy(x, Tensor.FromArray(new long[] { 1, 0, 3 }), labelSmoothing: 0.1), [3, 4]);
    [Fact] public void BceWithLogits() => Check(x => Functional.BinaryCrossEntropyWithLogits(x, Tensors.Full([2, 3], 0.3, DType.Float64), posWeight: Tensors.Full([3], 2.0, DType.Float64)), [2, 3]);
    [Fact] public void RegressionLosses() => Check(x => Functional.MseLoss(x, Tensors.Zeros([4], DType.Float64)) + Functional.SmoothL1Loss(x, Tensors.Full([4], 0.2, DType.Float64), 0.5), [4]);
    [Fact] public void KlDiv() => Check(x => Functional.KlDiv(x.LogSoftmax(1), Tensors.Full([2, 3], 1 / 3.0, DType.Float64), reduction: Reduction.Sum), [2, 3]);

    [Fact]
    public void LstmAndGruInputs()
    {
        Engine.ManualSeed(5);
        using var lstm = new LSTM(3, 4, numLayers: 2, bidirectional: true);
        using var gru = new GRU(3, 4, batchFirst: true);
        lstm.To(Device.Cpu, DType.Float64);
        gru.To(Device.Cpu, DType.Float64);
        Check(x => lstm.Forward(x), [5, 2, 3], tol: 1e-4);
        Check(x => gru.Forward(x), [2, 5, 3], tol: 1e-4);
    }
}
