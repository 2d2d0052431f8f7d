using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Training;
using Xunit;

namespace MlNetDeep.Deep.Tests;

/// <summary>Regression and binary heads, and the embedding column.</summary>
public class TaskHeadTests
{
    [Fact]
    public void RegressionLearnsTheBrightColumnOfAnImage()
    {
        // 1x8x8 images with one bright column; the label is that column's index (image in, number out).
        var rng = new Random(4);
        int n = 400;
        var cols = Enumerable.Range(0, n).Select(_ => rng.Next(8)).ToArray();
        var pixels = cols.SelectMany(c => Enumerable.Range(0, 64).Select(i => i % 8 == c ? 1f : (float)rng.NextDouble() * 0.1f)).ToArray();
        var data = new InMemoryDataViewBuilder().AddVector("Features", pixels, 1, 8, 8).AddScalar("Label", cols.Select(c => (float)c).ToArray()).Build();
        var ctx = new MLContext(1);
        var trainer = ctx.Regression.Trainers.NeuralNetwork(new DeepTrainerOptions { Network = NetworkSpec.Mlp([1, 8, 8], [32], 1), Epochs = 60, BatchSize = 32, LearningRate = 3e-3 });
        using var model = trainer.Fit(data);
        var m = ctx.Regression.Evaluate(model.Transform(data));
        Assert.True(m.RootMeanSquaredError < 0.5, $"RMSE {m.RootMeanSquaredError}");
        Assert.True(m.RSquared > 0.95, $"R2 {m.RSquared}");
        EstimatorConformance.Check(c => c.Regression.Trainers.NeuralNetwork(new DeepTrainerOptions { Network = NetworkSpec.Mlp([1, 8, 8], [4], 1), Epochs = 2 }, l1Loss: true),
            data, requiredColumn: "Label");
    }

    [Fact]
    public void BinaryHeadLearnsXorWithProbabilities()
    {
        float[] x = [0, 0, 0, 1, 1, 0, 1, 1];
        var rows = Enumerable.Range(0, 16).ToArray();
        var data = new InMemoryDataViewBuilder()
            .AddVector("Features", rows.SelectMany(i => x.Skip(2 * (i % 4)).Take(2)).ToArray(), 2)
            .AddScalar("Label", rows.Select(i => i % 4 is 1 or 2).ToArray())
            .Build();
        var ctx = new MLContext(2);
        var trainer = ctx.BinaryClassification.Trainers.NeuralNetwork(new DeepTrainerOptions { Network = NetworkSpec.Mlp([2], [8], 1, "Tanh"), Epochs = 200, BatchSize = 4, LearningRate = 0.05 });
        using var model = trainer.Fit(data);
        var m = ctx.BinaryClassification.Evaluate(model.Transform(data));
        Assert.Equal(1.0, m.Accuracy);
        Assert.Equal(1.0, m.AreaUnderRocCurve);
        Assert.True(model.TrainingLogs!.Metrics["accuracy"] > 0.99);
        var e = Assert.Throws<SchemaMismatchException>(() => trainer.Fit(new InMemoryDataViewBuilder().AddVector("Features", new float[4], 2).AddScalar("Label", new[] { 1f, 0f }).Build()));
        Assert.Equal("Boolean", e.Expected);
    }

