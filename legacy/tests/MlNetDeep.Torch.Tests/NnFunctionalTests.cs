using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>Convolution, pooling, normalization, dropout, embedding, interpolation and losses against hand-computed values.</summary>
public class NnFunctionalTests
{
    private static Tensor F(float[] v, params long[] shape) => Tensor.FromArray(v, shape);

    [Fact]
    public void Conv2dMatchesHandComputation()
    {
        // 3x3 input, 2x2 kernel of ones: each output is the sum of a 2x2 window.
        using var x = F([1, 2, 3, 4, 5, 6, 7, 8, 9], 1, 1, 3, 3);
        using var w = Tensors.Ones(1, 1, 2, 2);
        using var b = F([0.5f], 1);
        TensorAssert.Close([12.5, 16.5, 24.5, 28.5], Functional.Conv2d(x, w, b));
        TensorAssert.Shape([1, 1, 3, 3], Functional.Conv2d(x, w, null, padding: 1).Narrow(2, 0, 3).Narrow(3, 0, 3));
        using var w1 = Tensors.Ones(1, 1, 2);
        using var x1 = F([1, 2, 3], 1, 1, 3);
        TensorAssert.Close([3, 5], Functional.Conv1d(x1, w1));
    }

    [Fact]
    public void ConvTransposeUpsamplesShape()
    {
        using var x = Tensors.Ones(2, 4, 7, 7);
        using var w = Tensors.Ones(4, 3, 4, 4);
        TensorAssert.Shape([2, 3, 14, 14], Functional.ConvTranspose2d(x, w, null, stride: 2, padding: 1));
        // One pixel through a 2x2 kernel of ones with stride 2 stamps the kernel.
        using var one = F([2], 1, 1, 1, 1);
        using var k = Tensors.Ones(1, 1, 2, 2);
        TensorAssert.Close([2, 2, 2, 2], Functional.ConvTranspose2d(one, k, null, stride: 2));
    }

    [Fact]
    public void Pooling()
    {
        using var x = F([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], 1, 1, 4, 4);
        TensorAssert.Close([6, 8, 14, 16], Functional.MaxPool2d(x, 2));
        TensorAssert.Close([3.5, 5.5, 11.5, 13.5], Functional.AvgPool2d(x, 2));
        TensorAssert.Close([8.5], Functional.AdaptiveAvgPool2d(x, 1, 1));
        TensorAssert.Close([16], Functional.AdaptiveMaxPool2d(x, 1, 1));
        using var s = F([1, 3, 2, 5], 1, 1, 4);
        TensorAssert.Close([3, 5], Functional.MaxPool1d(s, 2));
        TensorAssert.Close([2, 3.5], Functional.AvgPool1d(s, 2));
    }

    [Fact]
    public void BatchNormTrainingUsesBatchStatsAndUpdatesRunning()
    {
        using var x = F([1, 3, 5, 7], 4, 1);
        using var rm = Tensors.Zeros(1);
        using var rv = Tensors.Ones(1);
        using var y = Functional.BatchNorm(x, rm, rv, training: true, momentum: 0.1, eps: 0);
        // mean 4, biased var 5
        double s = Math.Sqrt(5);
        TensorAssert.Close([-3 / s, -1 / s, 1 / s, 3 / s], y, 1e-4);
        TensorAssert.Close([0.4], rm);
        // running var uses the unbiased variance 20/3
        TensorAssert.Close([0.9 + 0.1 * 20 / 3.0], rv, 1e-5);
        using var e = Functional.BatchNorm(x, rm, rv, training: false, eps: 0);
        double sd = Math.Sqrt(0.9 + 0.1 * 20 / 3.0);
        TensorAssert.Close([(1 - 0.4) / sd, (3 - 0.4) / sd, (5 - 0.4) / sd, (7 - 0.4) / sd], e, 1e-4);
    }

    [Fact]
    public void LayerNormNormalizesTrailingDims()
    {
        using var x = F([1, 2, 3, 2, 4, 6], 2, 3);
        using var y = Functional.LayerNorm(x, [3], eps: 0);
        double a = Math.Sqrt(1.5);
        TensorAssert.Close([-1 / Math.Sqrt(2.0 / 3), 0, 1 / Math.Sqrt(2.0 / 3), -2 / Math.Sqrt(8.0 / 3), 0, 2 / Math.Sqrt(8.0 / 3)], y, 1e-4);
        Assert.True(a > 0);
    }

    [Fact]
    public void DropoutScalesKeptElementsAndIsIdentityInEval()
    {
        Engine.ManualSeed(3);
        using var x = Tensors.Ones(10000);
        float[] y = Functional.Dropout(x, 0.25, training: true).ToArray<float>();
        Assert.All(y, v => Assert.True(v == 0 || Math.Abs(v - 1 / 0.75) < 1e-5));
        Assert.InRange(y.Count(v => v == 0) / 10000.0, 0.22, 0.28);
        Assert.Equal(x.ToArray<float>(), Functional.Dropout(x, 0.25, training: false).ToArray<float>());
    }

