using System.Text;
using System.Text.Json.Nodes;
using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using MlNetDeep.Torch;
using Xunit;

namespace MlNetDeep.Deep.Tests;

/// <summary>
/// Neural components against crafted zips whose hashes are re-signed, so every mutation reaches
/// the JSON reader, the tensor reader and the network builder: each is a typed error naming the
/// entry, never a crash or an allocation the spec asks for but the file's caps do not allow.
/// </summary>
public class HostileNetworkZipTests
{
    public static TheoryData<string> Presets => new() { "ReferenceCnn", "LeNet5", "SmallVgg", "SmallResNet", "MlpBatchNorm", "Linear", "GruRows", "TokenLstm", "DcganGenerator", "DcganDiscriminator" };

    private static NetworkSpec Preset(string name) => name switch
    {
        "ReferenceCnn" => NetworkSpec.ReferenceCnn(),
        "LeNet5" => NetworkSpec.LeNet5(),
        "SmallVgg" => NetworkSpec.SmallVgg(),
        "SmallResNet" => NetworkSpec.SmallResNet(),
        "MlpBatchNorm" => NetworkSpec.Mlp([1, 28, 28], [32, 16], 10, dropout: 0.1, batchNorm: true),
        "GruRows" => NetworkSpec.Recurrent([1, 28, 28], 10, "GRU", hidden: 32, layers: 2, bidirectional: true, dropout: 0.1),
        "TokenLstm" => NetworkSpec.TokenRecurrent(30, vocabulary: 50, outputs: 4, embedding: 32, cell: "LSTM", hidden: 16),
        "DcganGenerator" => Generative.GanNetworks.DcganGenerator(64),
        "DcganDiscriminator" => Generative.GanNetworks.DcganDiscriminator(),
        _ => NetworkSpec.Linear(784, 10),
    };

    [Theory]
    [MemberData(nameof(Presets))]
    public void ManagedShapeAnalysisAgreesWithLibtorch(string preset)
    {
        var spec = Preset(preset);
        var shapes = NetworkShapes.Of(spec);
        using var net = spec.Build();
        Assert.Equal(spec.OutputShape(net), shapes.OutputShape);
        Assert.Equal(net.StateDict().Values.Sum(t => t.NumberOfElements), shapes.StateElements);
        Assert.True(shapes.LargestActivation >= 784);
    }

    [Fact]
    public void ShapeErrorsNameTheLayerAndWhatItReceives()
    {
        var e = Assert.Throws<ArgumentException>(() => NetworkShapes.Of(new NetworkSpec([1, 28, 28],
            [new("Conv2d", In: 1, Out: 8, Kernel: 3, Padding: 1), new("MaxPool2d", Kernel: 2), new("Flatten"), new("Linear", In: 1000, Out: 10)])));
        Assert.Equal("Layer 3 (Linear) expects 1000 input features; it receives [1568].", e.Message);
        Assert.Contains("Layer 0 (Conv2d) expects 3 channels; it receives [1, 28, 28]",
            Assert.Throws<ArgumentException>(() => NetworkShapes.Of(new NetworkSpec([1, 28, 28], [new("Conv2d", In: 3, Out: 8, Kernel: 3)]))).Message);
        Assert.Contains("kernel 9 does not fit the height 4",
            Assert.Throws<ArgumentException>(() => NetworkShapes.Of(new NetworkSpec([1, 4, 4], [new("Conv2d", In: 1, Out: 8, Kernel: 9)]))).Message);
        Assert.Contains("overflow", Assert.Throws<ArgumentException>(() => NetworkShapes.Of(new NetworkSpec([1 << 24, 1 << 24, 1 << 24], [new("ReLU")]))).Message);
        Assert.Contains("overflow", Assert.Throws<ArgumentException>(() => NetworkShapes.Of(new NetworkSpec([1 << 24, 2, 2],
            [new("Conv2d", In: 1 << 24, Out: 1 << 24, Kernel: 1 << 24, Padding: 1 << 24)]))).Message);
    }

    /// <summary>A small net with every kind of weight entry (conv, batch norm, linear) whose padding does not change its output shape.</summary>
    private static readonly NetworkSpec Small = new([1, 8, 8],
        [new("Conv2d", In: 1, Out: 4, Kernel: 3, Padding: 1), new("BatchNorm2d", Out: 4), new("ReLU"), new("GlobalAvgPool2d"), new("Flatten"), new("Linear", In: 4, Out: 3)]);

    private static byte[] Saved(NetworkSpec spec, string[] classes)
    {
        Engine.ManualSeed(2);
        using var model = new NeuralClassifierModel(spec, spec.Build(), "Features", classes);
        var ms = new MemoryStream();
        var schema = new InMemoryDataViewBuilder().AddVector("Features", new float[spec.InputShape.Aggregate(1, (a, b) => a * b)], spec.InputShape).Build().Schema;
        new MLContext(1).Model.Save(model, schema, ms);
        return ms.ToArray();
    }

    private static byte[] SavedCnn() => Saved(NetworkSpec.ReferenceCnn(), Data.Idx.FashionMnist.ClassNames.ToArray());

    private static byte[] Resign(byte[] zip, string suffix, Func<byte[], byte[]> edit) => ZipRewriter.Resign(zip, suffix, edit);

    private static byte[] EditSpec(byte[] zip, Action<JsonObject> edit) => Resign(zip, "network.json", b =>
    {
        var o = JsonNode.Parse(b)!.AsObject();
        edit(o);
        return Encoding.UTF8.GetBytes(o.ToJsonString());
    });

    private static ModelFormatException Refused(byte[] zip) =>
        Assert.Throws<ModelFormatException>(() => new MLContext(1).Model.Load(new MemoryStream(zip), out _));

    private static JsonObject Layer(JsonObject network, int i) => network["Spec"]!["Layers"]![i]!.AsObject();

    [Fact]
    public void ASpecAskingForMoreThanTheWeightsHoldIsRefusedBeforeAllocation()
    {
        byte[] zip = SavedCnn();
        // 2^24 x 2^24 floats would be a petabyte; the check runs in managed code before libtorch sees it.
        var huge = Refused(EditSpec(zip, n => { Layer(n, 9)["In"] = 1 << 24; Layer(n, 9)["Out"] = 1 << 24; }));
        Assert.EndsWith("network.json", huge.Entry);
        var grown = Refused(EditSpec(zip, n => { Layer(n, 9)["Out"] = 256; Layer(n, 12)["In"] = 256; }));
        Assert.Contains("weights.mndt holds", grown.Rule);
        // Same weights and output, but padding that would make one example's activation tens of gigabytes.
        var padded = Refused(EditSpec(Saved(Small, ["a", "b", "c"]), n => Layer(n, 0)["Padding"] = 20_000));
        Assert.Contains("largest activation", padded.Rule);
        Assert.Contains("unknown layer type", Refused(EditSpec(zip, n => Layer(n, 2)["Type"] = "System.IO.File")).Rule);
        Assert.Contains("Input shape", Refused(EditSpec(zip, n => n["Spec"]!["InputShape"] = new JsonArray(1, -28, 28))).Rule);
    }

    [Fact]
    public void ResignedByteFlipsInNetworkEntriesAreLoadedOrRefusedNeverCrash()
    {
        var (loaded, refused) = ZipFuzz.ResignedByteFlips(Saved(Small, ["a", "b", "c"]), ["network.json", "weights.mndt", "classes.json"], 400, 12, _ => { });
        Assert.Equal(1200, loaded + refused);
        Assert.True(refused > 100, $"only {refused} of 1200 mutations refused");
    }
}
