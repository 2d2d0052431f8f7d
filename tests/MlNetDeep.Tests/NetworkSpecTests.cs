using MlNetDeep.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MlNetDeep.Tests;

/// <summary>Layer specs build TorchSharp modules of the shapes the specs promise; bad specs name their layer.</summary>
public class NetworkSpecTests
{
    public static TheoryData<string> Presets => ["softmax", "mlp", "cnn", "lenet5", "vgg", "resnet", "tinycnn", "gru"];

    private static NetworkSpec Preset(string name) => name switch
    {
        "softmax" => NetworkSpec.Mlp([1, 28, 28], [], 10),
        "mlp" => NetworkSpec.Mlp([1, 28, 28], [256, 128], 10, dropout: 0.1, batchNorm: true),
        "cnn" => NetworkSpec.ReferenceCnn(),
        "lenet5" => NetworkSpec.LeNet5(),
        "vgg" => NetworkSpec.SmallVgg(),
        "resnet" => NetworkSpec.SmallResNet(),
        "tinycnn" => NetworkSpec.TinyCnn(),
        _ => NetworkSpec.Recurrent([1, 28, 28], 10, "GRU", 32, layers: 2, bidirectional: true),
    };

    [Theory]
    [MemberData(nameof(Presets))]
    public void PresetsMapABatchOfImagesToTenScores(string name)
    {
        var spec = Preset(name);
        using var net = spec.Build();
        using var scope = NewDisposeScope();
        net.eval();
        var y = net.forward(randn(3, 1, 28, 28));
        Assert.Equal([3L, 10], y.shape);
        Assert.Equal([10L], NetworkShapes.Of(spec).OutputShape);
        long parameters = net.parameters().Sum(p => p.numel());
        long buffers = net.buffers().Sum(b => b.numel());
        Assert.Equal(NetworkShapes.Of(spec).StateElements, parameters + buffers);
    }

    [Fact]
    public void PresetsFollowOtherImageShapes()
    {
        using var scope = NewDisposeScope();
        foreach (var spec in new[] { NetworkSpec.ReferenceCnn(4, [3, 32, 32]), NetworkSpec.LeNet5(4, [3, 32, 32]), NetworkSpec.SmallResNet(4, [3, 32, 32]), NetworkSpec.SmallVgg(4, [3, 32, 32]) })
        {
            using var net = spec.Build();
            Assert.Equal([2L, 4], net.forward(randn(2, 3, 32, 32)).shape);
        }
        Assert.Contains("sides of at least 12", Assert.Throws<ArgumentException>(() => NetworkSpec.LeNet5(2, [1, 8, 8])).Message);
    }

    [Theory]
    [InlineData("ReLU")]
    [InlineData("Tanh")]
    [InlineData("Sigmoid")]
    [InlineData("LeakyReLU")]
    public void InPlaceActivationsGiveTheGradientsOfOrdinaryOnes(string activation)
    {
        var spec = new NetworkSpec([1, 6, 6], [new("Conv2d", In: 1, Out: 3, Kernel: 3), new(activation), new("MaxPool2d", Kernel: 2), new(activation),
            new("Flatten"), new("Linear", In: 12, Out: 4), new("BatchNorm1d", Out: 4), new(activation), new("Linear", In: 4, Out: 2)]);
        using var net = spec.Build(seed: 3);
        nn.Module<Tensor, Tensor> Act() => activation switch { "ReLU" => nn.ReLU(), "Tanh" => nn.Tanh(), "Sigmoid" => nn.Sigmoid(), _ => nn.LeakyReLU(0.01) };
        var reference = nn.Sequential(nn.Conv2d(1, 3, 3), Act(), nn.MaxPool2d(2), Act(), nn.Flatten(), nn.Linear(12, 4), nn.BatchNorm1d(4), Act(), nn.Linear(4, 2));
        var source = net.state_dict();
        using (no_grad())
            foreach (var (name, p) in reference.state_dict()) p.copy_(source[name]);
        var x = randn(5, 1, 6, 6);
        var original = x.clone();
        net.forward(x).pow(2).sum().backward();
        reference.forward(x).pow(2).sum().backward();
        var expected = reference.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach (var (name, p) in net.named_parameters())
            Assert.True(p.grad!.allclose(expected[name], rtol: 1e-5, atol: 1e-6), name);
        Assert.True(x.eq(original).all().item<bool>()); // the caller's input is never overwritten
    }

