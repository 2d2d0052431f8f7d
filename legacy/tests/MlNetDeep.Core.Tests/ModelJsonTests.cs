using System.Text;
using MlNetDeep.Model;
using Xunit;

namespace MlNetDeep.Core.Tests;

/// <summary>The hand-written JSON reader model loaders use: values, defaults, and errors that name the entry and the path.</summary>
public class ModelJsonTests
{
    private sealed record Layer(string Type, long Size, double P);

    private sealed record Doc(string? Name, int Version, bool Flag, ulong Count, int[]? Dims, Layer[]? Layers, Dictionary<string, double>? Metrics, string?[]? Tags);

    private static Doc ReadDoc(ModelJson j) => new(
        j["Name"].GetString(), j["Version"].GetInt32(), j["Flag"].GetBoolean(), j["Count"].GetUInt64(), j["Dims"].GetInt32Array(),
        j["Layers"].GetArray(l => new Layer(l["Type"].GetRequiredString(), l["Size"].GetInt64(), l["P"].GetDouble())),
        j["Metrics"].GetMap(v => v.GetDouble()), j["Tags"].GetStringArray());

    private static T Read<T>(string json, Func<ModelJson, T> read, int depth = 32) => ModelJson.Read(Encoding.UTF8.GetBytes(json), depth, "model.zip", "components/c0/state.json", read);

    private static ModelFormatException Fails(string json, int depth = 32)
    {
        var e = Assert.Throws<ModelFormatException>(() => Read(json, ReadDoc, depth));
        Assert.Equal("model.zip", e.ModelSource);
        Assert.Equal("components/c0/state.json", e.Entry);
        return e;
    }

    [Fact]
    public void ReadsEveryKindOfValue()
    {
        var d = Read("""
            {"Name":"n\u00e9t","Version":3,"Flag":true,"Count":18446744073709551615,"Dims":[1,28,-2],
             "Layers":[{"Type":"Conv2d","Size":-9000000000,"P":0.25},{"Type":"ReLU"}],"Metrics":{"acc":0.5,"loss":1e-3},"Tags":["a",null],"Ignored":{"x":[1]}}
            """, ReadDoc);
        Assert.Equal("nét", d.Name);
        Assert.Equal(3, d.Version);
        Assert.True(d.Flag);
        Assert.Equal(ulong.MaxValue, d.Count);
        Assert.Equal(new[] { 1, 28, -2 }, d.Dims!);
        Assert.Equal(new[] { new Layer("Conv2d", -9000000000, 0.25), new Layer("ReLU", 0, 0) }, d.Layers!);
        Assert.Equal(new Dictionary<string, double> { ["acc"] = 0.5, ["loss"] = 0.001 }, d.Metrics);
        Assert.Equal(new string?[] { "a", null }, d.Tags!.AsEnumerable());
    }

    [Fact]
    public void MissingAndNullFieldsReadAsDefaults()
    {
        var d = Read("""{"Name":null,"Dims":null}""", ReadDoc);
        Assert.Equal(new Doc(null, 0, false, 0, null, null, null, null), d);
    }

    [Theory]
    [InlineData("""{"Version":"3"}""", "Version: expected an integer, found a string")]
    [InlineData("""{"Version":3.5}""", "Version: expected a 32-bit integer, found 3.5")]
    [InlineData("""{"Version":4294967296}""", "Version: expected a 32-bit integer, found 4294967296")]
    [InlineData("""{"Count":-1}""", "Count: expected a non-negative 64-bit integer, found -1")]
    [InlineData("""{"Flag":1}""", "Flag: expected true or false, found 1")]
    [InlineData("""{"Dims":[1,"2"]}""", "Dims[1]: expected a 32-bit integer, found a string")]
    [InlineData("""{"Dims":{}}""", "Dims: expected an array, found an object")]
    [InlineData("""{"Layers":[{"Type":"ReLU"},{"Size":1}]}""", "Layers[1].Type: is missing")]
    [InlineData("""{"Layers":[{"Type":"ReLU","P":1e400}]}""", "Layers[0].P: expected a finite number, found 1e400")]
    [InlineData("""{"Layers":[[]]}""", "Layers[0]: expected an object, found an array")]
    [InlineData("""{"Metrics":{"acc":"high"}}""", "Metrics.acc: expected a number, found a string")]
    [InlineData("""[1,2]""", "expected an object, found an array")]
    public void AWrongKindNamesThePath(string json, string rule)
    {
        Assert.Equal(rule, Fails(json).Rule);
    }

    [Theory]
    [InlineData("""{"Version":1,"Version":2}""", "property 'Version' appears twice")]
    [InlineData("null", "the JSON is null")]
    [InlineData("", "not valid JSON")]
    [InlineData("""{"Version":1} {}""", "not valid JSON")]
    [InlineData("""{"Version":1,}""", "not valid JSON")]
    [InlineData("""{"Name":"\uD800"}""", "cannot be decoded")]
    public void MalformedDocumentsAreRefused(string json, string rule)
    {
        Assert.Contains(rule, Fails(json).Rule);
    }

    [Fact]
    public void NestingDeeperThanTheCapIsRefused()
    {
        string deep = new string('[', 40) + new string(']', 40);
        Assert.Contains("not valid JSON", Fails(deep, depth: 32).Rule);
        Assert.NotNull(Read(new string('[', 10) + new string(']', 10), j => j.GetArray(v => 0), depth: 32));
    }
}
