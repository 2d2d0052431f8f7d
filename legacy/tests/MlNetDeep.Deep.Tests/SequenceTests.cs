using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Data.Idx;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;
using Xunit;

namespace MlNetDeep.Deep.Tests;

/// <summary>Recurrent networks: LSTM/GRU layers in network specs, their trainers, and their errors.</summary>
public class SequenceTests
{
    /// <summary>Windows of 20 samples of sin(0.3 t + phase) and the sample that follows each.</summary>
    private static InMemoryDataView SineWindows(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count * 20];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            double phase = rng.NextDouble() * 2 * Math.PI;
            for (int t = 0; t < 20; t++) x[i * 20 + t] = (float)Math.Sin(0.3 * t + phase);
            y[i] = (float)Math.Sin(0.3 * 20 + phase);
        }
        return new InMemoryDataViewBuilder().AddVector("Features", x, 20, 1).AddScalar("Label", y).Build();
    }

    [Theory]
    [InlineData("GRU")]
    [InlineData("LSTM")]
    public void ARecurrentRegressorPredictsTheNextSampleOfASineWave(string cell)
    {
        var ctx = new MLContext(3);
        var trainer = ctx.Regression.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Network = NetworkSpec.Recurrent([20, 1], 1, cell, hidden: 16), Epochs = 30, BatchSize = 32, LearningRate = 0.01, Seed = 3,
        });
        using var model = trainer.Fit(SineWindows(600, 1));
        var m = ctx.Regression.Evaluate(model.Transform(SineWindows(200, 2)));
        Assert.True(m.RootMeanSquaredError < 0.05, $"{cell}: RMSE {m.RootMeanSquaredError:F4} on the next sample (sin has RMS 0.71)");
    }

    [Fact]
    public void AGruReadsFashionMnistRowByRowAndRoundTripsThroughTheZip()
    {
        var ctx = new MLContext(4);
        var train = ctx.Data.Cache(ctx.Data.TakeRows(ctx.Data.LoadFashionMnist(train: true), 2000));
        var test = ctx.Data.Cache(ctx.Data.TakeRows(ctx.Data.LoadFashionMnist(train: false), 500));
        using var model = ctx.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Network = NetworkSpec.Recurrent([1, 28, 28], 10, "GRU", hidden: 32), Epochs = 6, BatchSize = 32, LearningRate = 0.005, Seed = 4,
        }).Fit(train);
        double accuracy = ctx.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;
        Assert.True(accuracy > 0.65, $"accuracy {accuracy:F3} after 6 epochs on 2,000 images");
        var loaded = ctx.Model.Load(new MemoryStream(ZipRewriter.Saved(model, train.Schema)), out _);
        Assert.Equal(EstimatorConformance.Dump(model.Transform(test)), EstimatorConformance.Dump(loaded.Transform(test)));
        (loaded as IDisposable)?.Dispose();
    }

    [Fact]
    public void TheRnnTrainerPassesTheConformanceSuite()
    {
        var ctx = new MLContext(5);
        var data = ctx.Data.Cache(ctx.Data.TakeRows(ctx.Data.LoadFashionMnist(train: true), 200));
        EstimatorConformance.Check(c => c.MulticlassClassification.Trainers.Rnn("LSTM", hidden: 8, epochs: 1), data, requiredColumn: "Label");
    }

    [Fact]
    public void TheFinalStateIsTheLastStepForwardAndTheFirstStepBackward()
    {
        Engine.ManualSeed(7);
        using var final = new RecurrentLayer("LSTM", 3, 4, numLayers: 2, bidirectional: true);
        using var sequence = new RecurrentLayer("LSTM", 3, 4, numLayers: 2, bidirectional: true, returnSequences: true);
        sequence.LoadStateDict(final.StateDict());
        Assert.Contains("rnn.weight_hh_l1_reverse", final.StateDict().Keys);
        using var x = Tensors.Randn(2, 5, 3);
        using var h = final.Forward(x);
        using var all = sequence.Forward(x);
        Assert.Equal([2L, 8L], h.Shape);
        Assert.Equal([2L, 5L, 8L], all.Shape);
        using var forward = all.Select(1, 4).Narrow(1, 0, 4);
        using var backward = all.Select(1, 0).Narrow(1, 4, 4);
        using var expected = Tensors.Cat([forward, backward], 1);
        Assert.Equal(expected.ToArray<float>(), h.ToArray<float>());
    }

    [Fact]
    public void TokenIdsGoThroughAnEmbeddingAndOutOfRangeIdsAreNamed()
    {
        var spec = NetworkSpec.TokenRecurrent(6, vocabulary: 10, outputs: 3, embedding: 4, hidden: 5);
        Assert.Equal(NetworkShapes.Of(spec).StateElements, spec.Build().StateDict().Values.Sum(t => t.NumberOfElements));
        using var net = spec.Build();
        using (var ok = Tensor.FromArray(new float[] { 0, 1, 2, 3, 4, 9, 9, 8, 7, 6, 5, 0 }, 2, 6))
        using (var scores = net.Forward(ok))
            Assert.Equal([2L, 3L], scores.Shape);
        using var bad = Tensor.FromArray(new float[] { 0, 1, 2, 3, 4, 10 }, 1, 6);
        var e = Assert.Throws<ArgumentException>(() => net.Forward(bad));
        Assert.Contains("Token id 10 is outside the embedding's vocabulary [0, 10)", e.Message);
    }

    [Fact]
    public void UnequalSequencesAndMismatchedStepsAreClearErrors()
    {
        var ctx = new MLContext(6);
        var ragged = new InMemoryDataViewBuilder()
            .AddVarVector("Features", new[] { new float[] { 1, 2, 3 }, new float[] { 1, 2 } })
            .AddScalar("Label", new float[] { 1, 2 }).Build();
        var trainer = ctx.Regression.Trainers.NeuralNetwork(new DeepTrainerOptions { Network = NetworkSpec.Recurrent([3, 1], 1), Epochs = 1 });
        var e = Assert.ThrowsAny<ArgumentException>(() => trainer.Fit(ragged));
        Assert.Contains("Features", e.Message);
        Assert.Contains("has type a variable-length", e.Message);
        Assert.Contains("every example (sequence) to have the same length", e.Message);

        var steps = Assert.Throws<ArgumentException>(() => NetworkShapes.Of(new NetworkSpec([1, 28, 28], [new("GRU", In: 14, Out: 8), new("Linear", In: 8, Out: 10)])));
        Assert.Equal("Layer 0 (GRU) reads steps of 14 features; it receives [1, 28, 28] (the last dimension must equal In).", steps.Message);
        Assert.Contains("NumLayers must be in 0..64",
            Assert.Throws<ArgumentException>(() => NetworkShapes.Of(new NetworkSpec([4, 2], [new("LSTM", In: 2, Out: 3, NumLayers: 1000)]))).Message);
    }
}