    [Fact]
    public void TheSameSeedBuildsTheSameWeightsAndAnotherSeedOthers()
    {
        foreach (var spec in new[] { NetworkSpec.ReferenceCnn(), NetworkSpec.Recurrent([28, 28], 10, "GRU", hidden: 16) })
        {
            using var a = spec.Build(seed: 5);
            using var b = spec.Build(seed: 5);
            using var c = spec.Build(seed: 6);
            var other = c.state_dict();
            foreach (var (name, t) in b.state_dict())
            {
                Assert.True(t.eq(a.state_dict()[name]).all().item<bool>(), name);
                if (name.EndsWith("weight", StringComparison.Ordinal) && t.dim() > 1) Assert.False(t.eq(other[name]).all().item<bool>(), name);
            }
        }
    }

    [Fact]
    public void ChannelsLastGivesTheOutputsAndGradientsOfTheDefaultLayout()
    {
        var spec = NetworkSpec.SmallResNet(inputShape: [3, 16, 16]);
        using var net = spec.Build(seed: 5);
        using var plain = spec.Build(seed: 5);
        ((SpecSequential)plain).ChannelsLast = false;
        var x = randn(4, 3, 16, 16);
        var moved = SpecSequential.ToChannelsLast(randn(2, 4, 5, 5));
        Assert.True(SpecSequential.IsChannelsLast(moved));
        Assert.Equal([2L, 4, 5, 5], moved.shape);
        Assert.False(SpecSequential.IsChannelsLast(randn(2, 4, 5, 5)));
        Tensor a = net.forward(x), b = plain.forward(x);
        Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-5));
        a.pow(2).sum().backward();
        b.pow(2).sum().backward();
        var expected = plain.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach (var (name, p) in net.named_parameters())
            Assert.True(p.grad!.allclose(expected[name], rtol: 1e-3, atol: 1e-5), name);
        Assert.Equal(plain.state_dict().Keys, net.state_dict().Keys);
    }

    [Fact]
    public void ResidualBlocksAreNamedLikeTorchvision()
    {
        using var net = NetworkSpec.SmallResNet().Build();
        var names = net.state_dict().Keys.ToList();
        Assert.Contains("4.conv1.weight", names);
        Assert.Contains("4.downsample.0.weight", names);
        Assert.Contains("4.bn2.running_mean", names);
        Assert.DoesNotContain("3.downsample.0.weight", names);
    }

    [Fact]
    public void SpecsThatDoNotFitNameTheLayerBeforeBuilding()
    {
        var wrongFeatures = new NetworkSpec([1, 28, 28], [new("Flatten"), new("Linear", In: 700, Out: 10)]);
        Assert.Contains("Layer 1 (Linear) expects 700 input features; it receives [784]", Assert.Throws<ArgumentException>(() => wrongFeatures.Build()).Message);
        var unknown = new NetworkSpec([4], [new("Linear", In: 4, Out: 2), new("Softmaxx")]);
        Assert.Contains("Layer 1 (Softmaxx): unknown layer type", Assert.Throws<ArgumentException>(() => unknown.Build()).Message);
        var kernel = new NetworkSpec([1, 4, 4], [new("Conv2d", In: 1, Out: 2, Kernel: 7)]);
        Assert.Contains("kernel 7 does not fit the height 4", Assert.Throws<ArgumentException>(() => kernel.Build()).Message);
        Assert.Contains("P must be in [0, 1)", Assert.Throws<ArgumentException>(() => new NetworkSpec([4], [new("Dropout", P: 1.5)]).Build()).Message);
    }

    [Fact]
    public void TokenEmbeddingsRefuseIdsOutsideTheVocabulary()
    {
        using var net = NetworkSpec.TokenRecurrent(5, 10, 2, embedding: 4, hidden: 8).Build();
        using var scope = NewDisposeScope();
        Assert.Equal([1L, 2], net.forward(tensor(new float[] { 0, 1, 2, 9, 3 }).view(1, 5)).shape);
        Assert.Contains("Token id 10 is outside the embedding's vocabulary [0, 10)", Assert.Throws<ArgumentException>(() => net.forward(tensor(new float[] { 0, 1, 2, 10, 3 }).view(1, 5))).Message);
    }
}
