using MlNetDeep.Classical.Linear;
using MlNetDeep.Conformance;
using MlNetDeep.Data;
using Xunit;

namespace MlNetDeep.Classical.Tests;

/// <summary>
/// The lectures' curve-fitting example (Bishop, PRML §1.1): polynomials of order M = 0, 1, 3, 9
/// fitted to 10 noisy points of sin(2πx). M = 9 threads every point with exploding coefficients
/// and generalizes worst; a small λ tames the coefficients and the test error.
/// </summary>
public class CurveFittingTests
{
    /// <summary>n points x evenly spaced on [0, 1] (or drawn uniformly), t = sin(2πx) + N(0, 0.3²).</summary>
    internal static IDataView Points(int n, int seed, bool evenlySpaced)
    {
        var rng = new Random(seed);
        var x = new float[n];
        var t = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = evenlySpaced ? i / (float)(n - 1) : (float)rng.NextDouble();
            double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            t[i] = (float)(Math.Sin(2 * Math.PI * x[i]) + 0.3 * noise);
        }
        return new InMemoryDataViewBuilder().AddVector("X", x, 1).AddScalar("Label", t).Build();
    }

    private static (double TrainRms, double TestRms, double LargestWeight) Fit(int order, double lambda)
    {
        var ctx = new MLContext(1);
        var pipeline = ctx.Transforms.PolynomialFeatures("Features", "X", degree: order, includeBias: order == 0)
            .Append(ctx.Regression.Trainers.Ridge(l2Regularization: lambda));
        var model = pipeline.Fit(Points(10, 1, evenlySpaced: true));
        double Rms(IDataView data) => ctx.Regression.Evaluate(model.Transform(data)).RootMeanSquaredError;
        var linear = model.LastTransformer!;
        double largest = Enumerable.Range(0, linear.FeatureCount).Max(j => Math.Abs(linear.Weights(0)[j]));
        return (Rms(Points(10, 1, evenlySpaced: true)), Rms(Points(100, 2, evenlySpaced: false)), largest);
    }

    [Fact]
    public void OrderNineInterpolatesWithExplodingCoefficientsAndGeneralizesWorst()
    {
        var m0 = Fit(0, 0);
        var m1 = Fit(1, 0);
        var m3 = Fit(3, 0);
        var m9 = Fit(9, 0);
        // Training error falls with the order; order 9 passes through all 10 points.
        Assert.True(m0.TrainRms > m1.TrainRms && m1.TrainRms > m3.TrainRms && m3.TrainRms > m9.TrainRms, $"{m0} {m1} {m3} {m9}");
        Assert.True(m9.TrainRms < 1e-3, $"M = 9 train RMS {m9.TrainRms}");
        // ... with coefficients of order 10^5 and more (Bishop's table 1.1 shows 10^6) ...
        Assert.True(m9.LargestWeight > 1e4, $"M = 9 largest |w| {m9.LargestWeight}");
        Assert.True(m3.LargestWeight < 100, $"M = 3 largest |w| {m3.LargestWeight}");
        // ... and on fresh points M = 3 wins: the noise level is 0.3.
        Assert.True(m3.TestRms < 0.45, $"M = 3 test RMS {m3.TestRms}");
        Assert.True(m9.TestRms > m3.TestRms && m0.TestRms > m3.TestRms, $"test RMS: M=0 {m0.TestRms}, M=3 {m3.TestRms}, M=9 {m9.TestRms}");
    }

    [Fact]
    public void ASmallLambdaTamesOrderNine()
    {
        var free = Fit(9, 0);
        var tamed = Fit(9, Math.Exp(-18));
        var heavy = Fit(9, 1);
        Assert.True(tamed.LargestWeight < free.LargestWeight / 100, $"ln λ = −18: largest |w| {tamed.LargestWeight} vs {free.LargestWeight}");
        Assert.True(tamed.TestRms < free.TestRms, $"test RMS {tamed.TestRms} vs {free.TestRms}");
        Assert.True(tamed.TrainRms > free.TrainRms);
        // Too much λ underfits: the curve flattens toward the mean.
        Assert.True(heavy.TestRms > tamed.TestRms && heavy.LargestWeight < tamed.LargestWeight, $"λ = 1: {heavy}, ln λ = −18: {tamed}");
    }

    [Fact]
    public void RidgePassesConformance()
    {
        var data = new MLContext(1).Transforms.PolynomialFeatures("Features", "X", degree: 3, includeBias: false).Fit(Points(30, 3, false)).Transform(Points(30, 3, false));
        EstimatorConformance.Check(c => c.Regression.Trainers.Ridge(l2Regularization: 0.01), data, requiredColumn: "Label");
    }

    [Fact]
    public void RidgeMatchesTheNormalEquations()
    {
        // A well-conditioned case where (XᵀX + λI)⁻¹Xᵀy is exact enough to compare: x in two
        // features, centred by the intercept, λ = 2.
        var x = new float[] { 1, 2, 2, 0, 3, 1, 4, 5, 0, 1 };
        var y = new float[] { 3, 1, 4, 9, 0.5f };
        var data = new InMemoryDataViewBuilder().AddVector("Features", x, 2).AddScalar("Label", y).Build();
        var model = new MLContext(1).Regression.Trainers.Ridge(l2Regularization: 2).Fit(data);
        double[] mx = [2, 1.8], my = [3.5];
        double a = 0, b = 0, c = 0, u = 0, v = 0;
        for (int i = 0; i < 5; i++)
        {
            double p = x[2 * i] - mx[0], q = x[2 * i + 1] - mx[1], t = y[i] - my[0];
            (a, b, c, u, v) = (a + p * p, b + p * q, c + q * q, u + p * t, v + q * t);
        }
        (a, c) = (a + 2, c + 2);
        double det = a * c - b * b, w0 = (c * u - b * v) / det, w1 = (a * v - b * u) / det;
        Assert.Equal(w0, model.Weights(0)[0], 9);
        Assert.Equal(w1, model.Weights(0)[1], 9);
        Assert.Equal(my[0] - w0 * mx[0] - w1 * mx[1], model.Bias[0], 9);
    }
}
