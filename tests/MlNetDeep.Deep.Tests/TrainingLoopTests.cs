using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Data.Augmentation;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;
using Xunit;

namespace MlNetDeep.Deep.Tests;

/// <summary>Schedules, checkpoint and resume, and augmentation inside the training loop.</summary>
public sealed class TrainingLoopTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-train").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IDataView Data(int n)
    {
        var rng = new Random(7);
        return new InMemoryDataViewBuilder()
            .AddVector("Features", Enumerable.Range(0, n * 8).Select(_ => (float)rng.NextDouble()).ToArray(), 8)
            .AddKey("Label", Enumerable.Range(0, n).Select(i => (uint)(i % 3) + 1).ToArray(), ["a", "b", "c"])
            .Build();
    }

    private sealed class Recorder(List<TrainingLogs> epochs, Action<TrainingLogs>? then = null) : TrainingCallback
    {
        public override void OnEpochEnd(TrainingLogs logs)
        {
            epochs.Add(logs);
            then?.Invoke(logs);
        }
    }

    private static DeepTrainerOptions Options(string? checkpoint = null) => new()
    {
        Network = NetworkSpec.Mlp([8], [16], 3, dropout: 0.2), Epochs = 4, BatchSize = 10, Seed = 11, CheckpointPath = checkpoint,
        Schedule = LearningRateSchedule.Cosine, WarmupSteps = 3,
    };

    [Fact]
    public void CosineScheduleDecaysTheLearningRate()
    {
        var logs = new List<TrainingLogs>();
        var t = new MLContext(1).MulticlassClassification.Trainers.NeuralNetwork(Options());
        t.Callbacks.Add(new Recorder(logs));
        using var model = t.Fit(Data(60));
        double[] lr = logs.Select(l => l.Metrics["learning_rate"]).ToArray();
        Assert.True(lr.Zip(lr.Skip(1)).All(p => p.First > p.Second), string.Join(", ", lr));
        Assert.Equal(0, lr[^1], 9);
    }

    [Fact]
    public void AResumedRunEndsWithTheWeightsOfAnUninterruptedOne()
    {
        var ctx = new MLContext(1);
        using var whole = ctx.MulticlassClassification.Trainers.NeuralNetwork(Options()).Fit(Data(60));

        string ckpt = Path.Combine(_dir, "run.ckpt");
        using var cts = new CancellationTokenSource();
        var first = new NeuralClassificationTrainer(ctx, Options(ckpt), (_, _) => throw new InvalidOperationException()) { Cancellation = cts.Token };
        first.Callbacks.Add(new Recorder([], l => { if (l.Epoch == 2) cts.Cancel(); }));
        Assert.ThrowsAny<OperationCanceledException>(() => first.Fit(Data(60)));
        Assert.True(File.Exists(ckpt));

        var epochs = new List<TrainingLogs>();
        var second = ctx.MulticlassClassification.Trainers.NeuralNetwork(Options(ckpt));
        second.Callbacks.Add(new Recorder(epochs));
        using var resumed = second.Fit(Data(60));
        Assert.Equal([3, 4], epochs.Select(e => e.Epoch));
        foreach (var (name, w) in whole.Network.StateDict())
            Assert.Equal(w.To(DType.Float64).ToArray<double>(), resumed.Network.StateDict()[name].To(DType.Float64).ToArray<double>());

        var otherSeed = ctx.MulticlassClassification.Trainers.NeuralNetwork(Options(ckpt) with { Seed = 12 });
        Assert.Contains("another seed", Assert.Throws<InvalidDataException>(() => otherSeed.Fit(Data(60))).Message);
    }

    [Fact]
    public void AugmentationChangesTrainingButNotPrediction()
    {
        var c = new MLContext(1);
        var data = c.Data.Cache(c.Data.TakeRows(c.Data.LoadFashionMnist(train: true), 200));
        var spec = NetworkSpec.Mlp([1, 28, 28], [16], 10);
        var plain = new DeepTrainerOptions { Network = spec, Epochs = 2, Seed = 3 };
        using var a = c.MulticlassClassification.Trainers.NeuralNetwork(plain).Fit(data);
        using var b = c.MulticlassClassification.Trainers.NeuralNetwork(plain with { Augmentation = new ImageAugmentationOptions { HorizontalFlip = true, RandomCropPadding = 2 } }).Fit(data);
        Assert.NotEqual(EstimatorConformance.Dump(a.Transform(data)), EstimatorConformance.Dump(b.Transform(data)));
        var flat = new InMemoryDataViewBuilder().AddVector("Features", new float[16], 8).AddKey("Label", [1u, 2u], ["a", "b"]).Build();
        var e = Assert.Throws<SchemaMismatchException>(() => c.MulticlassClassification.Trainers.NeuralNetwork(
            new DeepTrainerOptions { Network = NetworkSpec.Mlp([8], [4], 2), Augmentation = new ImageAugmentationOptions { HorizontalFlip = true } }).Fit(flat));
        Assert.Contains("[C, H, W]", e.Expected);
    }
}
