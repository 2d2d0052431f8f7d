using System.Diagnostics;
using Microsoft.ML;
using MlNetDeep.Data.Augmentation;
using MlNetDeep.Models;
using MlNetDeep.Networks;
using MlNetDeep.Trainers;
using MlNetDeep.Training;
using TorchSharp;
using Xunit;

namespace MlNetDeep.Tests;

/// <summary>The loop: early stopping, NaN, schedules, checkpoints and resume (in process and after SIGKILL), cancellation, time budget, logs.</summary>
public sealed class TrainingLoopTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-loop").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Recorder(Action<TrainingLogs>? onEpoch = null) : TrainingCallback
    {
        public List<TrainingLogs> Epochs { get; } = [];
        public int Begins { get; private set; }
        public override void OnTrainBegin() => Begins++;
        public override void OnEpochEnd(TrainingLogs logs)
        {
            Epochs.Add(logs);
            onEpoch?.Invoke(logs);
        }
    }

    internal static float[] Weights(DeepModelBase model) =>
        model.Network.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value.to(torch.float32).data<float>().ToArray()).ToArray();

    private static DeepMulticlassTrainer.Options Options(string? checkpoint = null, bool image = false) => new()
    {
        Network = NetworkSpec.Mlp(image ? [2, 2, 2] : [8], [16], 3, dropout: 0.2), Epochs = 4, BatchSize = 10, Seed = 11, CheckpointPath = checkpoint,
        Schedule = LearningRateSchedule.Cosine, WarmupSteps = 3, Deterministic = true,
        Augmentation = image ? new ImageAugmentationOptions { HorizontalFlip = true, RandomCropPadding = 1 } : null,
    };

    [Fact]
    public void CosineScheduleDecaysTowardZero()
    {
        var ml = new MLContext(1);
        var trainer = ml.MulticlassClassification.Trainers.NeuralNetwork(Options());
        var model = trainer.Fit(TestData.ThreeClasses(ml, 60, 1));
        var rates = model.History.Metric("learning_rate");
        Assert.True(rates.Zip(rates.Skip(1)).All(p => p.First > p.Second), string.Join(", ", rates));
        // The last step runs at the cosine's tail: lr * (1 + cos(pi * (T - 1 - w) / (T - w))) / 2, near 0.
        Assert.InRange(rates[^1], 0, 1e-2 * 1e-3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AResumedRunEndsWithTheWeightsOfAnUninterruptedOne(bool augment)
    {
        var ml = new MLContext(1);
        var data = TestData.ThreeClasses(ml, 60, 1, augment ? [2, 2, 2] : []);
        var whole = ml.MulticlassClassification.Trainers.NeuralNetwork(Options(image: augment)).Fit(data);

        string checkpoint = Path.Combine(_dir, "run.ckpt");
        using var cts = new CancellationTokenSource();
        var first = ml.MulticlassClassification.Trainers.NeuralNetwork(Options(checkpoint, augment));
        first.Cancellation = cts.Token;
        first.Callbacks.Add(new Recorder(l => { if (l.Epoch == 2) cts.Cancel(); }));
        Assert.ThrowsAny<OperationCanceledException>(() => first.Fit(data));
        Assert.True(File.Exists(checkpoint));

        var second = ml.MulticlassClassification.Trainers.NeuralNetwork(Options(checkpoint, augment));
        var recorder = new Recorder();
        second.Callbacks.Add(recorder);
        var resumed = second.Fit(data);
        Assert.Equal([3, 4], recorder.Epochs.Select(e => e.Epoch));
        Assert.Equal([1, 2, 3, 4], resumed.History.Epochs.Select(e => e.Epoch));
        Assert.Equal(Weights(whole), Weights(resumed));

        var otherSeed = ml.MulticlassClassification.Trainers.NeuralNetwork(Options(checkpoint, augment) with { Seed = 12 });
        Assert.Contains("another seed", Assert.Throws<InvalidDataException>(() => otherSeed.Fit(data)).Message);
        var otherNetwork = ml.MulticlassClassification.Trainers.NeuralNetwork(Options(checkpoint, augment) with { Network = NetworkSpec.Mlp(augment ? [2, 2, 2] : [8], [17], 3) });
        Assert.Contains(checkpoint, Assert.Throws<InvalidDataException>(() => otherNetwork.Fit(data)).Message);
    }

    [Fact]
    public void AKilledRunResumesToTheWeightsOfAnUninterruptedOne()
    {
        string whole = Directory.CreateDirectory(Path.Combine(_dir, "whole")).FullName, killed = Directory.CreateDirectory(Path.Combine(_dir, "killed")).FullName;
        var (code, _, error) = Worker.Run(["train", whole, "5"]);
        Assert.True(code == 0, error);

        using (var run = Worker.Start(["train", killed, "5"]))
        {
            // Kill as soon as the second epoch's checkpoint is written: the third epoch is under way.
            string? line;
            while ((line = run.StandardOutput.ReadLine()) is not null && line != "epoch 2") { }
            Assert.Equal("epoch 2", line);
            run.Kill(entireProcessTree: true); // SIGKILL
            run.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, "weights.bin")));
        var (code2, output, error2) = Worker.Run(["train", killed, "5"]);
        Assert.True(code2 == 0, error2);
        Assert.Equal(["epoch 3", "epoch 4", "epoch 5"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("epoch", StringComparison.Ordinal)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "weights.bin")), File.ReadAllBytes(Path.Combine(killed, "weights.bin")));
    }

    [Fact]
    public void EarlyStoppingStopsAndRestoresTheBestWeights()
    {
        var ml = new MLContext(1);
        // Random labels: the validation loss soon rises as the network memorizes the training rows.
        var rng = new Random(1);
        var x = TestData.Uniform(200, 8, 2);
        var data = TestData.Keyed(ml, x, x.Select(_ => (uint)rng.Next(1, 4)).ToArray(), ["a", "b", "c"]);
        var trainer = ml.MulticlassClassification.Trainers.NeuralNetwork(new DeepMulticlassTrainer.Options
        {
            Network = NetworkSpec.Mlp([8], [128, 128], 3), Epochs = 200, BatchSize = 10, LearningRate = 1e-2, ValidationFraction = 0.3, EarlyStoppingPatience = 3, Seed = 1,
        });
        var model = trainer.Fit(data);
        Assert.Equal(StopReason.EarlyStopping, model.History.Stop);
        Assert.True(model.History.Epochs.Count < 200);
        var validation = model.History.Metric("val_loss");
        int best = model.History.BestEpoch!.Value;
        Assert.Equal(validation.Min(), validation[best - 1]);
        Assert.Equal(best + 3, model.History.Epochs.Count);
    }

    [Fact]
    public void ANaNInTheInputStopsAtTheFirstStepWithATypedError()
    {
        var ml = new MLContext(1);
        var x = TestData.Uniform(40, 8, 1);
        x[3][2] = float.NaN;
        var data = TestData.Keyed(ml, x, Enumerable.Repeat(1u, 40).ToArray(), ["a", "b"]);
        string checkpoint = Path.Combine(_dir, "nan.ckpt");
        var trainer = ml.MulticlassClassification.Trainers.Mlp(new DeepMulticlassTrainer.Options { Epochs = 3, BatchSize = 40, CheckpointPath = checkpoint });
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(data));
        Assert.Equal((1, 1, "the loss"), (e.Epoch, e.Batch, e.What));
        Assert.False(File.Exists(checkpoint)); // nothing diverged was saved
        var exploding = ml.MulticlassClassification.Trainers.Mlp(new DeepMulticlassTrainer.Options { Epochs = 3, BatchSize = 40, GradientClipNorm = 1 });
        Assert.Throws<TrainingDivergedException>(() => exploding.Fit(data));
    }

    [Fact]
    public void CancellationAndTheTimeBudgetStopTraining()
    {
        var ml = new MLContext(1);
        var data = TestData.ThreeClasses(ml, 2000, 1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var cancelled = ml.MulticlassClassification.Trainers.Mlp(new DeepMulticlassTrainer.Options { Epochs = 5 });
        cancelled.Cancellation = cts.Token;
        Assert.ThrowsAny<OperationCanceledException>(() => cancelled.Fit(data));

        var clock = Stopwatch.StartNew();
        var budgeted = ml.MulticlassClassification.Trainers.Mlp(new DeepMulticlassTrainer.Options { Epochs = 100_000, BatchSize = 8, TimeBudget = TimeSpan.FromSeconds(1.5) }).Fit(data);
        Assert.Equal(StopReason.TimeBudget, budgeted.History.Stop);
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 20);
        Assert.True(ml.MulticlassClassification.Evaluate(budgeted.Transform(data)).MicroAccuracy > 0.5);
    }

    [Fact]
    public void EpochLinesReachTheCallbacksAndTheMLContextLog()
    {
        var ml = new MLContext(1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        var lines = new List<string>();
        var trainer = ml.MulticlassClassification.Trainers.Mlp(new DeepMulticlassTrainer.Options { Epochs = 3, ValidationFraction = 0.2, Seed = 1 });
        trainer.Callbacks.Add(new ProgressCallback(lines.Add, TimeSpan.Zero));
        trainer.Fit(TestData.ThreeClasses(ml, 300, 1));
        Assert.Equal(3, lines.Count);
        Assert.Matches(@"^epoch 3/3: loss [0-9.]+, accuracy [0-9.]+, val_loss [0-9.]+, val_accuracy [0-9.]+, \d+ samples/s, ETA 00:00:00$", lines[2]);
        lock (messages) Assert.Contains(messages, m => m.Contains("epoch 2/3: loss", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARunIsUnchangedByAnotherThreadDrawingFromTorchSharpsGenerator()
    {
        var ml = new MLContext(1);
        var data = TestData.ThreeClasses(ml, 200, 1);
        var options = Options() with { Deterministic = false, Epochs = 3 };
        float[] alone = Weights(ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(data));
        using var stop = new CancellationTokenSource();
        var noise = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
                using (var t = torch.rand(64)) { }
        });
        float[] disturbed = Weights(ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(data));
        stop.Cancel();
        await noise;
        Assert.Equal(alone, disturbed);
    }

    [Fact]
    public void SameSeedSameWeightsAndAnotherSeedOthers()
    {
        var ml = new MLContext(1);
        var data = TestData.ThreeClasses(ml, 100, 1);
        float[] Fit(int seed) => Weights(ml.MulticlassClassification.Trainers.NeuralNetwork(Options() with { Seed = seed }).Fit(data));
        Assert.Equal(Fit(5), Fit(5));
        Assert.NotEqual(Fit(5), Fit(6));
        // Without a seed in the options, the MLContext's seed decides.
        float[] Context(int seed) => Weights(new MLContext(seed).MulticlassClassification.Trainers.NeuralNetwork(Options() with { Seed = null }).Fit(data));
        Assert.Equal(Context(3), Context(3));
    }
}
