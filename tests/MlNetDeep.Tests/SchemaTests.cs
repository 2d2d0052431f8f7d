using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetDeep.Networks;
using MlNetDeep.Schema;
using MlNetDeep.Trainers;
using MlNetDeep.Training;
using Xunit;

namespace MlNetDeep.Tests;

/// <summary>Output columns exactly as ML.NET's own trainers give them; bad columns refused before any training, naming the column and both types.</summary>
public class SchemaTests
{
    private sealed class BeginCounter : TrainingCallback
    {
        public int Begins { get; private set; }
        public override void OnTrainBegin() => Begins++;
    }

    [Fact]
    public void MulticlassColumnsMatchLightGbmsNameTypeAndAnnotations()
    {
        var ml = new MLContext(1);
        var data = TestData.ThreeClasses(ml, 90, 1);
        var lightGbm = ml.MulticlassClassification.Trainers.LightGbm(numberOfIterations: 2, minimumExampleCountPerLeaf: 2).Fit(data).Transform(data).Schema;
        var ours = ml.MulticlassClassification.Trainers.Mlp(new DeepMulticlassTrainer.Options { Epochs = 1 }).Fit(data).Transform(data).Schema;
        foreach (string name in new[] { "Score", "PredictedLabel" })
        {
            Assert.Equal(lightGbm[name].Type, ours[name].Type);
            Assert.Equal(lightGbm[name].Annotations.Schema.Select(a => (a.Name, a.Type)).OrderBy(a => a.Name), ours[name].Annotations.Schema.Select(a => (a.Name, a.Type)).OrderBy(a => a.Name));
        }
        VBuffer<ReadOnlyMemory<char>> a = default, b = default;
        lightGbm["PredictedLabel"].GetKeyValues(ref a);
        ours["PredictedLabel"].GetKeyValues(ref b);
        Assert.Equal(a.DenseValues().Select(v => v.ToString()), b.DenseValues().Select(v => v.ToString()));

        // The estimators' schema shapes agree too (what pipelines check before fitting).
        var shape = ml.Transforms.CopyColumns("X", "Features").Fit(data).GetOutputSchema(data.Schema);
        var ourShape = ml.Transforms.Conversion.MapKeyToValue("Named", "PredictedLabel");
        var chain = ml.MulticlassClassification.Trainers.Mlp(new DeepMulticlassTrainer.Options { Epochs = 1 }).Append(ourShape);
        Assert.NotNull(chain.Fit(data)); // MapKeyToValue's schema check passes on our PredictedLabel shape
    }

    [Fact]
    public void BinaryAndRegressionColumnsMatchMlNets()
    {
        var ml = new MLContext(1);
        var x = TestData.Uniform(80, 4, 1);
        var binary = TestData.Boolean(ml, x, x.Select(r => r[0] > 0.5f).ToArray());
        var fastTree = ml.BinaryClassification.Trainers.LightGbm(numberOfIterations: 2, minimumExampleCountPerLeaf: 2).Fit(binary).Transform(binary).Schema;
        var ours = ml.BinaryClassification.Trainers.Mlp(new DeepBinaryTrainer.Options { Epochs = 1 }).Fit(binary).Transform(binary).Schema;
        foreach (string name in new[] { "Score", "Probability", "PredictedLabel" })
        {
            Assert.Equal(fastTree[name].Type, ours[name].Type);
            Assert.Equal(fastTree[name].Annotations.Schema.Select(a => a.Name).Order(), ours[name].Annotations.Schema.Select(a => a.Name).Order());
        }
        var regression = TestData.Single(ml, x, x.Select(r => r[0] * 2).ToArray());
        var theirs = ml.Regression.Trainers.LightGbm(numberOfIterations: 2, minimumExampleCountPerLeaf: 2).Fit(regression).Transform(regression).Schema["Score"];
        var ourScore = ml.Regression.Trainers.Mlp(new DeepRegressionTrainer.Options { Epochs = 1 }).Fit(regression).Transform(regression).Schema["Score"];
        Assert.Equal(theirs.Type, ourScore.Type);
        Assert.Equal(theirs.Annotations.Schema.Select(a => a.Name), ourScore.Annotations.Schema.Select(a => a.Name));
    }