    [Fact]
    public void MultiLabelHeadLearnsIndependentLabels()
    {
        // Label j is on when feature j exceeds 0.5 (three labels, four features).
        var rng = new Random(6);
        int n = 300;
        float[] x = Enumerable.Range(0, n * 4).Select(_ => (float)rng.NextDouble()).ToArray();
        bool[] y = Enumerable.Range(0, n * 3).Select(i => x[(i / 3) * 4 + i % 3] > 0.5f).ToArray();
        var data = new InMemoryDataViewBuilder().AddVector("Features", x, 4).AddVector("Label", y, 3).Build();
        var ctx = new MLContext(3);
        using var model = ctx.MultiLabelClassification.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Network = NetworkSpec.Mlp([4], [32], 3), Epochs = 80, BatchSize = 32, LearningRate = 1e-2,
        }).Fit(data);
        var m = ctx.MultiLabelClassification.Evaluate(model.Transform(data));
        Assert.True(m.HammingLoss < 0.05, $"Hamming loss {m.HammingLoss}");
        Assert.True(m.MicroF1 > 0.95);
        var ms = new MemoryStream();
        ctx.Model.Save(model, data.Schema, ms);
        Assert.Equal(EstimatorConformance.Dump(model.Transform(data)), EstimatorConformance.Dump(ctx.Model.Load(new MemoryStream(ms.ToArray()), out _).Transform(data)));
    }

    [Fact]
    public void PresetsFitTwentyEightByTwentyEightImages()
    {
        foreach (var spec in new[] { NetworkSpec.LeNet5(), NetworkSpec.SmallVgg(), NetworkSpec.SmallResNet(), NetworkSpec.ReferenceCnn() })
        {
            using var net = spec.Build();
            Assert.Equal([10L], spec.OutputShape(net));
        }
    }

    [Fact]
    public void SmallResNetTrainsAndItsResidualBlocksSurviveTheZip()
    {
        var spec = NetworkSpec.SmallResNet();
        using (var net = spec.Build())
        {
            var names = net.NamedParameters().Select(p => p.Name).ToHashSet();
            Assert.Contains("3.conv1.weight", names);
            Assert.Contains("4.downsample.0.weight", names);
            Assert.DoesNotContain("3.downsample.0.weight", names); // same channels and stride: identity shortcut
            Assert.Contains("5.bn2.running_mean", net.NamedBuffers().Select(b => b.Name));
        }
        var c = new MLContext(3);
        var data = c.Data.Cache(c.Data.TakeRows(c.Data.LoadFashionMnist(train: true), 256));
        var losses = new List<double>();
        var resnetTrainer = c.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Network = spec, Epochs = 10, BatchSize = 32, LearningRate = 3e-3,
        });
        resnetTrainer.Callbacks.Add(new LossRecorder(losses));
        using var model = resnetTrainer.Fit(data);
        var scored = model.Transform(data);
        double accuracy = c.MulticlassClassification.Evaluate(scored).MacroAccuracy;
        Assert.True(accuracy > 0.6 && losses[^1] < losses[0] / 2, $"accuracy {accuracy}, losses {string.Join(" ", losses)}");
        var ms = new MemoryStream();
        c.Model.Save(model, data.Schema, ms);
        Assert.Equal(EstimatorConformance.Dump(scored), EstimatorConformance.Dump(c.Model.Load(new MemoryStream(ms.ToArray()), out _).Transform(data)));
    }

    [Fact]
    public void EmbeddingColumnIsTheLastLayersInputAndSurvivesTheZip()
    {
        var c = new MLContext(1);
        var data = c.Data.Cache(c.Data.TakeRows(c.Data.LoadFashionMnist(train: true), 100));
        var trainer = c.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Network = NetworkSpec.Mlp([1, 28, 28], [24], 10), Epochs = 1, OutputEmbedding = true,
        });
        Assert.NotNull(trainer.GetOutputSchema(SchemaShape.Create(data.Schema)).Find("Embedding"));
        using var model = trainer.Fit(data);
        Assert.Equal(24, model.EmbeddingSize);
        var scored = model.Transform(data);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 24), scored.Schema["Embedding"].Type);
        var ms = new MemoryStream();
        c.Model.Save(model, data.Schema, ms);
        var loaded = c.Model.Load(new MemoryStream(ms.ToArray()), out _);
        Assert.Equal(EstimatorConformance.Dump(scored), EstimatorConformance.Dump(loaded.Transform(data)));
        var spec1 = NetworkSpec.Linear(4, 2);
        Assert.Contains("at least two layers", Assert.Throws<ArgumentException>(() => new NeuralClassifierModel(spec1, spec1.Build(), "F", ["a", "b"], outputEmbedding: true)).Message);
    }

    private sealed class LossRecorder(List<double> losses) : TrainingCallback
    {
        public override void OnEpochEnd(TrainingLogs logs) => losses.Add(logs.Loss);
    }
}
