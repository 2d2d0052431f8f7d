using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;
using Xunit;

namespace MlNetDeep.Deep.Tests;

/// <summary>The deep classification trainers: convergence on tiny data, callbacks, stopping rules, determinism and bad input.</summary>
public class NeuralTrainerTests
{
    private static IDataView Fmnist(bool train, int n) { var c = new MLContext(1); return c.Data.Cache(c.Data.TakeRows(c.Data.LoadFashionMnist(train), n)); }

    private static IDataView Xor()
    {
        float[] x = [0, 0, 0, 1, 1, 0, 1, 1];
        uint[] y = [1, 2, 2, 1];
        var rows = Enumerable.Range(0, 16).ToArray();
        return new InMemoryDataViewBuilder()
            .AddVector("Features", rows.SelectMany(i => x.Skip(2 * (i % 4)).Take(2)).ToArray(), 2)
            .AddKey("Label", rows.Select(i => y[i % 4]).ToArray(), ["same", "different"])
            .Build();
    }

    [Fact]
    public void MlpLearnsXor()
    {
        var ctx = new MLContext(3);
        var trainer = ctx.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Network = NetworkSpec.Mlp([2], [8], 2, "Tanh"), Epochs = 150, BatchSize = 4, LearningRate = 0.05,
        });
        using var model = trainer.Fit(Xor());
        var m = ctx.MulticlassClassification.Evaluate(model.Transform(Xor()));
        Assert.Equal(1.0, m.MicroAccuracy);
        Assert.NotNull(model.TrainingLogs);
    }

    [Fact]
    public void CnnAndSoftmaxRegressionLearnFashionMnistSubsets()
    {
        var ctx = new MLContext(5);
        var train = Fmnist(true, 2000);
        var test = Fmnist(false, 1000);
        var progress = new List<string>();
        var cnn = ctx.MulticlassClassification.Trainers.Cnn(epochs: 3);
        cnn.Callbacks.Add(new ProgressCallback(progress.Add));
        using var model = cnn.Fit(train);
        Assert.Equal(3, progress.Count);
        Assert.Contains("epoch 3/3", progress[^1]);
        var m = ctx.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.True(m.MicroAccuracy > 0.7, $"CNN accuracy {m.MicroAccuracy}");
        Assert.Equal("Ankle boot", m.ConfusionMatrix.ClassNames[9]);
        using var softmax = ctx.MulticlassClassification.Trainers.SoftmaxRegression(epochs: 5).Fit(train);
        Assert.True(ctx.MulticlassClassification.Evaluate(softmax.Transform(test)).MicroAccuracy > 0.65);
    }

    [Fact]
    public void SameSeedSameWeightsAndTheConformanceSuite()
    {
        var data = Fmnist(true, 64);
        EstimatorConformance.Check(c => c.MulticlassClassification.Trainers.Mlp([16], epochs: 2), data, requiredColumn: "Label");
        EstimatorConformance.Check(c => c.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Epochs = 1, BatchSize = 16, Network = new NetworkSpec([1, 28, 28], [new("Conv2d", In: 1, Out: 2, Kernel: 5, Stride: 2), new("BatchNorm2d", Out: 2), new("ReLU"), new("Flatten"), new("Dropout", P: 0.2), new("Linear", In: 288, Out: 10)]),
        }), data);
    }

    private sealed class ModeRecorder(List<bool> seen) : TrainingCallback
    {
        public override void OnTrainBegin() => seen.Add(Engine.Deterministic);
    }

    [Fact]
    public void DeterministicModeHoldsDuringTheFitAndGivesBitIdenticalWeights()
    {
        var data = Fmnist(true, 64);
        var seen = new List<bool>();
        var options = new DeepTrainerOptions { Epochs = 2, BatchSize = 16, Seed = 4, Deterministic = true, Network = NetworkSpec.LeNet5() };
        NeuralClassifierModel Fit()
        {
            var t = new MLContext(1).MulticlassClassification.Trainers.NeuralNetwork(options);
            t.Callbacks.Add(new ModeRecorder(seen));
            return t.Fit(data);
        }
        using var a = Fit();
        using var b = Fit();
        Assert.Equal([true, true], seen);
        Assert.False(Engine.Deterministic);
        foreach (var (name, w) in a.Network.StateDict())
            Assert.Equal(w.To(DType.Float64).ToArray<double>(), b.Network.StateDict()[name].To(DType.Float64).ToArray<double>());
    }

    [Fact]
    public void EarlyStoppingRestoresTheBestWeights()
    {
        // Random labels: the network can only memorize, so the validation loss soon rises.
        var rng = new Random(1);
        int n = 300;
        var data = new InMemoryDataViewBuilder()
            .AddVector("Features", Enumerable.Range(0, n * 20).Select(_ => (float)rng.NextDouble()).ToArray(), 20)
            .AddKey("Label", Enumerable.Range(0, n).Select(_ => (uint)rng.Next(1, 4)).ToArray(), ["a", "b", "c"])
            .Build();
        var ctx = new MLContext(2);
        var epochs = new List<TrainingLogs>();
        var trainer = ctx.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Network = NetworkSpec.Mlp([20], [128, 128], 3), Epochs = 200, BatchSize = 16, LearningRate = 3e-3, ValidationFraction = 0.3, EarlyStoppingPatience = 3,
        });
        trainer.Callbacks.Add(new EpochRecorder(epochs));
        using var model = trainer.Fit(data);
        Assert.True(epochs.Count < 200, $"ran all {epochs.Count} epochs");
        Assert.Equal(1, epochs[^1].Metrics["early_stopped"]);
        double best = epochs.Min(e => e.Metrics["val_loss"]);
        Assert.True(epochs[^1].Metrics["val_loss"] > best);
    }

    [Fact]
    public void AValidationSetIsMonitoredAndCheckedAgainstTheTrainingSchema()
    {
        var rng = new Random(5);
        IDataView Random(int n) => new InMemoryDataViewBuilder()
            .AddVector("Features", Enumerable.Range(0, n * 20).Select(_ => (float)rng.NextDouble()).ToArray(), 20)
            .AddKey("Label", Enumerable.Range(0, n).Select(_ => (uint)rng.Next(1, 4)).ToArray(), ["a", "b", "c"])
            .Build();
        var ctx = new MLContext(2);
        var options = new DeepTrainerOptions { Network = NetworkSpec.Mlp([20], [128, 128], 3), Epochs = 200, BatchSize = 16, LearningRate = 3e-3, EarlyStoppingPatience = 3 };
        var epochs = new List<TrainingLogs>();
        var trainer = ctx.MulticlassClassification.Trainers.NeuralNetwork(options);
        trainer.Callbacks.Add(new EpochRecorder(epochs));
        using (trainer.Fit(Random(200), Random(100)))
        {
            Assert.True(epochs.Count < 200, $"ran all {epochs.Count} epochs");
            Assert.Equal(1, epochs[^1].Metrics["early_stopped"]);
            Assert.All(epochs, e => Assert.True(e.Metrics.ContainsKey("val_accuracy")));
        }
        Assert.Contains("needs validation data", Assert.Throws<ArgumentException>(() => trainer.Fit(Random(50))).Message);
        Assert.Contains("not both", Assert.Throws<ArgumentException>(
            () => ctx.MulticlassClassification.Trainers.NeuralNetwork(options with { ValidationFraction = 0.2 }).Fit(Random(50), Random(20))).Message);
        var twoClasses = new InMemoryDataViewBuilder().AddVector("Features", new float[40], 20).AddKey("Label", [1u, 2u], ["a", "b"]).Build();
        var e = Assert.Throws<SchemaMismatchException>(() => trainer.Fit(Random(50), twoClasses));
        Assert.Equal("Label", e.Column);
    }

    [Fact]
    public void TheDropoutOptionOverridesEveryDropoutLayer()
    {
        var ctx = new MLContext(1);
        var spec = NetworkSpec.Mlp([1, 28, 28], [16, 8], 10, dropout: 0.2);
        using var model = ctx.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions { Network = spec, Epochs = 1, Dropout = 0.5 }).Fit(Fmnist(true, 32));
        Assert.Equal([0.5, 0.5], model.Spec.Layers.Where(l => l.Type == "Dropout").Select(l => l.P));
        Assert.Contains("Dropout must be in [0, 1). Received: 1.", Assert.Throws<ArgumentException>(
            () => ctx.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions { Network = spec, Dropout = 1 })).Message);
    }

    [Fact]
    public void NaNInTheInputStopsWithTheStepNamed()
    {
        var x = Enumerable.Range(0, 40).Select(i => (float)i).ToArray();
        x[33] = float.NaN;
        var data = new InMemoryDataViewBuilder().AddVector("Features", x, 2).AddKey("Label", Enumerable.Range(0, 20).Select(i => (uint)(i % 2) + 1).ToArray(), ["a", "b"]).Build();
        var ctx = new MLContext(1);
        var trainer = ctx.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions { Network = NetworkSpec.Mlp([2], [4], 2), Epochs = 3, BatchSize = 20 });
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(data));
        Assert.Equal(1, e.Epoch);
        Assert.Equal(1, e.Batch);
        Assert.Contains("loss", e.What);
    }

    [Fact]
    public void BadInputAndOptionsAreNamed()
    {
        var ctx = new MLContext(1);
        Assert.Equal("Epochs must be > 0. Received: 0.", Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.Cnn(epochs: 0)).Message);
        Assert.Contains("LearningRate", Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions { LearningRate = -1 })).Message);
        var floatLabels = new InMemoryDataViewBuilder().AddVector("Features", new float[784 * 2], 1, 28, 28).AddScalar("Label", new[] { 1f, 2f }).Build();
        var e = Assert.Throws<SchemaMismatchException>(() => ctx.MulticlassClassification.Trainers.Cnn().Fit(floatLabels));
        Assert.Equal("Label", e.Column);
        Assert.Contains("key", e.Expected);
        var wrongShape = new InMemoryDataViewBuilder().AddVector("Features", new float[20], 10).AddKey("Label", [1u, 2u], ["a", "b"]).Build();
        Assert.Contains("No default network", Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.Cnn().Fit(wrongShape)).Message);
        var m = Assert.Throws<SchemaMismatchException>(() => ctx.MulticlassClassification.Trainers.Cnn(NetworkSpec.ReferenceCnn()).Fit(wrongShape));
        Assert.Equal("Features", m.Column);
        Assert.Contains("[1, 28, 28]", m.Expected);
    }

    [Fact]
    public void CancellationAndTimeBudget()
    {
        var ctx = new MLContext(1);
        var data = Fmnist(true, 256);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var cancelled = new NeuralClassificationTrainer(ctx, new DeepTrainerOptions { Epochs = 2, Network = NetworkSpec.Mlp([1, 28, 28], [8], 10) },
            (_, _) => throw new InvalidOperationException()) { Cancellation = cts.Token };
        Assert.ThrowsAny<OperationCanceledException>(() => cancelled.Fit(data));
        var logs = new List<TrainingLogs>();
        var budget = ctx.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Epochs = 1000, BatchSize = 32, TimeBudget = TimeSpan.FromMilliseconds(300), Network = NetworkSpec.Mlp([1, 28, 28], [8], 10),
        });
        budget.Callbacks.Add(new EpochRecorder(logs));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var model = budget.Fit(data);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10));
        Assert.True(logs.Count < 1000);
    }
}
