using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using MlNetDeep.Torch;
using Xunit;

namespace MlNetDeep.Deep.Tests;

/// <summary>The neural classifier component: scoring, the managed linear path, model zips, and invalid specs.</summary>
public class NeuralClassifierModelTests
{
    public sealed class Example
    {
        [VectorType(1, 28, 28)] public float[] Features { get; set; } = [];
    }

    public sealed class Prediction
    {
        public float[] Score { get; set; } = [];
        public uint PredictedLabel { get; set; }
    }

    private static IDataView FewImages(int n) => new MLContext(1).Data.TakeRows(new MLContext(1).Data.LoadFashionMnist(train: false), n);

    private static NeuralClassifierModel Cnn()
    {
        Engine.ManualSeed(4);
        var spec = NetworkSpec.ReferenceCnn();
        return new NeuralClassifierModel(spec, spec.Build(), "Features", Data.Idx.FashionMnist.ClassNames);
    }

    [Fact]
    public void ScoresAreProbabilitiesAndLabelsTheirArgMax()
    {
        using var model = Cnn();
        var scored = model.Transform(FewImages(20));
        Assert.Equal(["T-shirt/top", "Trouser"], scored.Schema["PredictedLabel"].KeyValues!.Take(2));
        var rows = new MLContext(1).Data.CreateEnumerable<Prediction>(scored, ignoreMissingColumns: true).ToList();
        Assert.All(rows, r => Assert.Equal(1, r.Score.Sum(), 4));
        Assert.All(rows, r => Assert.Equal((uint)Array.IndexOf(r.Score, r.Score.Max()) + 1, r.PredictedLabel));
        float[][] batched = model.ScoreBatches(FewImages(20), batchSize: 7);
        for (int i = 0; i < rows.Count; i++) Assert.Equal(rows[i].Score, batched[i], (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void RoundTripsThroughAModelZipToIdenticalScores()
    {
        using var model = Cnn();
        var ctx = new MLContext(1);
        var data = FewImages(30);
        var ms = new MemoryStream();
        ctx.Model.Save(model, data.Schema, ms);
        var loaded = ctx.Model.Load(new MemoryStream(ms.ToArray()), out var schema);
        Assert.Equal(EstimatorConformance.Dump(model.Transform(data)), EstimatorConformance.Dump(loaded.Transform(data)));
        using var engine = ctx.Model.CreatePredictionEngine<Example, Prediction>(loaded);
        var first = ctx.Data.CreateEnumerable<Example>(data, ignoreMissingColumns: true).First();
        Assert.Equal(model.Predict(first.Features), engine.Predict(first).Score);
        ((IDisposable)loaded).Dispose();
    }

    [Fact]
    public void LinearFastPathMatchesTheEngine()
    {
        Engine.ManualSeed(9);
        var spec = NetworkSpec.Linear(784, 10);
        using var fast = new NeuralClassifierModel(spec, spec.Build(), "Features", Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray());
        var x = Enumerable.Range(0, 784).Select(i => (float)Math.Sin(i)).ToArray();
        using var scope = Engine.NewDisposeScope();
        float[] expected = fast.Network.Forward(Tensor.FromArray(x, 1, 784)).Softmax(1).ToArray<float>();
        Assert.Equal(expected, fast.Predict(x), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void BadSpecsAndWeightsAreClearErrors()
    {
        var bad = new NetworkSpec([1, 28, 28], [new LayerSpec("Conv2d", In: 3, Out: 4, Kernel: 3)]);
        var net = bad.Build();
        var e = Assert.Throws<ArgumentException>(() => new NeuralClassifierModel(bad, net, "Features", ["a", "b"]));
        Assert.Contains("do not fit", e.Message);
        Assert.Contains("unknown layer type 'Lambda'", Assert.Throws<ArgumentException>(() => new NetworkSpec([4], [new LayerSpec("Lambda")]).Build()).Message);
        Assert.Contains("Out must be", Assert.Throws<ArgumentException>(() => new NetworkSpec([4], [new LayerSpec("Linear", In: 4, Out: -1)]).Build()).Message);
        var linear = NetworkSpec.Linear(4, 3);
        Assert.Contains("this model needs [2]", Assert.Throws<ArgumentException>(() => new NeuralClassifierModel(linear, linear.Build(), "F", ["a", "b"])).Message);
        using var model = Cnn();
        var wrong = new InMemoryDataViewBuilder().AddVector("Features", new float[10], 10).Build();
        var m = Assert.Throws<SchemaMismatchException>(() => model.Transform(wrong));
        Assert.Equal("Vector<Single, 784>", m.Expected);
    }

    [Fact]
    public void TamperedWeightsInAZipAreTypedErrors()
    {
        using var model = Cnn();
        var ctx = new MLContext(1);
        var ms = new MemoryStream();
        ctx.Model.Save(model, FewImages(1).Schema, ms);
        byte[] zip = ms.ToArray();
        var rng = new Random(3);
        int refused = 0;
        for (int i = 0; i < 300; i++)
        {
            byte[] b = (byte[])zip.Clone();
            b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
            try { ctx.Model.Load(new MemoryStream(b), out _); }
            catch (ModelFormatException) { refused++; }
        }
        Assert.True(refused > 250, $"only {refused} of 300 flips refused");
    }
}
