using System.Text;
using MlNetDeep.AutoML.Ensembles;
using MlNetDeep.AutoML.Experiments;
using MlNetDeep.Classical.Linear;
using MlNetDeep.Classical.Trees;
using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Model;
using MlNetDeep.Prediction;
using Xunit;

namespace MlNetDeep.AutoML.Tests;

/// <summary>AutoML's ensembles: greedy selection, the weighted ensemble model (scores, zip, hostile zips), and the search that builds one.</summary>
public class EnsembleTests
{
    /// <summary>Three Gaussian classes in 4 dimensions with a twist only trees see (class 2's sign flips with feature 3).</summary>
    private static IDataView Data(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count * 4];
        var y = new uint[count];
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        for (int i = 0; i < count; i++)
        {
            int k = rng.Next(3);
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float)((j == k ? 1.5 : 0) + Normal());
            if (k == 2 && x[i * 4 + 3] < 0) x[i * 4] = -x[i * 4] - 2;
            y[i] = (uint)(k + 1);
        }
        return new InMemoryDataViewBuilder().AddVector("Features", x, 4).AddKey("Label", y, ["a", "b", "c"]).Build();
    }

    public sealed class Row
    {
        [VectorType(4)] public float[] Features { get; set; } = [];
    }

    public sealed class Prediction
    {
        public float[] Score { get; set; } = [];
        public uint PredictedLabel { get; set; }
    }

    private static float[] Probabilities(params float[][] rows) => rows.SelectMany(r => r).ToArray();

    [Fact]
    public void SelectionCombinesComplementaryCandidates()
    {
        int[] labels = [0, 1, 2, 0, 1, 2];
        // A is right, confidently, on the first four rows and mildly wrong on the last two; B the reverse.
        var a = Probabilities([0.9f, 0.05f, 0.05f], [0.05f, 0.9f, 0.05f], [0.05f, 0.05f, 0.9f], [0.9f, 0.05f, 0.05f], [0.3f, 0.2f, 0.5f], [0.2f, 0.5f, 0.3f]);
        var b = Probabilities([0.2f, 0.5f, 0.3f], [0.5f, 0.2f, 0.3f], [0.1f, 0.1f, 0.8f], [0.1f, 0.1f, 0.8f], [0.05f, 0.9f, 0.05f], [0.05f, 0.05f, 0.9f]);
        var weak = Probabilities([0.1f, 0.8f, 0.1f], [0.8f, 0.1f, 0.1f], [0.8f, 0.1f, 0.1f], [0.1f, 0.8f, 0.1f], [0.8f, 0.1f, 0.1f], [0.1f, 0.8f, 0.1f]);
        var choice = EnsembleSelection.Select([weak, a, b], labels, 3);
        Assert.Equal(1.0, choice.Accuracy);
        Assert.Equal(4.0 / 6, choice.BestSingleAccuracy, 12);
        Assert.Equal([1, 2], choice.Members.Select(m => m.Candidate));
        Assert.True(choice.LogLoss < 1);
    }

    [Fact]
    public void SelectionKeepsADominantCandidateAlone()
    {
        int[] labels = [0, 1, 2, 1];
        var perfect = Probabilities([0.98f, 0.01f, 0.01f], [0.01f, 0.98f, 0.01f], [0.01f, 0.01f, 0.98f], [0.01f, 0.98f, 0.01f]);
        var worse = Probabilities([0.6f, 0.2f, 0.2f], [0.2f, 0.6f, 0.2f], [0.5f, 0.2f, 0.3f], [0.2f, 0.6f, 0.2f]);
        var choice = EnsembleSelection.Select([worse, perfect], labels, 3);
        // Choosing it again changes nothing, so the best ensemble is the first round's: it alone, once.
        Assert.Equal([(1, 1)], choice.Members);
        Assert.Equal(1.0, choice.Accuracy);
        Assert.Throws<ArgumentException>(() => EnsembleSelection.Select([new float[5]], labels, 3));
        Assert.Throws<ArgumentException>(() => EnsembleSelection.Select([], labels, 3));
    }

    private static (WeightedEnsembleModel Ensemble, ITransformer Linear, ITransformer Trees) Fitted(IDataView train)
    {
        var ctx = new MLContext(1);
        var linear = ctx.MulticlassClassification.Trainers.LogisticRegression(new LogisticRegressionOptions()).Fit(train);
        var trees = ctx.MulticlassClassification.Trainers.XGBoost(new XGBoostOptions { NumberOfRounds = 20, Seed = 1 }).Fit(train);
        return (new WeightedEnsembleModel([linear, trees], [3, 1]), linear, trees);
    }

    private static List<Prediction> Predict(ITransformer model, IDataView data) =>
        new MLContext(1).Data.CreateEnumerable<Prediction>(model.Transform(data), reuseRowObject: false, ignoreMissingColumns: true).ToList();

    [Fact]
    public void AnEnsembleScoresTheWeightedMeanOfItsMembersAndSurvivesTheZip()
    {
        var train = Data(300, 1);
        var test = Data(100, 2);
        var (ensemble, linear, trees) = Fitted(train);
        Assert.Equal([0.75, 0.25], ensemble.Weights);
        var mixed = Predict(ensemble, test);
        var l = Predict(linear, test);
        var t = Predict(trees, test);
        for (int i = 0; i < mixed.Count; i++)
        {
            for (int k = 0; k < 3; k++) Assert.InRange(mixed[i].Score[k] - (0.75 * l[i].Score[k] + 0.25 * t[i].Score[k]), -1e-6, 1e-6);
            Assert.Equal((uint)Array.IndexOf(mixed[i].Score, mixed[i].Score.Max()) + 1, mixed[i].PredictedLabel);
        }
        // Both members matter on this data: the mean disagrees with each member somewhere.
        Assert.Contains(Enumerable.Range(0, mixed.Count), i => mixed[i].PredictedLabel != t[i].PredictedLabel);

        var ctx = new MLContext(1);
        var ms = new MemoryStream();
        ctx.Model.Save(ensemble, train.Schema, ms);
        ms.Position = 0;
        var loaded = ctx.Model.Load(ms, out var schema);
        var again = Predict(loaded, test);
        Assert.Equal(mixed.Select(p => p.Score), again.Select(p => p.Score));
        Assert.Equal(mixed.Select(p => p.PredictedLabel), again.Select(p => p.PredictedLabel));
        // A service's prediction engine over the loaded ensemble agrees row by row.
        using var engine = ctx.Model.CreatePredictionEngine<Row, Prediction>(loaded, schema);
        var rows = ctx.Data.CreateEnumerable<Row>(test, reuseRowObject: false, ignoreMissingColumns: true).ToList();
        for (int i = 0; i < 10; i++) Assert.Equal(mixed[i].Score, engine.Predict(rows[i]).Score);
        ((IDisposable)loaded).Dispose();
        ensemble.Dispose();
    }

    [Fact]
    public void EnsembleArgumentsAndMembersAreChecked()
    {
        var train = Data(120, 3);
        var (ensemble, linear, _) = Fitted(train);
        Assert.Throws<ArgumentException>(() => new WeightedEnsembleModel([], []));
        Assert.Throws<ArgumentException>(() => new WeightedEnsembleModel([linear], [1, 2]));
        Assert.Throws<ArgumentException>(() => new WeightedEnsembleModel([linear], [0]));
        Assert.Throws<ArgumentException>(() => new WeightedEnsembleModel([linear], [double.NaN]));
        // A member over other classes is refused when the ensemble is applied.
        var twoClasses = new InMemoryDataViewBuilder().AddVector("Features", new float[40 * 4].Select((_, i) => (float)(i % 7)).ToArray(), 4)
            .AddKey("Label", Enumerable.Range(0, 40).Select(i => (uint)(i % 2 + 1)).ToArray(), ["x", "y"]).Build();
        var other = new MLContext(1).MulticlassClassification.Trainers.LogisticRegression(new LogisticRegressionOptions()).Fit(twoClasses);
        var e = Assert.Throws<ArgumentException>(() => new WeightedEnsembleModel([linear, other], [1, 1]).GetOutputSchema(train.Schema));
        Assert.Contains("same classes", e.Message);
        ensemble.Dispose();
    }

    [Fact]
    public void HostileEnsembleEntriesAreRefusedWithTheEntryNamed()
    {
        var train = Data(120, 4);
        var (ensemble, _, _) = Fitted(train);
        byte[] zip = ZipRewriter.Saved(ensemble, train.Schema);
        ModelFormatException Refused(string json) => Assert.Throws<ModelFormatException>(() =>
            new MLContext(1).Model.Load(new MemoryStream(ZipRewriter.Resign(zip, "ensemble.json", _ => Encoding.UTF8.GetBytes(json))), out _));
        var state = Encoding.UTF8.GetString(Entry(zip, "ensemble.json"));
        Assert.Contains("\"Members\"", state);
        Assert.EndsWith("ensemble.json", Refused("""{"Members":["c1","c2"],"Weights":[1],"FeatureColumnName":"Features"}""").Entry);
        Assert.EndsWith("ensemble.json", Refused("""{"Members":[],"Weights":[],"FeatureColumnName":"Features"}""").Entry);
        Assert.EndsWith("ensemble.json", Refused("""{"Members":["c1","c2"],"Weights":[1,-1],"FeatureColumnName":"Features"}""").Entry);
        Assert.Contains("contains itself", Refused("""{"Members":["c0","c1"],"Weights":[1,1],"FeatureColumnName":"Features"}""").Rule);
        Assert.Contains("not listed", Refused("""{"Members":["c9","c1"],"Weights":[1,1],"FeatureColumnName":"Features"}""").Rule);
        // Bit flips anywhere in the ensemble's state: each zip loads and predicts, or is refused with the entry named.
        var (loaded, refused) = ZipFuzz.ResignedByteFlips(zip, ["ensemble.json"], 200, 17, m => EstimatorConformance.Dump(m.Transform(train)));
        Assert.True(refused > 0, $"{loaded} loaded, {refused} refused");
        ensemble.Dispose();
    }

    private static byte[] Entry(byte[] zip, string suffix)
    {
        using var z = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        using var s = z.Entries.First(e => e.FullName.EndsWith(suffix, StringComparison.Ordinal)).Open();
        var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    private static AutoMLResult Search(int seed, bool? ensemble = null, Func<string, System.Diagnostics.ProcessStartInfo>? process = null) =>
        AutoMLExperiment.MulticlassClassification(new MLContext(1), Data(400, 5), new AutoMLOptions
        {
            MaxTrials = 16, Tuner = TunerKind.Random, Seed = seed, Trainers = ["LogisticRegression", "XGBoost", "Svm"], TrialProcess = process, Ensemble = ensemble,
        });

    private static string Describe(AutoMLResult r) =>
        r.Ensemble is { } e ? $"{string.Join(",", e.TrialIds)} {string.Join(",", e.Weights)} {e.ValidationAccuracy:R}" : "none";

    [Fact]
    public void TheSearchRefitsAnEnsembleThatBeatsItsBestTrialOnTheHeldOutRows()
    {
        // (Seed 5: the search's random points make an ensemble worth building on this data.)
        var result = Search(5);
        var ensemble = Assert.IsType<AutoMLEnsemble>(result.Ensemble);
        Assert.True(ensemble.TrialIds.Count >= 2);
        // It beat the best trial of any family (the best trial's own accuracy is what it is compared with).
        Assert.True(ensemble.ValidationAccuracy > ensemble.BestSingleValidationAccuracy);
        Assert.Equal(result.Best.Metrics["accuracy"], ensemble.BestSingleValidationAccuracy);
        Assert.Equal(1.0, ensemble.Weights.Sum(), 9);
        // Members are completed trials of families whose scores are probabilities (never the SVM's votes).
        foreach (int id in ensemble.TrialIds)
        {
            var t = result.Trials.Single(x => x.Id == id);
            Assert.Equal(TrialStatus.Completed, t.Status);
            Assert.Contains(t.Parameters.GetString(AutoMLExperiment.TrainerParameter), new[] { "LogisticRegression", "XGBoost" });
        }
        var model = Assert.IsType<WeightedEnsembleModel>(result.BestModel);
        Assert.Equal(ensemble.TrialIds.Count, model.Members.Count);
        double test = new MLContext(1).MulticlassClassification.Evaluate(model.Transform(Data(300, 6))).MicroAccuracy;
        Assert.True(test > 0.7, $"test accuracy {test:F3}");
        model.Dispose();

        // Trials in worker processes (whose held-out predictions come back as files in the job
        // directory) build the same ensemble.
        var outOfProcess = Search(5, process: dir => ProcessTrialTests.Host("automl", dir));
        Assert.Equal(Describe(result), Describe(outOfProcess));
        (outOfProcess.BestModel as IDisposable)?.Dispose();

        // Ensemble = false refits the single best trial.
        var single = Search(5, ensemble: false);
        Assert.Null(single.Ensemble);
        Assert.IsNotType<WeightedEnsembleModel>(single.BestModel);
        (single.BestModel as IDisposable)?.Dispose();
    }

    [Fact]
    public void AnSvmThatBeatsEveryEnsembleIsRefitAlone()
    {
        // (Seed 2: an SVM, which is not an ensemble candidate, is the best trial, and no ensemble of the others beats it.)
        var result = Search(2);
        Assert.Equal("Svm", result.BestTrainer);
        Assert.Null(result.Ensemble);
        Assert.IsNotType<WeightedEnsembleModel>(result.BestModel);
        (result.BestModel as IDisposable)?.Dispose();
    }
}
