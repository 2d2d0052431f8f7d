using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>
/// Random ops on random shapes, dtypes, dims and indices: every call either succeeds or
/// raises a managed exception (TorchException or an argument exception). A native crash
/// would kill the test host and fail the run.
/// </summary>
public class OpFuzzTests
{
    private static readonly DType[] DTypes = [DType.Float32, DType.Float64, DType.Int64, DType.Int32, DType.UInt8, DType.Bool];

    private static Tensor RandomTensor(Random rng, Generator g)
    {
        int rank = rng.Next(0, 5);
        var shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = rng.Next(0, 5);
        DType dt = DTypes[rng.Next(DTypes.Length)];
        using Tensor f = Tensors.Uniform(-5, 5, shape, generator: g);
        return f.To(dt);
    }

    private static readonly Func<Tensor, Tensor, long, long, object>[] Ops =
    [
        (a, b, i, j) => a + b, (a, b, i, j) => a * b, (a, b, i, j) => a / b, (a, b, i, j) => a.MatMul(b), (a, b, i, j) => a.Bmm(b),
        (a, b, i, j) => a.Mm(b), (a, b, i, j) => a.Pow(b), (a, b, i, j) => a.Remainder(b), (a, b, i, j) => a.Maximum(b), (a, b, i, j) => a.Lt(b),
        (a, b, i, j) => a.Sum(i), (a, b, i, j) => a.Mean(i), (a, b, i, j) => a.Std([i, j]), (a, b, i, j) => a.ArgMax(i), (a, b, i, j) => a.Prod(i),
        (a, b, i, j) => a.LogSumExp([i]), (a, b, i, j) => a.CumSum(i), (a, b, i, j) => a.TopK(j, i), (a, b, i, j) => a.Sort(i), (a, b, i, j) => a.MaxWithIndices(i),
        (a, b, i, j) => a.Softmax(i), (a, b, i, j) => a.LogSoftmax(i), (a, b, i, j) => a.Sqrt(), (a, b, i, j) => a.Relu(), (a, b, i, j) => a.Gelu(),
        (a, b, i, j) => a.Reshape(i, j), (a, b, i, j) => a.View(i, -1), (a, b, i, j) => a.Permute(i, j), (a, b, i, j) => a.Transpose(i, j), (a, b, i, j) => a.Squeeze(i),
        (a, b, i, j) => a.Unsqueeze(i), (a, b, i, j) => a.Flatten(i, j), (a, b, i, j) => a.Expand(i, j), (a, b, i, j) => a.Repeat(i, j), (a, b, i, j) => a.Narrow(i, j, 2),
        (a, b, i, j) => a.Slice(i, j, j + 3, 2), (a, b, i, j) => a.Select(i, j), (a, b, i, j) => a.IndexSelect(i, b), (a, b, i, j) => a.Gather(i, b), (a, b, i, j) => a.Scatter(i, b, a),
        (a, b, i, j) => a.MaskedFill(b, 1), (a, b, i, j) => a.MaskedSelect(b), (a, b, i, j) => a.Take(b), (a, b, i, j) => a.OneHot(j), (a, b, i, j) => a.Split(Math.Max(1, j), i),
        (a, b, i, j) => a.Chunk((int)Math.Max(1, j), i), (a, b, i, j) => Tensors.Cat([a, b], i), (a, b, i, j) => Tensors.Stack([a, b], i), (a, b, i, j) => Tensors.Where(a, a, b), (a, b, i, j) => a.To(DType.Bool),
        (a, b, i, j) => Functional.Conv2d(a, b), (a, b, i, j) => Functional.Conv1d(a, b, null, stride: Math.Max(1, i)), (a, b, i, j) => Functional.ConvTranspose2d(a, b),
        (a, b, i, j) => Functional.MaxPool2d(a, Math.Max(1, i)), (a, b, i, j) => Functional.AvgPool1d(a, Math.Max(1, j)), (a, b, i, j) => Functional.AdaptiveAvgPool2d(a, Math.Max(1, i), Math.Max(1, j)),
        (a, b, i, j) => Functional.BatchNorm(a, null, null, training: true), (a, b, i, j) => Functional.LayerNorm(a, [Math.Max(1, j)]), (a, b, i, j) => Functional.Embedding(b, a),
        (a, b, i, j) => Functional.Interpolate(a, scaleFactor: 2), (a, b, i, j) => Functional.Interpolate(a, size: [Math.Max(1, i), Math.Max(1, j)], mode: InterpolationMode.Bilinear),
        (a, b, i, j) => Functional.CrossEntropy(a, b), (a, b, i, j) => Functional.NllLoss(a, b, ignoreIndex: j), (a, b, i, j) => Functional.MseLoss(a, b),
        (a, b, i, j) => Functional.BinaryCrossEntropyWithLogits(a, b), (a, b, i, j) => Functional.KlDiv(a, b), (a, b, i, j) => Functional.SmoothL1Loss(a, b),
        (a, b, i, j) => Functional.Linear(a, b), (a, b, i, j) => Functional.Dropout(a, 0.5), (a, b, i, j) => a.Copy_(b), (a, b, i, j) => a.Add_(b), (a, b, i, j) => a.MaskedFill_(b, 2),
        (a, b, i, j) => Tensors.RandInt(i, j, [2]), (a, b, i, j) => Tensors.Linspace(0, 1, j), (a, b, i, j) => Tensors.RandPerm(j), (a, b, i, j) => Tensors.Eye(i, j),
    ];

    [Fact]
    public void RandomOpsNeverCrashTheProcess()
    {
        var rng = new Random(20261122);
        using var g = new Generator(5);
        int ok = 0, rejected = 0;
        for (int n = 0; n < 6000; n++)
        {
            using var scope = Engine.NewDisposeScope();
            Tensor a = RandomTensor(rng, g), b = RandomTensor(rng, g);
            long i = rng.Next(-6, 7), j = rng.Next(-6, 7);
            var op = Ops[rng.Next(Ops.Length)];
            try
            {
                op(a, b, i, j);
                ok++;
            }
            catch (Exception e) when (e is TorchException or ArgumentException or OverflowException)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                rejected++;
            }
        }
        Assert.True(ok > 100 && rejected > 100, $"ok {ok}, rejected {rejected}");
    }
}
