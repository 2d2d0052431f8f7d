using System.Text.Json;
using MlNetDeep.Data;
using MlNetDeep.Evaluation;
using Xunit;

namespace MlNetDeep.Core.Tests;

/// <summary>Evaluators against scikit-learn on the same predictions (Golden/make_metrics_golden.py).</summary>
public class EvaluatorGoldenTests
{
    private static readonly JsonElement Golden =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "metrics_golden.json"))).RootElement;

    private static double D(JsonElement e, string name) => e.GetProperty(name).GetDouble();
    private static double[] Arr(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
    private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
    private static bool[] Bools(JsonElement e) => e.EnumerateArray().Select(x => x.GetBoolean()).ToArray();

    private static void Near(double expected, double actual, double tol = 1e-9) =>
        Assert.True(Math.Abs(expected - actual) <= tol, $"expected {expected}, got {actual}");

    [Fact]
    public void MulticlassMatchesScikitLearn()
    {
        var g = Golden.GetProperty("multiclass");
        int[] y = Ints(g.GetProperty("label")), p = Ints(g.GetProperty("pred"));
        float[] prob = g.GetProperty("prob").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(x => (float)x.GetDouble())).ToArray();
        string[] names = ["a", "b", "c", "d"];
        var data = new InMemoryDataViewBuilder()
            .AddKey("Label", y.Select(v => (uint)v + 1).ToArray(), names)
            .AddVector("Score", prob, 4)
            .AddKey("PredictedLabel", p.Select(v => (uint)v + 1).ToArray(), names)
            .Build();
        var m = new MLContext(1).MulticlassClassification.Evaluate(data, topKPredictionCount: 2);
        Near(D(g, "micro_accuracy"), m.MicroAccuracy);
        Near(D(g, "macro_accuracy"), m.MacroAccuracy);
        Near(D(g, "log_loss"), m.LogLoss, 1e-6);
        Near(1 - D(g, "log_loss") / D(g, "log_loss_prior"), m.LogLossReduction, 1e-6);
        Near(D(g, "top2_accuracy"), m.TopKAccuracy);
        Near(D(g, "macro_f1"), m.MacroF1);
        double[] pr = Arr(g.GetProperty("precision")), rc = Arr(g.GetProperty("recall")), f1 = Arr(g.GetProperty("f1"));
        for (int c = 0; c < 4; c++)
        {
            Near(pr[c], m.PerClassPrecision[c]);
            Near(rc[c], m.PerClassRecall[c]);
            Near(f1[c], m.PerClassF1[c]);
        }
        var cm = g.GetProperty("confusion").EnumerateArray().Select(Ints).ToArray();
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) Assert.Equal(cm[i][j], m.ConfusionMatrix.Counts[i, j]);
        Assert.Equal(names, m.ConfusionMatrix.ClassNames);
        Assert.Contains("true \\ predicted", m.ConfusionMatrix.GetFormattedConfusionTable());
    }

    [Fact]
    public void BinaryMatchesScikitLearn()
    {
        var g = Golden.GetProperty("binary");
        var data = new InMemoryDataViewBuilder()
            .AddScalar("Label", Bools(g.GetProperty("label")))
            .AddScalar("Score", Arr(g.GetProperty("score")).Select(v => (float)v).ToArray())
            .AddScalar("Probability", Arr(g.GetProperty("prob")))
            .AddScalar("PredictedLabel", Bools(g.GetProperty("pred")))
            .Build();
        var m = new MLContext(1).BinaryClassification.Evaluate(data);
        Near(D(g, "auc"), m.AreaUnderRocCurve);
        Near(D(g, "pr_auc"), m.AreaUnderPrecisionRecallCurve, 1e-7);
        Near(D(g, "accuracy"), m.Accuracy);
        Near(D(g, "f1"), m.F1Score);
        Near(D(g, "precision"), m.PositivePrecision);
        Near(D(g, "recall"), m.PositiveRecall);
        Near(D(g, "log_loss"), m.LogLoss, 1e-7);
    }

    [Fact]
    public void BinaryAucCountsTiesAsHalf()
    {
        var data = new InMemoryDataViewBuilder()
            .AddScalar("Label", new[] { true, false, true, false })
            .AddScalar("Score", new[] { 1f, 1f, 2f, 0f })
            .AddScalar("PredictedLabel", new[] { true, true, true, false })
            .Build();
        // Pairs (pos, neg): (1 vs 1) tie 0.5, (1 vs 0) 1, (2 vs 1) 1, (2 vs 0) 1 -> 3.5 / 4.
        Assert.Equal(0.875, BinaryEvaluator.Evaluate(data, probabilityColumnName: null).AreaUnderRocCurve, 12);
        var oneClass = new InMemoryDataViewBuilder().AddScalar("Label", new[] { true, true }).AddScalar("Score", new[] { 1f, 2f })
            .AddScalar("PredictedLabel", new[] { true, true }).Build();
        var e = Assert.Throws<ArgumentException>(() => BinaryEvaluator.Evaluate(oneClass));
        Assert.Contains("only positive", e.Message);
    }

    [Fact]
    public void RegressionMatchesScikitLearn()
    {
        var g = Golden.GetProperty("regression");
        var data = new InMemoryDataViewBuilder()
            .AddScalar("Label", Arr(g.GetProperty("label")))
            .AddScalar("Score", Arr(g.GetProperty("score")))
            .Build();
        var m = new MLContext(1).Regression.Evaluate(data);
        Near(D(g, "mae"), m.MeanAbsoluteError);
        Near(D(g, "mse"), m.MeanSquaredError);
        Near(D(g, "rmse"), m.RootMeanSquaredError);
        Near(D(g, "r2"), m.RSquared);
    }

    [Fact]
    public void ClusteringMatchesScikitLearn()
    {
        var g = Golden.GetProperty("clustering");
        float[] x = g.GetProperty("features").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => (float)v.GetDouble())).ToArray();
        string[] names = ["0", "1", "2"];
        var data = new InMemoryDataViewBuilder()
            .AddVector("Features", x, 2)
            .AddKey("PredictedLabel", Ints(g.GetProperty("cluster")).Select(v => (uint)v + 1).ToArray(), names)
            .AddKey("Label", Ints(g.GetProperty("label")).Select(v => (uint)v + 1).ToArray(), names)
            .Build();
        var m = new MLContext(1).Clustering.Evaluate(data, labelColumnName: "Label");
        Near(D(g, "average_distance"), m.AverageDistance, 1e-5);
        Near(D(g, "davies_bouldin"), m.DaviesBouldinIndex, 1e-5);
        Near(D(g, "nmi"), m.NormalizedMutualInformation, 1e-9);
    }

    [Fact]
    public void MultiLabelMatchesScikitLearn()
    {
        var g = Golden.GetProperty("multilabel");
        bool[] y = g.GetProperty("label").EnumerateArray().SelectMany(Bools).ToArray();
        bool[] p = g.GetProperty("pred").EnumerateArray().SelectMany(Bools).ToArray();
        var data = new InMemoryDataViewBuilder().AddVector("Label", y, 5).AddVector("PredictedLabel", p, 5).Build();
        var m = new MLContext(1).MultiLabelClassification.Evaluate(data);
        Near(D(g, "hamming_loss"), m.HammingLoss);
        Near(D(g, "subset_accuracy"), m.SubsetAccuracy);
        Near(D(g, "micro_f1"), m.MicroF1);
        Near(D(g, "macro_f1"), m.MacroF1);
    }

    [Fact]
    public void SequenceMetricsFromNextTokenProbabilities()
    {
        var data = new InMemoryDataViewBuilder()
            .AddKey("Label", new uint[] { 1, 2, 3 }, ["x", "y", "z"])
            .AddVector("Score", new float[] { 0.5f, 0.25f, 0.25f, 0.5f, 0.25f, 0.25f, 0.1f, 0.1f, 0.8f }, 3)
            .Build();
        var m = SequenceEvaluator.Evaluate(data);
        Assert.Equal(2 / 3.0, m.NextTokenAccuracy, 12);
        double ce = -(Math.Log(0.5) + Math.Log(0.25) + Math.Log(0.8)) / 3;
        Assert.Equal(ce, m.CrossEntropy, 6);
        Assert.Equal(Math.Exp(ce), m.Perplexity, 6);
    }

    [Fact]
    public void WrongColumnTypesNameColumnExpectedAndActual()
    {
        var data = new InMemoryDataViewBuilder().AddScalar("Label", new[] { 1f }).AddScalar("Score", new[] { 1f }).Build();
        var e = Assert.Throws<SchemaMismatchException>(() => MulticlassEvaluator.Evaluate(data));
        Assert.Equal("Label", e.Column);
        Assert.Contains("key", e.Expected);
        Assert.Equal("Single", e.Actual);
        var missing = Assert.Throws<SchemaMismatchException>(() => RegressionEvaluator.Evaluate(data, scoreColumnName: "Prediction"));
        Assert.Null(missing.Actual);
        Assert.Contains("'Prediction' not found", missing.Message);
    }
}
