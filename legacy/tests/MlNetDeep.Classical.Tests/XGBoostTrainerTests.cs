using MlNetDeep.Classical.Trees;
using MlNetDeep.Conformance;
using MlNetDeep.Data;
using Xunit;

namespace MlNetDeep.Classical.Tests;

/// <summary>The XGBoost catalog trainers: each task end to end, forests, early stopping, missing values, conformance and bad labels.</summary>
public class XGBoostTrainerTests
{
    private static readonly string[] Classes = ["red", "green", "blue"];

    /// <summary>Three blobs in 4 dimensions: features 0 and 1 carry the class, 2 and 3 are noise.</summary>
    internal static IDataView Blobs(int n, int seed, double nanFraction = 0)
    {
        var rng = new Random(seed);
        var x = new float[n * 4];
        var y = new uint[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % 3;
            y[i] = (uint)c + 1;
            x[i * 4] = (float)(c * 2 + rng.NextDouble());
            x[i * 4 + 1] = (float)(-c * 2 + rng.NextDouble());
            x[i * 4 + 2] = (float)rng.NextDouble();
            x[i * 4 + 3] = (float)rng.NextDouble();
            for (int j = 0; j < 4; j++)
                if (rng.NextDouble() < nanFraction) x[i * 4 + j] = float.NaN;
        }
        return new InMemoryDataViewBuilder().AddVector("Features", x, 4).AddKey("Label", y, Classes).Build();
    }

