using MlNetDeep.AutoML.Experiments;
using Xunit;

namespace MlNetDeep.AutoML.Tests;

/// <summary>Multiclass AutoML over deep and classical trainer families on a small tabular problem.</summary>
public class AutoMLExperimentTests
{
    /// <summary>Three overlapping Gaussian classes in 6 dimensions, plus a non-linear twist XGBoost and the MLP can use.</summary>
    private static IDataView Blobs(int count, int seed, bool scaled = false)
    {
        var rng = new Random(seed);
        var x = new float[count * 6];
        var y = new uint[count];
        for (int i = 0; i < count; i++)
        {
            int k = rng.Next(3);
            for (int j = 0; j < 6; j++)
                x[i * 6 + j] = (float)(((j == k ? 2.0 : 0) + Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())) * (scaled ? Math.Pow(10, j - 2) : 1));
            y[i] = (uint)(k + 1);
        }
        return new InMemoryDataViewBuilder().AddVector("Features", x, 6).AddKey("Label", y, ["a", "b", "c"]).Build();
    }

    [Fact]
    public void AutoMLSearchesTheFamiliesAndRefitsTheBest()
    {
        var ctx = new MLContext(1);
        var options = new AutoMLOptions { MaxTrials = 12, MaxEpochs = 4, Tuner = TunerKind.Random, Seed = 3 };
        var seen = new List<Trial>();
        var result = AutoMLExperiment.MulticlassClassification(ctx, Blobs(900, 1), options, seen.Add);
        Assert.Equal(12, result.Trials.Count);
        Assert.Equal(12, seen.Count);
        var families = result.Trials.Select(t => t.Parameters.GetString(AutoMLExperiment.TrainerParameter)).Distinct().ToList();
        Assert.True(families.Count >= 3, $"random search tried only {string.Join(", ", families)}");
        Assert.DoesNotContain("Cnn", families);
        Assert.True(result.Best.Metrics["accuracy"] > 0.8, $"best validation accuracy {result.Best.Metrics["accuracy"]:F3}");
        Assert.Equal(result.Best.Parameters.GetString("Trainer"), result.BestTrainer);
        // 900 tabular rows: every completed trial, deep ones too, was scored by 5-fold cross-validation (one protocol for all families).
        Assert.All(result.Trials.Where(t => t.Status == TrialStatus.Completed), t => Assert.Equal(5, t.Metrics["folds"]));
        Assert.Contains(result.Trials, t => t.Status == TrialStatus.Completed && t.Parameters.GetString("Trainer") == "Mlp");
        Assert.Equal(result.Leaderboard[0].Accuracy, result.Best.Metrics["accuracy"], 12);
        // The refit model scores new data about as well.
        double test = ctx.MulticlassClassification.Evaluate(result.BestModel!.Transform(Blobs(600, 2))).MicroAccuracy;
        Assert.True(test > result.Best.Metrics["accuracy"] - 0.08, $"refit best: test accuracy {test:F3}, validation {result.Best.Metrics["accuracy"]:F3}");
        (result.BestModel as IDisposable)?.Dispose();
    }

    [Fact]
    public void TrialsInTheirOwnProcessesGiveTheSameSearchAsInProcess()
    {
        // Out-of-process trials read the data and settings from the job directory and rebuild the
        // same splits: the same seed and trial count give the same trials, pruning included.
        string Run(Func<string, System.Diagnostics.ProcessStartInfo>? process) =>
            string.Join("\n", AutoMLExperiment.MulticlassClassification(new MLContext(1), Blobs(400, 4), new AutoMLOptions
            {
                MaxTrials = 6, MaxEpochs = 3, Tuner = TunerKind.Random, Seed = 7, Refit = false, CrossValidationFolds = 3,
                Trainers = ["LogisticRegression", "XGBoost", "Mlp"], TrialProcess = process, MemoryLimitMb = process is null ? null : 2048,
            }).Trials.Select(t => $"{t.Status} {t.Loss:R} {t.Parameters}"));
        string inProcess = Run(null);
        string? job = null;
        string outOfProcess = Run(dir =>
        {
            job = dir;
            return ProcessTrialTests.Host("automl", dir);
        });
        Assert.Equal(inProcess, outOfProcess);
        Assert.DoesNotContain("Failed", outOfProcess);
        // The job directory is removed at the end.
        Assert.NotNull(job);
        Assert.False(Directory.Exists(job), $"the job directory {job} was left behind");
    }

    [Fact]
    public void LinearFamiliesChooseWhetherToStandardizeTheirFeatures()
    {
        // Features on wildly different scales (10^-2 .. 10^3): standardizing is a choice of the search, fitted per fold.
        var ctx = new MLContext(1);
        var result = AutoMLExperiment.MulticlassClassification(ctx, Blobs(600, 5, scaled: true), new AutoMLOptions
        {
            MaxTrials = 10, Tuner = TunerKind.Random, Seed = 2, Trainers = ["LogisticRegression"],
        });
        var byScaling = result.Trials.Where(t => t.Status == TrialStatus.Completed).GroupBy(t => t.Parameters.GetString("LogisticRegression.Scaling")).ToDictionary(g => g.Key, g => g.ToList());
        Assert.True(byScaling.ContainsKey("none") && byScaling.ContainsKey("standardize"), $"scalings tried: {string.Join(", ", byScaling.Keys)}");
        Assert.True(byScaling["standardize"].Max(t => t.Metrics["accuracy"]) > 0.8, "standardized trials learn");
        // The refit best is a whole pipeline (scaler and model when standardized) that scores new data.
        Assert.True(ctx.MulticlassClassification.Evaluate(result.BestModel!.Transform(Blobs(300, 6, scaled: true))).MicroAccuracy > 0.75);
    }

    [Theory]
    [InlineData("MaxEpochs must be at least 1")]
    [InlineData("ValidationFraction must be between 0 and 1")]
    [InlineData("CrossValidationFolds must be 0")]
    [InlineData("MemoryLimitMb needs TrialProcess")]
    [InlineData("a search needs an end")]
    public void BadOptionsAreRefusedBeforeAnyTrialRuns(string message)
    {
        var good = new AutoMLOptions { MaxTrials = 3 };
        var bad = message switch
        {
            "MaxEpochs must be at least 1" => good with { MaxEpochs = 0 },
            "ValidationFraction must be between 0 and 1" => good with { ValidationFraction = 1.5 },
            "CrossValidationFolds must be 0" => good with { CrossValidationFolds = 1 },
            "MemoryLimitMb needs TrialProcess" => good with { MemoryLimitMb = 500 },
            _ => good with { MaxTrials = null },
        };
        int trials = 0;
        var e = Assert.Throws<ArgumentException>(() => AutoMLExperiment.MulticlassClassification(new MLContext(1), Blobs(60, 1), bad, _ => trials++));
        Assert.Contains(message, e.Message);
        Assert.Equal(0, trials);
    }

    [Fact]
    public void AGivenSeedAndTrialCountGiveTheSameSearch()
    {
        string Run()
        {
            var r = AutoMLExperiment.MulticlassClassification(new MLContext(1), Blobs(400, 4),
                new AutoMLOptions { MaxTrials = 6, MaxEpochs = 3, Tuner = TunerKind.Cfo, Seed = 5, Refit = false, CrossValidationFolds = 0 });
            Assert.All(r.Trials.Where(t => t.Status == TrialStatus.Completed), t => Assert.Equal(1, t.Metrics["folds"]));
            return string.Join("\n", r.Trials.Select(t => $"{t.Status} {t.Loss:R} {t.Parameters}"));
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void MistakesAreNamed()
    {
        var ctx = new MLContext(1);
        Assert.Contains("Unknown trainer family 'Forest'", Assert.Throws<ArgumentException>(() =>
            AutoMLExperiment.MulticlassClassification(ctx, Blobs(50, 1), new AutoMLOptions { MaxTrials = 1, Trainers = ["Forest"] })).Message);
        Assert.Contains("needs [1, 28, 28] images", Assert.Throws<ArgumentException>(() =>
            AutoMLExperiment.MulticlassClassification(ctx, Blobs(50, 1), new AutoMLOptions { MaxTrials = 1, Trainers = ["Cnn"] })).Message);
        var notKey = new InMemoryDataViewBuilder().AddVector("Features", new float[12], 6).AddScalar("Label", new float[] { 0, 1 }).Build();
        Assert.Contains("MapValueToKey", Assert.Throws<SchemaMismatchException>(() => AutoMLExperiment.MulticlassClassification(ctx, notKey, new AutoMLOptions { MaxTrials = 1 })).Message);
    }
}
