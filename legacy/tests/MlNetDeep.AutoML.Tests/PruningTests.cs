using MlNetDeep.AutoML.Experiments;
using MlNetDeep.AutoML.SearchSpaces;
using MlNetDeep.AutoML.Tuners;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Training;
using Xunit;

namespace MlNetDeep.AutoML.Tests;

/// <summary>Multi-fidelity search: ASHA's rungs, pruned trials in an experiment, and a deep trainer stopped by its callback.</summary>
public class PruningTests
{
    [Fact]
    public void AshaKeepsTheBestThirdAtEachRung()
    {
        var asha = new AshaPruner(minResource: 1, reductionFactor: 3);
        Assert.Equal([1, 3, 9, 27], Enumerable.Range(0, 4).Select(asha.Rung));
        Assert.False(asha.ShouldStop(1, 1, 0.5));   // the first at a rung goes on
        Assert.True(asha.ShouldStop(2, 1, 0.9));    // best 1 of 2 is 0.5
        Assert.False(asha.ShouldStop(3, 1, 0.1));   // best 1 of 3 is 0.1
        Assert.False(asha.ShouldStop(4, 1, 0.4));   // best 2 of 4: 0.1, 0.4
        Assert.False(asha.ShouldStop(1, 2, 0.45));  // between rungs: nothing to compare
        Assert.False(asha.ShouldStop(1, 3, 0.3));   // first at rung 3
        Assert.True(asha.ShouldStop(3, 3, 0.35));   // worse than trial 1 there
        // One report can pass several rungs; it stops at the first it fails.
        Assert.False(asha.ShouldStop(5, 9, 0.01));
    }

    [Fact]
    public void AshaSpendsFewerEpochsAndKeepsTheBestTrial()
    {
        // Learning curves: loss(t) = q + 1 / t, q the trial's final quality; 27 epochs at most.
        var space = new SearchSpace().Float("q", 0, 1);
        int epochs = 0;
        TrialResult Objective(TrialContext c)
        {
            double q = c.Parameters.GetDouble("q"), loss = double.PositiveInfinity;
            for (int t = 1; t <= 27; t++)
            {
                Interlocked.Increment(ref epochs);
                loss = q + 1.0 / t;
                if (c.ShouldPrune(t, loss)) break;
            }
            return new TrialResult(loss);
        }
        var pruned = new Experiment(new RandomTuner(space, 1), Objective, new ExperimentOptions { MaxTrials = 27, Pruner = new AshaPruner(1, 3) }).Run();
        int withPruning = epochs;
        epochs = 0;
        var full = new Experiment(new RandomTuner(space, 1), Objective, new ExperimentOptions { MaxTrials = 27 }).Run();
        Assert.Equal(27 * 27, epochs);
        Assert.True(withPruning < 0.4 * epochs, $"ASHA used {withPruning} epochs of {epochs}");
        Assert.Contains(pruned.Trials, t => t.Status == TrialStatus.Pruned && t.Metrics["resource"] == 1);
        Assert.Equal(full.Best!.Parameters.ToString(), pruned.Best!.Parameters.ToString());
        Assert.Equal(TrialStatus.Completed, pruned.Best.Status);
    }

    [Fact]
    public void AResumedExperimentRebuildsItsRungsAndPrunesAsAnUninterruptedOne()
    {
        // The same learning curves as above; a store records each trial's intermediate losses.
        var space = new SearchSpace().Float("q", 0, 1);
        static TrialResult Curve(TrialContext c)
        {
            double q = c.Parameters.GetDouble("q"), loss = double.PositiveInfinity;
            for (int t = 1; t <= 27 && !c.ShouldPrune(t, loss = q + 1.0 / t); t++) { }
            return new TrialResult(loss);
        }
        string Statuses(ExperimentResult r) => string.Join(" ", r.Trials.Select(t => $"{t.Id}:{t.Status}:{t.Metrics.GetValueOrDefault("resource")}"));
        var whole = new Experiment(new RandomTuner(space, 4), Curve, new ExperimentOptions { MaxTrials = 30, Pruner = new AshaPruner(1, 3) }).Run();
        string dir = Directory.CreateTempSubdirectory("mnd-asha").FullName;
        try
        {
            string db = Path.Combine(dir, "asha.db");
            using (var store = new SqliteTrialStore(db))
                new Experiment(new RandomTuner(space, 4), Curve, new ExperimentOptions { MaxTrials = 12, Pruner = new AshaPruner(1, 3) }, store).Run();
            ExperimentResult resumed;
            using (var store = new SqliteTrialStore(db))
                resumed = new Experiment(new RandomTuner(space, 4), Curve, new ExperimentOptions { MaxTrials = 30, Pruner = new AshaPruner(1, 3) }, store).Run();
            Assert.Contains(whole.Trials, t => t.Id > 12 && t.Status == TrialStatus.Pruned);
            Assert.Equal(Statuses(whole), Statuses(resumed));
            Assert.Equal(whole.Trials[0].Metrics["loss@3"], resumed.Trials[0].Metrics["loss@3"]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ADeepTrainerStopsWhenItsTrialIsPruned()
    {
        var ctx = new MLContext(1);
        var rng = new Random(2);
        var x = new float[400 * 4];
        var y = new uint[400];
        for (int i = 0; i < 400; i++)
        {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float)rng.NextDouble();
            y[i] = x[i * 4] + x[i * 4 + 1] > 1 ? 2u : 1u;
        }
        var data = new InMemoryDataViewBuilder().AddVector("Features", x, 4).AddKey("Label", y, ["low", "high"]).Build();
        var space = new SearchSpace().Choice("LearningRate", 3e-2, 1e-7);
        var epochsRun = new Dictionary<int, int>();
        var result = new Experiment(new GridTuner(space), c =>
        {
            var options = OptionsSweep.Apply(new DeepTrainerOptions { Network = NetworkSpec.Mlp([4], [16], 2), Epochs = 9, BatchSize = 32, ValidationFraction = 0.25, Seed = 1 }, c.Parameters);
            var trainer = ctx.MulticlassClassification.Trainers.NeuralNetwork(options);
            trainer.Callbacks.Add(new PruningCallback(c));
            using var model = trainer.Fit(data);
            epochsRun[c.Id] = model.TrainingLogs!.Epoch;
            return new TrialResult(model.TrainingLogs.Metrics["val_loss"]);
        }, new ExperimentOptions { MaxTrials = 2, Pruner = new AshaPruner(1, 3) }).Run();
        Assert.Equal([TrialStatus.Completed, TrialStatus.Pruned], result.Trials.Select(t => t.Status));
        Assert.Equal(9, epochsRun[1]);
        Assert.Equal(1, epochsRun[2]);
    }
}