    private static IDataView Binary(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n * 3];
        var y = new bool[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++) x[i * 3 + j] = (float)(rng.NextDouble() * 2 - 1);
            y[i] = (x[i * 3] > 0) ^ (x[i * 3 + 1] > 0);
        }
        return new InMemoryDataViewBuilder().AddVector("Features", x, 3).AddScalar("Label", y).Build();
    }

    private static IDataView Linear(int n, int seed, double noise)
    {
        var rng = new Random(seed);
        var x = new float[n * 3];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++) x[i * 3 + j] = (float)(rng.NextDouble() * 2 - 1);
            y[i] = (float)(3 * x[i * 3] - 2 * x[i * 3 + 1] + noise * (rng.NextDouble() - 0.5));
        }
        return new InMemoryDataViewBuilder().AddVector("Features", x, 3).AddScalar("Label", y).Build();
    }

    [Fact]
    public void MulticlassBoostedTreesSeparateBlobsAndRankTheInformativeFeatures()
    {
        var ctx = new MLContext(1);
        using var model = ctx.MulticlassClassification.Trainers.XGBoost(numberOfRounds: 20, maxDepth: 3).Fit(Blobs(300, 1));
        var metrics = ctx.MulticlassClassification.Evaluate(model.Transform(Blobs(150, 2)));
        Assert.True(metrics.MicroAccuracy > 0.97, $"accuracy {metrics.MicroAccuracy}");
        Assert.Equal((XGBoostTask.Multiclass, 20, 4), (model.Task, model.Rounds, model.FeatureCount));
        Assert.Equal(Classes, model.ClassNames);
        float[] weight = model.FeatureImportance("weight");
        Assert.True(weight[0] + weight[1] > weight[2] + weight[3], string.Join(", ", weight));
        float[] p = model.Predict([4.5f, -4.5f, 0.5f, 0.5f]);
        Assert.Equal(2, Array.IndexOf(p, p.Max()));
        Assert.Equal(1, p.Sum(), 4);
        var slots = model.Transform(Blobs(3, 3)).Schema["Score"].Annotations[AnnotationNames.SlotNames];
        Assert.Equal(Classes, slots);
    }

    [Fact]
    public void EveryTaskPassesConformance()
    {
        EstimatorConformance.Check(c => c.MulticlassClassification.Trainers.XGBoost(numberOfRounds: 5), Blobs(90, 4), requiredColumn: "Label");
        EstimatorConformance.Check(c => c.BinaryClassification.Trainers.XGBoost(numberOfRounds: 5), Binary(120, 5), requiredColumn: "Features");
        EstimatorConformance.Check(c => c.Regression.Trainers.XGBoost(numberOfRounds: 5), Linear(120, 6, 0.1), requiredColumn: "Label");
        EstimatorConformance.Check(c => c.MulticlassClassification.Trainers.XGBoostForest(numberOfTrees: 5, maxDepth: 4), Blobs(90, 7));
    }

    [Fact]
    public void BinaryAndRegressionGiveMlNetColumns()
    {
        var ctx = new MLContext(2);
        using var binary = ctx.BinaryClassification.Trainers.XGBoost(numberOfRounds: 40, maxDepth: 3).Fit(Binary(600, 8));
        var b = ctx.BinaryClassification.Evaluate(binary.Transform(Binary(300, 9)));
        Assert.True(b.Accuracy > 0.93 && b.AreaUnderRocCurve > 0.97, $"accuracy {b.Accuracy}, AUC {b.AreaUnderRocCurve}");
        var scored = binary.Transform(Binary(5, 10));
        Assert.Equal(BooleanDataViewType.Instance, scored.Schema["PredictedLabel"].Type);
        Assert.Equal(NumberDataViewType.Single, scored.Schema["Probability"].Type);

        using var regression = ctx.Regression.Trainers.XGBoost(numberOfRounds: 60, maxDepth: 3).Fit(Linear(800, 11, 0.2));
        var r = ctx.Regression.Evaluate(regression.Transform(Linear(300, 12, 0.2)));
        Assert.True(r.RSquared > 0.95, $"R² {r.RSquared}");
    }

    [Fact]
    public void AForestIsOneRoundOfParallelTrees()
    {
        var ctx = new MLContext(3);
        var trainer = ctx.MulticlassClassification.Trainers.XGBoostForest(numberOfTrees: 12, maxDepth: 5);
        using var forest = trainer.Fit(Blobs(300, 13));
        Assert.Equal(1, forest.Rounds);
        Assert.Equal(12, trainer.Options.ParallelTrees);
        Assert.True(ctx.MulticlassClassification.Evaluate(forest.Transform(Blobs(150, 14))).MicroAccuracy > 0.95);
    }

    [Fact]
    public void EarlyStoppingKeepsTheBestRoundOfTheValidationMetric()
    {
        var ctx = new MLContext(4);
        // Labels mostly noise: the validation loss turns up after a few rounds of fitting noise.
        var rng = new Random(15);
        int n = 400;
        var x = Enumerable.Range(0, n * 5).Select(_ => (float)rng.NextDouble()).ToArray();
        var y = Enumerable.Range(0, n).Select(i => x[i * 5] + rng.NextDouble() * 3 > 2 ? true : false).ToArray();
        var data = new InMemoryDataViewBuilder().AddVector("Features", x, 5).AddScalar("Label", y).Build();
        var options = new XGBoostOptions { NumberOfRounds = 200, LearningRate = 0.5, EarlyStoppingRounds = 5, ValidationFraction = 0.3 };
        using var model = ctx.BinaryClassification.Trainers.XGBoost(options).Fit(data);
        Assert.True(model.Rounds < 100, $"kept {model.Rounds} rounds");
        var losses = model.History.Select(h => h["validation-logloss"]).ToList();
        Assert.Equal(model.Rounds + 5, losses.Count);
        Assert.Equal(losses.Min(), losses[model.Rounds - 1]);

        var e = Assert.Throws<ArgumentException>(() => ctx.BinaryClassification.Trainers.XGBoost(options with { ValidationFraction = 0 }).Fit(data));
        Assert.Contains("needs validation data", e.Message);
    }

    [Fact]
    public void MissingFeaturesAreRoutedNotRefused()
    {
        var ctx = new MLContext(5);
        using var model = ctx.MulticlassClassification.Trainers.XGBoost(numberOfRounds: 20, maxDepth: 3).Fit(Blobs(600, 16, nanFraction: 0.2));
        Assert.True(ctx.MulticlassClassification.Evaluate(model.Transform(Blobs(300, 17, nanFraction: 0.2))).MicroAccuracy > 0.85);
        float[] p = model.Predict([float.NaN, float.NaN, float.NaN, float.NaN]);
        Assert.Equal(1, p.Sum(), 4);

        var x = new float[12];
        x[5] = float.PositiveInfinity;
        var bad = new InMemoryDataViewBuilder().AddVector("Features", x, 4).AddKey("Label", [1u, 2u, 3u], Classes).Build();
        var e = Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.XGBoost().Fit(bad));
        Assert.Contains("row 1, column 1 is infinite", e.Message);
    }

    [Fact]
    public void BadLabelsAreNamed()
    {
        var ctx = new MLContext(6);
        var one = new InMemoryDataViewBuilder().AddVector("Features", new float[8], 2).AddKey("Label", [2u, 2u, 2u, 2u], Classes).Build();
        var e = Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.XGBoost().Fit(one));
        Assert.Contains("Every training label in column 'Label' is class 2 of 3", e.Message);
        var allTrue = new InMemoryDataViewBuilder().AddVector("Features", new float[4], 2).AddScalar("Label", new[] { true, true }).Build();
        Assert.Contains("is true", Assert.Throws<ArgumentException>(() => ctx.BinaryClassification.Trainers.XGBoost().Fit(allTrue)).Message);
        var missing = new InMemoryDataViewBuilder().AddVector("Features", new float[6], 2).AddKey("Label", [1u, 0u, 2u], Classes).Build();
        Assert.Contains("Row 1: label column 'Label' is missing", Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.XGBoost().Fit(missing)).Message);
        var wrongType = Assert.Throws<SchemaMismatchException>(() => ctx.MulticlassClassification.Trainers.XGBoost().Fit(Linear(10, 1, 0)));
        Assert.Equal("Label", wrongType.Column);
    }

    [Fact]
    public void ALabelTrainingNeverSawIsScoredAndLeftOutOfTheMetrics()
    {
        var ctx = new MLContext(7);
        using var model = ctx.MulticlassClassification.Trainers.XGBoost(numberOfRounds: 10).Fit(Blobs(300, 18));
        // A test row whose label was unknown at training maps to key 0 (MapValueToKey's "missing"): it is still
        // scored, and the evaluator leaves it out rather than counting it as any class.
        var test = new InMemoryDataViewBuilder().AddVector("Features", new float[] { 4.5f, -4.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f }, 4)
            .AddKey("Label", [3u, 0u], Classes).Build();
        var scored = model.Transform(test);
        Assert.Equal(1, ctx.MulticlassClassification.Evaluate(scored).MicroAccuracy);
        Assert.Equal(2, ctx.Data.CreateEnumerable<KeyRow>(scored, reuseRowObject: false).Count());
    }

    private sealed class KeyRow
    {
        public uint PredictedLabel { get; set; }
    }

    [Fact]
    public void PredictionsFromManyThreadsEqualSingleThreaded()
    {
        using var model = new MLContext(8).MulticlassClassification.Trainers.XGBoost(numberOfRounds: 30).Fit(Blobs(300, 19));
        var rng = new Random(20);
        var rows = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, 4).Select(_ => (float)(rng.NextDouble() * 6 - 3)).ToArray()).ToArray();
        var expected = rows.Select(r => model.Predict(r)).ToArray();
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, t =>
        {
            for (int rep = 0; rep < 20; rep++)
                for (int i = 0; i < rows.Length; i++)
                    Assert.Equal(expected[i], model.Predict(rows[i]));
        });
    }
}
