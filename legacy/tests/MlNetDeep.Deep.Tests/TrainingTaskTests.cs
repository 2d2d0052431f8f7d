using MlNetDeep.Data;
using MlNetDeep.Data.Tensors;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;
using Xunit;

namespace MlNetDeep.Deep.Tests;

/// <summary>
/// The training loop with a task that is not supervised: a GAN (two networks, two optimizers,
/// no label) on a 1-D two-mode distribution trains, checkpoints both networks and both
/// optimizers, resumes to the weights of an uninterrupted run, and names a diverging step.
/// </summary>
public sealed class TrainingTaskTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-task").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class ToyGan : TrainingTask, IDisposable
    {
        public readonly Sequential G = new(new Linear(2, 16), new ReLU(), new Linear(16, 1));
        public readonly Sequential D = new(new Linear(1, 16), new LeakyReLU(0.2), new Linear(16, 1));
        private readonly Adam _g, _d;
        public double? PoisonAt; // multiply the generator's output by NaN from this batch on

        public ToyGan()
        {
            _g = new Adam(G.Parameters(), 2e-3);
            _d = new Adam(D.Parameters(), 2e-3);
        }

        public override IReadOnlyList<string> Columns => ["X"];
        public override IReadOnlyList<(string Name, Module Module)> Modules => [("generator", G), ("discriminator", D)];
        public override IReadOnlyList<(string Name, Optimizer Optimizer)> Optimizers => [("optim_g", _g), ("optim_d", _d)];

        public override StepResult Train(TensorBatch batch, TrainingStep step)
        {
            Tensor real = batch["X"];
            long n = batch.Count;
            Tensor fake = G.Forward(Tensors.Randn(n, 2));
            if (PoisonAt is { } p && step.Batch >= p) fake = fake.Mul(double.NaN);
            Tensor ones = Tensors.Ones(n, 1), zeros = Tensors.Zeros(n, 1);
            Tensor dLoss = Functional.BinaryCrossEntropyWithLogits(D.Forward(real), ones).Add(Functional.BinaryCrossEntropyWithLogits(D.Forward(fake.Detach()), zeros));
            step.CheckLoss(dLoss, "the discriminator loss");
            step.Update(dLoss, _d, D);
            Tensor gLoss = Functional.BinaryCrossEntropyWithLogits(D.Forward(fake), ones);
            double g = step.CheckLoss(gLoss, "the generator loss");
            step.Update(gLoss, _g, G);
            return new StepResult(g);
        }

        public override StepResult Evaluate(TensorBatch batch) => new(0);

        public void Dispose()
        {
            _g.Dispose();
            _d.Dispose();
            G.Dispose();
            D.Dispose();
        }
    }

    private static IDataView TwoModes(int n)
    {
        var rng = new Random(3);
        return new InMemoryDataViewBuilder().AddVector("X", Enumerable.Range(0, n).Select(i => (float)((i % 2 == 0 ? -2 : 2) + 0.1 * rng.NextDouble())).ToArray(), 1).Build();
    }

    private static DeepTrainerOptions Options(string? checkpoint = null) => new() { Epochs = 4, BatchSize = 32, CheckpointPath = checkpoint, Schedule = LearningRateSchedule.Cosine };

    private static ToyGan Trained(DeepTrainerOptions options, Action<TrainingLoop>? run = null, CancellationToken cancel = default, List<TrainingLogs>? logs = null)
    {
        using var gen = new Generator(21);
        using var use = Engine.UseGenerator(gen);
        var gan = new ToyGan();
        var loop = new TrainingLoop(gan, options, seed: 21, logs is null ? [] : [new EpochRecorder(logs)]);
        try
        {
            loop.Run(TwoModes(256), null, cancel);
        }
        catch
        {
            gan.Dispose();
            throw;
        }
        return gan;
    }

    private static double[] Weights(Module m) => m.StateDict().OrderBy(kv => kv.Key).SelectMany(kv => kv.Value.To(DType.Float64).ToArray<double>()).ToArray();

    [Fact]
    public void AGanTrainsThroughTheLoopAndResumesBothNetworksExactly()
    {
        var logs = new List<TrainingLogs>();
        double[] g0, d0;
        using (var g21 = new Generator(21))
        using (Engine.UseGenerator(g21))
        using (var fresh = new ToyGan())
            (g0, d0) = (Weights(fresh.G), Weights(fresh.D)); // the same initial weights as the trained one's
        using var whole = Trained(Options(), logs: logs);
        Assert.Equal([1, 2, 3, 4], logs.Select(l => l.Epoch));
        Assert.All(logs, l => Assert.True(double.IsFinite(l.Loss)));
        Assert.NotEqual(g0, Weights(whole.G));
        Assert.NotEqual(d0, Weights(whole.D));

        string ckpt = Path.Combine(_dir, "gan.ckpt");
        using var cts = new CancellationTokenSource();
        var first = new List<TrainingLogs>();
        using var gen = new Generator(21);
        using (Engine.UseGenerator(gen))
        using (var interrupted = new ToyGan())
        {
            var loop = new TrainingLoop(interrupted, Options(ckpt), 21, [new EpochRecorder(first, l => { if (l.Epoch == 2) cts.Cancel(); })]);
            Assert.ThrowsAny<OperationCanceledException>(() => loop.Run(TwoModes(256), null, cts.Token));
        }
        using (var file = Torch.IO.TensorFile.Load(ckpt))
        {
            foreach (string prefix in new[] { "generator.", "discriminator.", "optim_g.", "optim_d." })
                Assert.Contains(file.Tensors.Keys, k => k.StartsWith(prefix, StringComparison.Ordinal));
        }
        using var resumed = Trained(Options(ckpt));
        Assert.Equal(Weights(whole.G), Weights(resumed.G));
        Assert.Equal(Weights(whole.D), Weights(resumed.D));
    }

    [Fact]
    public void ANonFiniteLossInACustomStepIsNamed()
    {
        using var gen = new Generator(1);
        using var use = Engine.UseGenerator(gen);
        using var gan = new ToyGan { PoisonAt = 3 };
        var e = Assert.Throws<TrainingDivergedException>(() => new TrainingLoop(gan, Options(), 1).Run(TwoModes(256), null));
        Assert.Equal((1, 3), (e.Epoch, e.Batch));
        Assert.Equal("the discriminator loss", e.What);
        Assert.Contains("at least one module", Assert.Throws<ArgumentException>(() => new TrainingLoop(new Empty(), Options(), 1)).Message);
    }

    private sealed class Empty : TrainingTask
    {
        public override IReadOnlyList<string> Columns => ["X"];
        public override IReadOnlyList<(string Name, Module Module)> Modules => [];
        public override IReadOnlyList<(string Name, Optimizer Optimizer)> Optimizers => [];
        public override StepResult Train(TensorBatch batch, TrainingStep step) => new(0);
        public override StepResult Evaluate(TensorBatch batch) => new(0);
    }
}
