using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Training;
using MlNetDeep.Deep.Transfer;
using MlNetDeep.Torch;
using MlNetDeep.Torch.IO;
using MlNetDeep.Torch.Nn;
using Xunit;

namespace MlNetDeep.Deep.Tests;

/// <summary>Transfer learning: backbones, fine-tuning with freezing, feature extraction and distillation.</summary>
public class TransferTests
{
    /// <summary>A reference CNN trained briefly on Fashion-MNIST classes 0–4, shared by the tests (each builds its own networks from it).</summary>
    private static readonly Lazy<(NeuralClassifierModel Model, Backbone Backbone)> s_trained = new(() =>
    {
        var ctx = new MLContext(1);
        var train = ctx.Data.LoadFashionMnist(train: true, classes: [0, 1, 2, 3, 4], perClass: 300);
        var model = ctx.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Network = NetworkSpec.ReferenceCnn(5), Epochs = 2, LearningRate = 2e-3, Seed = 1,
        }).Fit(train);
        return (model, Backbone.FromModel(model));
    });

    private static Backbone Trained => s_trained.Value.Backbone;

    /// <summary>100 images each of classes 5–9 (Sandal, Shirt, Sneaker, Bag, Ankle boot).</summary>
    private static InMemoryDataView NewClasses(bool train = true, int perClass = 60) =>
        new MLContext(2).Data.LoadFashionMnist(train, classes: [5, 6, 7, 8, 9], perClass: perClass);

    private static NeuralClassifierModel FineTune(FineTuneOptions options) =>
        new MLContext(3).MulticlassClassification.Trainers.FineTune(Trained, options with { Seed = 4 }).Fit(NewClasses());

    /// <summary>Layer i's parameters and buffers by name, as arrays.</summary>
    private static Dictionary<string, float[]> State(Sequential net, params int[] layers) =>
        net.StateDict().Where(kv => layers.Contains(NetworkLayers.LayerOf(kv.Key)) && kv.Value.DType == DType.Float32)
            .ToDictionary(kv => kv.Key, kv => kv.Value.ToArray<float>());

    private static Dictionary<string, float[]> BackboneState(params int[] layers)
    {
        using var net = Trained.Build();
        return State(net, layers);
    }

    [Fact]
    public void LayerNamesAndBlocksFollowTheSpec()
    {
        var spec = NetworkSpec.ReferenceCnn(5);
        Assert.Equal(["conv2d_0", "batchnorm2d_0", "relu_0", "maxpool2d_0", "conv2d_1", "batchnorm2d_1", "relu_1", "maxpool2d_1", "flatten_0", "linear_0", "relu_2", "dropout_0", "linear_1"],
            NetworkLayers.Names(spec));
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 3], NetworkLayers.Blocks(spec));
        Assert.Equal([0, 4], NetworkLayers.Matching(spec, "conv2d_*"));
        Assert.Equal([1, 5], NetworkLayers.Matching(spec, "batchnorm?d_?"));
        var missing = Assert.Throws<ArgumentException>(() => NetworkLayers.Matching(spec, "conv3d_*"));
        Assert.Contains("No layer matches 'conv3d_*'", missing.Message);
        Assert.Contains("The layers: conv2d_0, batchnorm2d_0, relu_0", missing.Message);
        Assert.Contains("(did you mean 'linear_0'?)", Assert.Throws<ArgumentException>(() => NetworkLayers.IndexOf(spec, "linear_7")).Message);
    }

    [Fact]
    public void AFrozenBackboneKeepsItsWeightsAndBatchNormStatisticsBitIdentical()
    {
        using var model = FineTune(new FineTuneOptions { TrainableBlocks = 0, Epochs = 6, BatchSize = 32, LearningRate = 3e-3 });
        int[] body = Enumerable.Range(0, 12).ToArray();
        var before = BackboneState(body);
        var after = State(model.Network, body);
        Assert.Contains("1.running_mean", after.Keys);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, values) in before) Assert.True(values.AsSpan().SequenceEqual(after[name]), $"{name} changed although frozen");
        // The new head has the new classes, and it trained.
        Assert.Equal(["Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"], model.ClassNames);
        Assert.Equal(5, model.Outputs);
        var accuracy = new MLContext(1).MulticlassClassification.Evaluate(model.Transform(NewClasses(train: false, perClass: 100))).MicroAccuracy;
        Assert.True(accuracy > 0.45, $"a trained head on frozen features reached only {accuracy:F3} on five new classes");
    }

    [Fact]
    public void ABackboneAtLearningRateZeroStillUpdatesItsBatchNormStatisticsWhereAFrozenOneDoesNot()
    {
        // The contrast that shows freezing keeps batch norm in inference mode: unfrozen at rate 0 the weights stay but the statistics move.
        using var model = FineTune(new FineTuneOptions { BackboneLearningRateFactor = 0, Epochs = 1 });
        var before = BackboneState(0, 1);
        var after = State(model.Network, 0, 1);
        Assert.True(before["0.weight"].AsSpan().SequenceEqual(after["0.weight"]), "a backbone at learning rate 0 must keep its weights");
        Assert.False(before["1.running_mean"].AsSpan().SequenceEqual(after["1.running_mean"]), "an unfrozen batch norm in training mode updates its running mean");
    }

    [Fact]
    public void PatternsAndTrainableBlocksChooseWhatTrains()
    {
        using (var byPattern = FineTune(new FineTuneOptions { FreezeLayers = ["conv2d_0", "batchnorm2d_0"], Epochs = 1, BackboneLearningRateFactor = 1 }))
        {
            var before = BackboneState(0, 1, 4);
            var after = State(byPattern.Network, 0, 1, 4);
            Assert.True(before["0.weight"].AsSpan().SequenceEqual(after["0.weight"]));
            Assert.True(before["1.running_var"].AsSpan().SequenceEqual(after["1.running_var"]));
            Assert.False(before["4.weight"].AsSpan().SequenceEqual(after["4.weight"]), "conv2d_1 is not frozen and should have trained");
        }
        using (var topBlock = FineTune(new FineTuneOptions { TrainableBlocks = 1, Epochs = 1, BackboneLearningRateFactor = 1 }))
        {
            var before = BackboneState(4, 9);
            var after = State(topBlock.Network, 4, 9);
            Assert.True(before["4.weight"].AsSpan().SequenceEqual(after["4.weight"]), "the second convolutional block is below the one trainable block");
            Assert.False(before["9.weight"].AsSpan().SequenceEqual(after["9.weight"]), "linear_0 is the top block below the head and should have trained");
        }
    }

    [Fact]
    public void GradualUnfreezingOpensOneBlockPerPeriodFromTheTop()
    {
        var tuning = new FineTuning(Trained, new FineTuneOptions { UnfreezeEveryEpochs = 2 });
        tuning.Spec([1, 28, 28], 5, "Label", null);
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3], Enumerable.Range(1, 8).Select(tuning.TrainableBlocksAt));
        var fromOne = new FineTuning(Trained, new FineTuneOptions { UnfreezeEveryEpochs = 1, TrainableBlocks = 1 });
        fromOne.Spec([1, 28, 28], 5, "Label", null);
        Assert.Equal([1, 2, 3, 3], Enumerable.Range(1, 4).Select(fromOne.TrainableBlocksAt));

        // Two epochs, one block opening after the first: linear_0 trains, the convolutions never do.
        using var model = FineTune(new FineTuneOptions { UnfreezeEveryEpochs = 1, Epochs = 2, BackboneLearningRateFactor = 1 });
        var before = BackboneState(0, 4, 9);
        var after = State(model.Network, 0, 4, 9);
        Assert.True(before["4.weight"].AsSpan().SequenceEqual(after["4.weight"]));
        Assert.True(before["0.weight"].AsSpan().SequenceEqual(after["0.weight"]));
        Assert.False(before["9.weight"].AsSpan().SequenceEqual(after["9.weight"]));
    }

    [Fact]
    public void KeepingTheHeadNeedsTheSameClassesAndMistakesAreNamed()
    {
        var ctx = new MLContext(5);
        using (var kept = ctx.MulticlassClassification.Trainers.FineTune(Trained, new FineTuneOptions { ReplaceHead = false, Epochs = 1, Seed = 1 })
            .Fit(ctx.Data.LoadFashionMnist(true, classes: [0, 1, 2, 3, 4], perClass: 20)))
            Assert.Equal(5, kept.Outputs);
        var three = ctx.Data.LoadFashionMnist(true, classes: [5, 6, 7], perClass: 20);
        var mismatch = Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.FineTune(Trained, new FineTuneOptions { ReplaceHead = false }).Fit(three));
        Assert.Contains("Class-count mismatch: the backbone's head outputs 5 scores but label 'Label' has 3 classes", mismatch.Message);
        var pattern = Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.FineTune(Trained, new FineTuneOptions { FreezeLayers = ["conv_*"] }).Fit(three));
        Assert.Contains("No layer matches 'conv_*'", pattern.Message);
        Assert.Contains("Leave Network null", Assert.Throws<ArgumentException>(() =>
            ctx.MulticlassClassification.Trainers.FineTune(Trained, new FineTuneOptions { Network = NetworkSpec.LeNet5() })).Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("TrainableBlocks must be >= 0", Assert.Throws<ArgumentException>(() =>
            ctx.MulticlassClassification.Trainers.FineTune(Trained, new FineTuneOptions { TrainableBlocks = -1 })).Message);
    }

    [Fact]
    public void AFineTunedModelRoundTripsThroughTheZip()
    {
        using var model = FineTune(new FineTuneOptions { TrainableBlocks = 1, Epochs = 1 });
        var test = NewClasses(train: false, perClass: 10);
        var loaded = new MLContext(1).Model.Load(new MemoryStream(ZipRewriter.Saved(model, test.Schema)), out _);
        Assert.Equal(EstimatorConformance.Dump(model.Transform(test)), EstimatorConformance.Dump(loaded.Transform(test)));
        (loaded as IDisposable)?.Dispose();
    }

    [Fact]
    public void ExtractedFeaturesFeedAnotherLearnerAndRoundTrip()
    {
        var ctx = new MLContext(6);
        var train = NewClasses();
        var pipeline = ctx.Transforms.ExtractNetworkFeatures(Trained).AppendCacheCheckpoint(ctx)
            .Append(ctx.MulticlassClassification.Trainers.SoftmaxRegression(epochs: 30, learningRate: 0.05));
        var fitted = pipeline.Fit(train);
        var features = fitted.OfType<NetworkFeaturesModel>().Single();
        Assert.Equal("dropout_0", features.LayerName);
        Assert.Equal(128, features.OutputSize);
        var test = NewClasses(train: false, perClass: 100);
        double accuracy = ctx.MulticlassClassification.Evaluate(fitted.Transform(test)).MicroAccuracy;
        Assert.True(accuracy > 0.6, $"softmax regression on the backbone's features reached only {accuracy:F3} on five new classes");

        var loaded = ctx.Model.Load(new MemoryStream(ZipRewriter.Saved(fitted, train.Schema)), out _);
        var small = NewClasses(train: false, perClass: 5);
        Assert.Equal(EstimatorConformance.Dump(fitted.Transform(small)), EstimatorConformance.Dump(loaded.Transform(small)));
        (loaded as IDisposable)?.Dispose();

        // A named layer: the second pooling's activations, computed as the backbone computes them.
        using var pooled = ctx.Transforms.ExtractNetworkFeatures(Trained, "maxpool2d_1", "Pooled", "Features").Fit(small);
        Assert.Equal(64 * 7 * 7, pooled.OutputSize);
        float[] image = Rows(small, "Features")[0];
        using var net = Trained.Build();
        using (Engine.NewDisposeScope())
        using (Engine.NoGrad())
        {
            Tensor x = Tensor.FromArray(image, 1, 1, 28, 28);
            for (int i = 0; i <= 7; i++) x = net[i].Forward(x);
            Assert.Equal(x.ToArray<float>(), pooled.Extract(image));
        }
        Assert.Equal(Rows(pooled.Transform(small), "Pooled")[0], pooled.Extract(image));
        var unknown = Assert.Throws<ArgumentException>(() => ctx.Transforms.ExtractNetworkFeatures(Trained, "maxpool2d_7"));
        Assert.Contains("The network has no layer 'maxpool2d_7' (did you mean 'maxpool2d_0'?)", unknown.Message);
        Assert.Contains("Its layers: conv2d_0,", unknown.Message);
    }

    private static float[][] Rows(IDataView data, string column)
    {
        var rows = new List<float[]>();
        using var c = data.GetRowCursor([data.Schema[column]]);
        var get = c.GetGetter<VBuffer<float>>(data.Schema[column]);
        var buf = default(VBuffer<float>);
        while (c.MoveNext()) { get(ref buf); rows.Add(buf.ToArray()); }
        return rows.ToArray();
    }

    [Fact]
    public void BackbonesComeFromZipsAndFromMappedWeightFiles()
    {
        string dir = Directory.CreateTempSubdirectory("mnd-backbone").FullName;
        try
        {
            var teacher = s_trained.Value.Model;
            string zip = Path.Combine(dir, "cnn.zip");
            new MLContext(1).Model.Save(teacher, NewClasses(perClass: 1).Schema, zip);
            var fromZip = Backbone.FromModelFile(zip);
            Assert.Equal(Trained.LayerNames, fromZip.LayerNames);
            Assert.Equal(Trained.Spec.InputShape, fromZip.Spec.InputShape);
            Assert.Equal(BackboneState(0, 12)["12.weight"], BuildState(fromZip, 12)["12.weight"]);

            // A PyTorch-style state dict whose names carry a "features." prefix, mapped back onto our spec.
            string weights = Path.Combine(dir, "renamed.mndt");
            using (var net = Trained.Build())
                TensorFile.Save(weights, net.StateDict().ToDictionary(kv => "features." + kv.Key, kv => kv.Value));
            var mapped = Backbone.FromWeights(Trained.Spec, weights, new Dictionary<string, string> { ["features."] = "" });
            Assert.Equal(BackboneState(4)["4.weight"], BuildState(mapped, 4)["4.weight"]);
            var unmapped = Assert.Throws<StateDictMismatchException>(() => Backbone.FromWeights(Trained.Spec, weights));
            Assert.Contains("features.0.weight", unmapped.Message);
            Assert.Contains("0.weight", unmapped.Message);

            string notNeural = Path.Combine(dir, "features.zip");
            using (var f = new MLContext(1).Transforms.ExtractNetworkFeatures(Trained).Fit(NewClasses(perClass: 1)))
                new MLContext(1).Model.Save(f, NewClasses(perClass: 1).Schema, notNeural);
            Assert.Contains("holds no neural network", Assert.Throws<ArgumentException>(() => Backbone.FromModelFile(notNeural)).Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static Dictionary<string, float[]> BuildState(Backbone b, params int[] layers)
    {
        using var net = b.Build();
        return State(net, layers);
    }

    [Fact]
    public void DistillationTrainsASmallerStudentFromTheTeacher()
    {
        var ctx = new MLContext(7);
        var teacher = s_trained.Value.Model;
        var train = ctx.Data.LoadFashionMnist(true, classes: [0, 1, 2, 3, 4], perClass: 300);
        using var student = ctx.MulticlassClassification.Trainers.Distill(teacher, new DistillationOptions { Epochs = 2, LearningRate = 3e-3, Seed = 2 }).Fit(train);
        long Params(NeuralClassifierModel m) => m.Network.Parameters().Sum(p => p.NumberOfElements);
        Assert.True(Params(student) * 10 < Params(teacher), $"the student has {Params(student)} parameters, the teacher {Params(teacher)}");
        var test = ctx.Data.LoadFashionMnist(false, classes: [0, 1, 2, 3, 4], perClass: 100);
        double accuracy = ctx.MulticlassClassification.Evaluate(student.Transform(test)).MicroAccuracy;
        Assert.True(accuracy > 0.6, $"the student reached only {accuracy:F3}");

        // The soft loss is zero when the student's logits are the teacher's, and positive otherwise.
        var setup = new Distillation(teacher, new DistillationOptions { SoftLossWeight = 1 });
        using (Engine.NewDisposeScope())
        {
            Tensor x = Tensor.FromArray(Rows(test, "Features").Take(4).SelectMany(r => r).ToArray(), 4, 784);
            Tensor logits;
            using (Engine.NoGrad()) logits = teacher.Network.Forward(x.View(4, 1, 28, 28));
            Assert.Equal(0, setup.Loss(x, logits, Tensors.Zeros(4), (_, _) => throw new InvalidOperationException()).ToDouble(), 5);
            Assert.True(setup.Loss(x, logits.Mul(0.0), Tensors.Zeros(4), (_, _) => throw new InvalidOperationException()).ToDouble() > 0.01);
        }
        var wrong = Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.Distill(teacher).Fit(ctx.Data.LoadFashionMnist(true, perClass: 5)));
        Assert.Contains("Class-count mismatch: the teacher scores 5 classes but label 'Label' has 10", wrong.Message);
        Assert.Contains("Temperature must be", Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.Distill(teacher, new DistillationOptions { Temperature = 0 })).Message);
    }

    /// <summary>Our spec of tests/fixtures/torchscript/small_cnn.pt.</summary>
    private static NetworkSpec SmallCnnSpec(string activation = "ReLU") => new([1, 28, 28],
    [
        new("Conv2d", In: 1, Out: 4, Kernel: 3, Stride: 1, Padding: 1), new("BatchNorm2d", Out: 4), new(activation), new("MaxPool2d", Kernel: 2),
        new("Flatten"), new("Linear", In: 4 * 14 * 14, Out: 16), new(activation), new("Linear", In: 16, Out: 3),
    ]);

    private static string TorchScriptFixture => Fixtures.SmallCnnTorchScript;

    [Fact]
    public void ATorchScriptBackboneLoadsFineTunesAndRoundTripsThroughTheZip()
    {
        var backbone = Backbone.FromTorchScript(TorchScriptFixture, SmallCnnSpec());
        using (var script = TorchScriptModule.Load(TorchScriptFixture))
        using (var ours = backbone.Build())
        using (Engine.NewDisposeScope())
        using (Engine.NoGrad())
        {
            script.Eval();
            Tensor x = Tensors.Rand(3, 1, 28, 28);
            float[] a = script.Forward(x).ToArray<float>(), b = ours.Forward(x).ToArray<float>();
            for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 4);
        }
        var ctx = new MLContext(8);
        var train = ctx.Data.LoadFashionMnist(true, classes: [5, 7, 9, 8], perClass: 40);
        using var model = ctx.MulticlassClassification.Trainers.FineTune(backbone, new FineTuneOptions { Epochs = 2, BatchSize = 32, Seed = 3 }).Fit(train);
        Assert.Equal(4, model.Outputs);
        Assert.Equal(["Sandal", "Sneaker", "Ankle boot", "Bag"], model.ClassNames);
        var test = ctx.Data.LoadFashionMnist(false, classes: [5, 7, 9, 8], perClass: 5);
        var loaded = ctx.Model.Load(new MemoryStream(ZipRewriter.Saved(model, test.Schema)), out _);
        Assert.Equal(EstimatorConformance.Dump(model.Transform(test)), EstimatorConformance.Dump(loaded.Transform(test)));
        (loaded as IDisposable)?.Dispose();
        // Keeping the script's own 3-class head needs three classes.
        using var kept = ctx.MulticlassClassification.Trainers.FineTune(backbone, new FineTuneOptions { ReplaceHead = false, Epochs = 1, Seed = 3 })
            .Fit(ctx.Data.LoadFashionMnist(true, classes: [0, 1, 2], perClass: 20));
        Assert.Equal(3, kept.Outputs);
    }

    [Fact]
    public void ATorchScriptSpecThatComputesSomethingElseIsRefused()
    {
        var wrongActivation = Assert.Throws<ArgumentException>(() => Backbone.FromTorchScript(TorchScriptFixture, SmallCnnSpec("Tanh")));
        Assert.Contains("the spec computes something else than the TorchScript module", wrongActivation.Message);
        var wrongSize = Assert.Throws<StateDictMismatchException>(() => Backbone.FromTorchScript(TorchScriptFixture,
            SmallCnnSpec() with { Layers = [.. SmallCnnSpec().Layers[..7], new LayerSpec("Linear", In: 16, Out: 5)] }));
        Assert.Contains("7.weight", wrongSize.Message);
        string notScript = Path.GetTempFileName();
        try
        {
            File.WriteAllText(notScript, "not a TorchScript file");
            Assert.Contains("is not a TorchScript file", Assert.Throws<InvalidDataException>(() => Backbone.FromTorchScript(notScript, SmallCnnSpec())).Message);
        }
        finally
        {
            File.Delete(notScript);
        }
    }
}
