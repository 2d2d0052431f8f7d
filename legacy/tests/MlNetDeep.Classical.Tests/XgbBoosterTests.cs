using MlNetDeep.Classical.Xgb;
using Xunit;

namespace MlNetDeep.Classical.Tests;

/// <summary>The XGBoost binding: training for each objective, missing values, importance, the model as bytes, and typed errors.</summary>
public class XgbBoosterTests
{
    /// <summary>n rows of <paramref name="columns"/> uniform features in [-1, 1].</summary>
    private static float[] Uniform(int n, int columns, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n * columns).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    private static Booster Train(DMatrix train, int rounds, params (string Name, string Value)[] parameters)
    {
        var booster = new Booster(train);
        booster.SetParameter("nthread", "2");
        booster.SetParameter("seed", "1");
        booster.SetParameter("tree_method", "hist");
        foreach (var (name, value) in parameters) booster.SetParameter(name, value);
        for (int i = 0; i < rounds; i++) booster.UpdateOneIteration(i, train);
        return booster;
    }

    [Fact]
    public void BinaryObjectiveLearnsXorOfTwoFeatures()
    {
        int n = 400;
        float[] x = Uniform(n, 3, 1);
        float[] y = Enumerable.Range(0, n).Select(i => (x[i * 3] > 0) ^ (x[i * 3 + 1] > 0) ? 1f : 0f).ToArray();
        using var d = new DMatrix(x, n, 3);
        d.SetLabels(y);
        using var b = Train(d, 40, ("objective", "binary:logistic"), ("max_depth", "3"));
        var (p, width) = b.Predict(d);
        Assert.Equal(1, width);
        Assert.All(p, v => Assert.InRange(v, 0f, 1f));
        double accuracy = p.Select((v, i) => (v > 0.5f ? 1f : 0f) == y[i] ? 1 : 0).Average();
        Assert.True(accuracy > 0.97, $"accuracy {accuracy}");
        Assert.True(b.Evaluate(39, ("train", d))["train-logloss"] < 0.2);
        float[] gain = b.FeatureImportance("gain");
        Assert.True(gain[2] < gain[0] && gain[2] < gain[1], $"noise feature gain {gain[2]} vs {gain[0]}, {gain[1]}");
        Assert.Equal((40, 3), (b.BoostedRounds, b.FeatureCount));
    }

    [Fact]
    public void MulticlassSoftprobGivesOneDistributionPerRow()
    {
        int n = 300;
        var rng = new Random(2);
        float[] y = Enumerable.Range(0, n).Select(i => (float)(i % 3)).ToArray();
        float[] x = Enumerable.Range(0, n * 2).Select(j => (float)(y[j / 2] * 3 * (j % 2 == 0 ? 1 : -1) + rng.NextDouble())).ToArray();
        using var d = new DMatrix(x, n, 2);
        d.SetLabels(y);
        using var b = Train(d, 20, ("objective", "multi:softprob"), ("num_class", "3"));
        var (p, width) = b.Predict(d);
        Assert.Equal(3, width);
        for (int i = 0; i < n; i++)
        {
            var row = p.AsSpan(i * 3, 3);
            Assert.Equal(1f, row[0] + row[1] + row[2], 3);
            Assert.Equal((int)y[i], row.IndexOf(Max(row)));
        }
    }

    private static float Max(ReadOnlySpan<float> v)
    {
        float m = v[0];
        foreach (float f in v) m = Math.Max(m, f);
        return m;
    }

    [Fact]
    public void RegressionAndRandomForestModeFitASine()
    {
        int n = 500;
        float[] x = Uniform(n, 1, 3);
        float[] y = x.Select(v => MathF.Sin(3 * v)).ToArray();
        using var d = new DMatrix(x, n, 1);
        d.SetLabels(y);
        using var gbt = Train(d, 100, ("objective", "reg:squarederror"), ("max_depth", "4"), ("eta", "0.1"));
        Assert.True(Rmse(gbt.Predict(d).Values, y) < 0.05);
        // Random forest: one round of 50 parallel trees on row and column samples, no shrinkage.
        using var forest = Train(d, 1, ("objective", "reg:squarederror"), ("num_parallel_tree", "50"), ("subsample", "0.8"),
            ("colsample_bynode", "0.8"), ("eta", "1"), ("max_depth", "6"));
        Assert.Equal(1, forest.BoostedRounds);
        Assert.True(Rmse(forest.Predict(d).Values, y) < 0.1);
    }

    private static double Rmse(float[] p, float[] y) => Math.Sqrt(p.Zip(y, (a, b) => (a - b) * (a - b)).Average());

    [Fact]
    public void NaNIsMissingAndTheSavedModelPredictsBitIdentically()
    {
        int n = 200;
        float[] x = Uniform(n, 2, 4);
        float[] y = Enumerable.Range(0, n).Select(i => x[i * 2] > 0 ? 1f : 0f).ToArray();
        for (int i = 0; i < n; i += 7) x[i * 2 + 1] = float.NaN;
        using var d = new DMatrix(x, n, 2);
        d.SetLabels(y);
        using var b = Train(d, 10, ("objective", "binary:logistic"));
        foreach (string format in new[] { "json", "ubj" })
        {
            byte[] saved = b.Save(format);
            using var copy = new Booster();
            copy.LoadTrusted(saved);
            Assert.Equal(b.Predict(d).Values, copy.Predict(d).Values);
        }
        Assert.StartsWith("{", System.Text.Encoding.UTF8.GetString(b.Save("json")));
    }

    [Fact]
    public void BadInputIsNamedBeforeXGBoostSeesIt()
    {
        float[] x = [1, 2, 3, float.PositiveInfinity, 5, 6];
        Assert.Contains("row 1, column 0 is infinite", Assert.Throws<ArgumentException>(() => new DMatrix(x, 2, 3)).Message);
        Assert.Contains("needs 8 values; got 6", Assert.Throws<ArgumentException>(() => new DMatrix(x, 2, 4)).Message);
        using var d = new DMatrix([1, 2, 3, 4], 2, 2);
        Assert.Contains("2 rows need 2 labels; got 3", Assert.Throws<ArgumentException>(() => d.SetLabels([0, 1, 1])).Message);
        Assert.Contains("label of row 1 is NaN", Assert.Throws<ArgumentException>(() => d.SetLabels([0, float.NaN])).Message);
        Assert.Contains("weights must be >= 0", Assert.Throws<ArgumentException>(() => d.SetWeights([1, -1])).Message);
        d.SetLabels([0, 1]);
        using var b = new Booster(d);
        b.SetParameter("objective", "no:such-objective");
        var e = Assert.Throws<XgbException>(() => b.UpdateOneIteration(0, d));
        Assert.Contains("no:such-objective", e.Message);
        Assert.Contains("Importance type", Assert.Throws<ArgumentException>(() => b.FeatureImportance("shap")).Message);
        Assert.Equal(1, Booster.LibraryVersion.Major);
    }
}