    [Fact]
    public void BadColumnsAreRefusedBeforeTrainingNamingTheColumnAndTypes()
    {
        var ml = new MLContext(1);
        var counter = new BeginCounter();
        DeepMulticlassTrainer Cnn(DeepMulticlassTrainer.Options? o = null)
        {
            var t = ml.MulticlassClassification.Trainers.NeuralNetwork(o ?? new DeepMulticlassTrainer.Options { Network = NetworkSpec.ReferenceCnn(3, [1, 8, 8]) });
            t.Callbacks.Add(counter);
            return t;
        }
        var wrongSize = TestData.Keyed(ml, TestData.Uniform(10, 100, 1), Enumerable.Repeat(1u, 10).ToArray(), ["a", "b", "c"]);
        var e = Assert.Throws<SchemaMismatchException>(() => Cnn().Fit(wrongSize));
        Assert.Equal("Features: expected Vector<Single, 64> (the network's input [1, 8, 8]), got Vector<Single, 100>.", e.Message);

        var missing = ml.Transforms.CopyColumns("Pixels", "Features").Fit(wrongSize).Transform(wrongSize);
        missing = ml.Transforms.DropColumns("Features").Fit(missing).Transform(missing);
        Assert.Equal("Features: expected Vector<Single> (or another numeric vector) of known size, got no such column.",
            Assert.Throws<SchemaMismatchException>(() => ml.Transforms.CopyColumns("P2", "Pixels").Append(Cnn()).Fit(missing)).Message);

        var floatLabel = TestData.Single(ml, TestData.Uniform(10, 64, 1), new float[10]);
        var notKey = Assert.Throws<SchemaMismatchException>(() => ml.Transforms.CopyColumns("F2", "Features").Append(Cnn()).Fit(floatLabel));
        Assert.Equal("Label: expected a key column (use MapValueToKey), e.g. Key<UInt32, 10>, got Single.", notKey.Message);
        Assert.Contains("got Single", Assert.Throws<SchemaMismatchException>(() => Cnn().Fit(floatLabel)).Message);

        var noLabel = ml.Transforms.DropColumns("Label").Fit(floatLabel).Transform(floatLabel);
        Assert.Equal("Label", Assert.Throws<SchemaMismatchException>(() => Cnn().Fit(noLabel)).Column);

        var threeClasses = TestData.Keyed(ml, TestData.Uniform(10, 64, 1), Enumerable.Repeat(1u, 10).ToArray(), ["a", "b", "c", "d"]);
        Assert.Equal("The network outputs [3] per row; the label 'Label' needs [4] (4 classes).", Assert.Throws<ArgumentException>(() => Cnn().Fit(threeClasses)).Message);

        var flat = TestData.Keyed(ml, TestData.Uniform(10, 10, 1), Enumerable.Repeat(1u, 10).ToArray(), ["a", "b"]);
        Assert.Contains("Set InputShape", Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.Cnn().Fit(flat)).Message);
        Assert.Equal(0, counter.Begins);
    }

    [Fact]
    public void OptionsAreValidatedWhenTheTrainerIsCreated()
    {
        var ml = new MLContext(1);
        Assert.Equal("Epochs must be > 0. Received: 0.", Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.Cnn(epochs: 0)).Message);
        Assert.Contains("LabelSmoothing must be in [0, 1). Received: 1.5", Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.Cnn(new DeepMulticlassTrainer.Options { LabelSmoothing = 1.5 })).Message);
        Assert.Contains("Device must be", Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.Cnn(new DeepMulticlassTrainer.Options { Device = "gpu" })).Message);
        var options = new DeepMulticlassTrainer.Options { Epochs = 3 };
        var trainer = ml.MulticlassClassification.Trainers.Cnn(options);
        options.Epochs = 99;
        Assert.Equal(3, trainer.TrainerOptions.Epochs);
    }

    [Fact]
    public void AskingForCudaWithoutItIsAClearError()
    {
        var ml = new MLContext(1);
        var data = TestData.ThreeClasses(ml, 20, 1);
        var e = Assert.Throws<InvalidOperationException>(() => ml.MulticlassClassification.Trainers.Mlp(new DeepMulticlassTrainer.Options { Device = "cuda" }).Fit(data));
        Assert.Contains("TorchSharp sees no CUDA device", e.Message);
        Assert.Contains("TorchSharp-cuda-linux", e.Message);
        Assert.Equal("cpu", ml.MulticlassClassification.Trainers.Mlp(new DeepMulticlassTrainer.Options { Epochs = 1 }).Fit(data).Device.type.ToString().ToLowerInvariant());
    }

    [Fact]
    public void TransformingDataWithAnotherFeatureSizeIsNamed()
    {
        var ml = new MLContext(1);
        var model = ml.MulticlassClassification.Trainers.Mlp(new DeepMulticlassTrainer.Options { Epochs = 1 }).Fit(TestData.ThreeClasses(ml, 30, 1));
        var other = TestData.Keyed(ml, TestData.Uniform(5, 9, 1), Enumerable.Repeat(1u, 5).ToArray(), ["a"]);
        Assert.Equal("Features: expected Vector<Single, 8>, got Vector<Single, 9>.", Assert.Throws<SchemaMismatchException>(() => model.Transform(other)).Message);
    }
}
