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

    /// <summary>n rows of 8 random features, as a vector or as a [2, 2, 2] image, with a 3-class key label.</summary>
    private static IDataView Data(int n, bool image = false)
    {
        var rng = new Random(7);
        return new InMemoryDataViewBuilder()
            .AddVector("Features", Enumerable.Range(0, n * 8).Select(_ => (float)rng.NextDouble()).ToArray(), image ? [2, 2, 2] : [8])
            .AddKey("Label", Enumerable.Range(0, n).Select(i => (uint)(i % 3) + 1).ToArray(), ["a", "b", "c"])
            .Build();
    }

    private static DeepTrainerOptions Options(string? checkpoint = null, bool augment = false) => new()
    {
        Network = NetworkSpec.Mlp(augment ? [2, 2, 2] : [8], [16], 3, dropout: 0.2), Epochs = 4, BatchSize = 10, Seed = 11, CheckpointPath = checkpoint,
        Schedule = LearningRateSchedule.Cosine, WarmupSteps = 3,
        Augmentation = augment ? new ImageAugmentationOptions { HorizontalFlip = true, RandomCropPadding = 1 } : null,
    };

    [Fact]
    public void CosineScheduleDecaysTheLearningRate()
    {
        var logs = new List<TrainingLogs>();
        var t = new MLContext(1).MulticlassClassification.Trainers.NeuralNetwork(Options());
        t.Callbacks.Add(new EpochRecorder(logs));
        using var model = t.Fit(Data(60));
        double[] lr = logs.Select(l => l.Metrics["learning_rate"]).ToArray();
        Assert.True(lr.Zip(lr.Skip(1)).All(p => p.First > p.Second), string.Join(", ", lr));
        Assert.Equal(0, lr[^1], 9);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AResumedRunEndsWithTheWeightsOfAnUninterruptedOne(bool augment)
    {
        var ctx = new MLContext(1);
        using var whole = ctx.MulticlassClassification.Trainers.NeuralNetwork(Options(augment: augment)).Fit(Data(60, augment));

        string ckpt = Path.Combine(_dir, "run.ckpt");
        using var cts = new CancellationTokenSource();
        var first = new NeuralClassificationTrainer(ctx, Options(ckpt, augment), (_, _) => throw new InvalidOperationException()) { Cancellation = cts.Token };
        first.Callbacks.Add(new EpochRecorder([], l => { if (l.Epoch == 2) cts.Cancel(); }));
        Assert.ThrowsAny<OperationCanceledException>(() => first.Fit(Data(60, augment)));
        Assert.True(File.Exists(ckpt));

        var epochs = new List<TrainingLogs>();
        var second = ctx.MulticlassClassification.Trainers.NeuralNetwork(Options(ckpt, augment));
        second.Callbacks.Add(new EpochRecorder(epochs));
        using var resumed = second.Fit(Data(60, augment));
        Assert.Equal([3, 4], epochs.Select(e => e.Epoch));
        AssertSameWeights(whole, resumed);

        var otherSeed = ctx.MulticlassClassification.Trainers.NeuralNetwork(Options(ckpt, augment) with { Seed = 12 });
        Assert.Contains("another seed", Assert.Throws<InvalidDataException>(() => otherSeed.Fit(Data(60, augment))).Message);
    }

    private static void AssertSameWeights(Models.NeuralModelBase a, Models.NeuralModelBase b)
    {
        foreach (var (name, w) in a.Network.StateDict())
            Assert.Equal(w.To(DType.Float64).ToArray<double>(), b.Network.StateDict()[name].To(DType.Float64).ToArray<double>());
    }

    [Fact]
    public void CheckpointsByTimeAreWrittenAtEpochEnds()
    {
        string ckpt = Path.Combine(_dir, "timed.ckpt");
        var stamps = new List<bool>();
        var t = new MLContext(1).MulticlassClassification.Trainers.NeuralNetwork(
            Options(ckpt) with { CheckpointEveryEpochs = 100, CheckpointEveryMinutes = 1e-9, Epochs = 3 });
        t.Callbacks.Add(new EpochRecorder([], _ => stamps.Add(File.Exists(ckpt))));
        using var model = t.Fit(Data(30));
        Assert.Equal([true, true, true], stamps);
        Assert.Contains("CheckpointEveryMinutes must be > 0. Received: 0", Assert.Throws<ArgumentException>(
            () => new MLContext(1).MulticlassClassification.Trainers.NeuralNetwork(Options(ckpt) with { CheckpointEveryMinutes = 0 })).Message);
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