    [Fact]
    public void DropoutDrawsFromTheThreadsGeneratorWhenOneIsSet()
    {
        float[] Mask(long seed)
        {
            using var g = new Generator(seed);
            using var use = Engine.UseGenerator(g);
            using var x = Tensors.Ones(4000);
            using var d = Functional.Dropout(x, 0.3);
            using var d2 = Functional.Dropout2d(Tensors.Ones(8, 50, 2, 2), 0.5);
            float[] per = d2.ToArray<float>();
            // Channel dropout zeroes whole [2, 2] planes.
            for (int c = 0; c < 400; c++) Assert.True(per.Skip(c * 4).Take(4).Distinct().Count() == 1);
            return d.ToArray<float>();
        }
        float[] a = Mask(5), b = Mask(5);
        Assert.Equal(a, b);
        Assert.NotEqual(a, Mask(6));
        Assert.All(a, v => Assert.True(v == 0 || Math.Abs(v - 1 / 0.7) < 1e-5));
        Assert.InRange(a.Count(v => v == 0) / 4000.0, 0.26, 0.34);
        Assert.Null(Engine.CurrentGenerator);
        // Another thread's draws do not disturb this thread's sequence.
        float[] interleaved;
        using (var g = new Generator(5))
        using (Engine.UseGenerator(g))
        {
            var other = new Thread(() => { for (int i = 0; i < 50; i++) Tensors.Rand(100).Dispose(); });
            other.Start();
            using var x = Tensors.Ones(4000);
            using var d = Functional.Dropout(x, 0.3);
            interleaved = d.ToArray<float>();
            other.Join();
        }
        Assert.Equal(a, interleaved);
    }

    [Fact]
    public void EmbeddingLooksUpRows()
    {
        using var w = F([0, 1, 10, 11, 20, 21], 3, 2);
        using var idx = Tensor.FromArray(new long[] { 2, 0, 2 }, 3);
        TensorAssert.Close([20, 21, 0, 1, 20, 21], Functional.Embedding(idx, w));
    }

    [Fact]
    public void InterpolateNearestAndBilinear()
    {
        using var x = F([1, 2, 3, 4], 1, 1, 2, 2);
        TensorAssert.Close([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4], Functional.Interpolate(x, scaleFactor: 2));
        TensorAssert.Close([1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4], Functional.Interpolate(x, size: [3, 3], mode: InterpolationMode.Bilinear, alignCorners: true));
    }

    [Fact]
    public void CrossEntropyWithWeightsSmoothingAndIgnoreIndex()
    {
        using var logits = F([2, 0, 0, 0, 1, 3], 2, 3);
        using var target = Tensor.FromArray(new long[] { 0, 2 });
        double lse0 = Math.Log(Math.Exp(2) + 2), lse1 = Math.Log(1 + Math.Exp(1) + Math.Exp(3));
        double l0 = lse0 - 2, l1 = lse1 - 3;
        Assert.Equal((l0 + l1) / 2, Functional.CrossEntropy(logits, target).ToDouble(), 5);
        using var w = F([1, 1, 3], 3);
        Assert.Equal((l0 + 3 * l1) / 4, Functional.CrossEntropy(logits, target, weight: w).ToDouble(), 5);
        using var ign = Tensor.FromArray(new long[] { 0, -100 });
        Assert.Equal(l0, Functional.CrossEntropy(logits, ign).ToDouble(), 5);
        // Smoothing eps: loss = (1 - eps) * nll + eps * mean over classes of -log p.
        double u0 = (3 * lse0 - 2) / 3, u1 = (3 * lse1 - 4) / 3;
        double smooth = (0.9 * l0 + 0.1 * u0 + 0.9 * l1 + 0.1 * u1) / 2;
        Assert.Equal(smooth, Functional.CrossEntropy(logits, target, labelSmoothing: 0.1).ToDouble(), 5);
        TensorAssert.Close([l0, l1], Functional.CrossEntropy(logits, target, reduction: Reduction.None));
        using var logp = logits.LogSoftmax(1);
        Assert.Equal((l0 + l1) / 2, Functional.NllLoss(logp, target).ToDouble(), 5);
    }

    [Fact]
    public void RegressionLosses()
    {
        using var p = F([1, 2, 5], 3);
        using var t = F([1, 4, 3.5f], 3);
        Assert.Equal((0 + 4 + 2.25) / 3, Functional.MseLoss(p, t).ToDouble(), 5);
        Assert.Equal((0 + 2 + 1.5) / 3, Functional.L1Loss(p, t).ToDouble(), 5);
        Assert.Equal((0 + 1.5 + 1.0) / 3, Functional.SmoothL1Loss(p, t, beta: 1).ToDouble(), 5);
        Assert.Equal(0 + 2 + 1.5, Functional.L1Loss(p, t, Reduction.Sum).ToDouble(), 5);
        Assert.Equal((0 + 1.5 + 1.0) / 3, Functional.HuberLoss(p, t, delta: 1).ToDouble(), 5);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsAndPosWeight()
    {
        using var z = F([0, 2], 2);
        using var y = F([1, 0], 2);
        double sp = Math.Log(1 + Math.Exp(-2));
        double l0 = Math.Log(2), l1 = 2 + sp;
        Assert.Equal((l0 + l1) / 2, Functional.BinaryCrossEntropyWithLogits(z, y).ToDouble(), 5);
        using var pw = F([3], 1);
        Assert.Equal((3 * l0 + l1) / 2, Functional.BinaryCrossEntropyWithLogits(z, y, posWeight: pw).ToDouble(), 5);
        using var prob = z.Sigmoid();
        Assert.Equal((l0 + l1) / 2, Functional.BinaryCrossEntropy(prob, y).ToDouble(), 4);
    }

    [Fact]
    public void KlDivergence()
    {
        using var q = F([0.5f, 0.5f], 1, 2);
        using var p = F([0.25f, 0.75f], 1, 2);
        using var logq = q.Log();
        double kl = 0.25 * Math.Log(0.25 / 0.5) + 0.75 * Math.Log(0.75 / 0.5);
        Assert.Equal(kl, Functional.KlDiv(logq, p, reduction: Reduction.Sum).ToDouble(), 5);
        using var logp = p.Log();
        Assert.Equal(kl, Functional.KlDiv(logq, logp, logTarget: true, reduction: Reduction.Sum).ToDouble(), 5);
    }
}
