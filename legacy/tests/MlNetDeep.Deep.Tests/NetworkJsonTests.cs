using System.Text.Json;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using Xunit;

namespace MlNetDeep.Deep.Tests;

/// <summary>
/// network.json is written by the source-generated serializer and read field by field: every
/// field the writer emits must come back. A field added to <see cref="LayerSpec"/> fails here
/// until the reader (NeuralModelBase.NetworkState.Read) and this test learn it.
/// </summary>
public class NetworkJsonTests
{
    [Fact]
    public void EveryFieldOfTheNetworkStateRoundTrips()
    {
        var layer = new LayerSpec("Conv2d", In: 3, Out: 8, Kernel: 5, Stride: 2, Padding: 1, P: 0.125, NumLayers: 2, Bidirectional: true, ReturnSequences: true, Shape: [4, 2]);
        foreach (var p in typeof(LayerSpec).GetProperties().Where(p => p.Name != "EqualityContract"))
        {
            object? value = p.GetValue(layer);
            Assert.False(value is null || (p.PropertyType.IsValueType && value.Equals(Activator.CreateInstance(p.PropertyType))), $"The test layer leaves LayerSpec.{p.Name} at its default; give it a value so the reader is checked for it.");
        }
        var state = new NeuralModelBase.NetworkState(new NetworkSpec([3, 32, 32], [layer, new LayerSpec("ReLU")]), "Pixels", OutputEmbedding: true);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(state, DeepJson.Default.NetworkState);

        var read = ModelJson.Read(json, 32, "test", "network.json", NeuralModelBase.NetworkState.Read);

        Assert.Equal(state.Spec.InputShape, read.Spec.InputShape);
        Assert.Equal(state.Spec.Layers, read.Spec.Layers);
        Assert.Equal("Pixels", read.FeatureColumnName);
        Assert.True(read.OutputEmbedding);
        Assert.True(typeof(NeuralModelBase.NetworkState).GetProperties().Count(p => p.Name != "EqualityContract") == 3,
            "NetworkState gained a field: teach NetworkState.Read and this test about it.");
    }

    [Fact]
    public void ALayerWithAWrongFieldNamesItsPath()
    {
        byte[] json = """{"Spec":{"InputShape":[784],"Layers":[{"Type":"Linear","In":784,"Out":"ten"}]},"FeatureColumnName":"Features"}"""u8.ToArray();
        var e = Assert.Throws<ModelFormatException>(() => ModelJson.Read(json, 32, "m.zip", "components/c0/network.json", NeuralModelBase.NetworkState.Read));
        Assert.Equal("components/c0/network.json", e.Entry);
        Assert.Equal("Spec.Layers[0].Out: expected an integer, found a string", e.Rule);
    }
}
