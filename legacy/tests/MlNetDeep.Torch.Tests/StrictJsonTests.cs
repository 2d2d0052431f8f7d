using System.Text;
using System.Text.Json;
using MlNetDeep.Torch.IO;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>
/// The model files' JSON parser: the values it builds, the rules it enforces, and a
/// differential fuzz against System.Text.Json, which must accept and reject the same texts
/// and read the same values (except repeated property names, which only ours refuses).
/// </summary>
public class StrictJsonTests
{
    private static readonly string[] Seeds =
    [
        """{"Format":"mlnetdeep-model","FormatVersion":1,"Entries":[{"Name":"a/b.json","Size":12}],"Metrics":{}}""",
        """[1,-2,3.25,-0.5e-3,6E+2,0,true,false,null,"",[],{}]""",
        """{"s":"tab\tquote\"back\\slash\/ \u00e9\ud83d\ude00 \b\f\n\r","n":{"deep":[[[{"x":[1]}]]]}}""",
        """  {"a" : [ 1 , 2 ] ,"b":{ "c" : "d" } }  """,
        """{"tensors":[{"name":"w","dtype":"float32","shape":[2,3],"offset":0,"length":24}],"metadata":{"k":"v"}}""",
        "\"caf\u00e9 \u4e2d\u6587\"",
    ];

    [Fact]
    public void ReadsValuesAsPlainObjects()
    {
        var root = Assert.IsType<Dictionary<string, object?>>(StrictJson.Parse(Encoding.UTF8.GetBytes(Seeds[2]), 64));
        Assert.Equal("tab\tquote\"back\\slash/ \u00e9\U0001F600 \b\f\n\r", root["s"]);
        var list = Assert.IsType<List<object?>>(StrictJson.Parse(Encoding.UTF8.GetBytes(Seeds[1]), 64));
        Assert.Equal(new StrictJson.Number("-0.5e-3"), list[3]);
        Assert.Equal([true, false, null, ""], list.Skip(6).Take(4));
        Assert.Empty(Assert.IsType<List<object?>>(list[10]));
        Assert.Empty(Assert.IsType<Dictionary<string, object?>>(list[11]));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{\"a\":1,\"a\":2}", "appears twice")]
    [InlineData("[1,]", "expected a value")]
    [InlineData("{\"a\":1,}", "property name")]
    [InlineData("[1] x", "text follows")]
    [InlineData("\"\\ud800\"", "cannot be decoded")]
    [InlineData("\"\\udc00\\ud800\"", "cannot be decoded")]
    [InlineData("\"a\tb\"", "control character")]
    [InlineData("\"\\x\"", "invalid escape")]
    [InlineData("01", "text follows")]
    [InlineData("1.", "decimal point")]
    [InlineData("1e", "exponent")]
    [InlineData("-", "expected a value")]
    [InlineData("tru", "expected a value")]
    [InlineData("[[[1]]]", "deeper than 2")]
    [InlineData("// c\n1", "expected a value")]
    public void RefusesWhatTheGrammarDoesNot(string json, string rule)
    {
        var e = Assert.Throws<FormatException>(() => StrictJson.Parse(Encoding.UTF8.GetBytes(json), 2));
        Assert.Contains(rule, e.Message);
        Assert.Contains("(byte ", e.Message);
    }

    [Fact]
    public void RefusesInvalidUtf8AndAByteOrderMark()
    {
        Assert.Contains("UTF-8", Assert.Throws<FormatException>(() => StrictJson.Parse([(byte)'"', 0xC3, 0x28, (byte)'"'], 8)).Message);
        Assert.Throws<FormatException>(() => StrictJson.Parse([0xEF, 0xBB, 0xBF, (byte)'1'], 8));
    }

    [Fact]
    public void DepthIsCountedLikeSystemTextJson()
    {
        byte[] eight = Encoding.UTF8.GetBytes(new string('[', 8) + new string(']', 8));
        StrictJson.Parse(eight, 8);
        Assert.Throws<FormatException>(() => StrictJson.Parse(eight, 7));
        // Deep nesting is refused by the cap, never by the stack.
        byte[] deep = Encoding.UTF8.GetBytes(new string('[', 100_000));
        Assert.Contains("deeper than 64", Assert.Throws<FormatException>(() => StrictJson.Parse(deep, 64)).Message);
    }

    /// <summary>20,000 mutations of the seeds: both parsers agree on every one.</summary>
    [Fact]
    public void AgreesWithSystemTextJsonOnMutatedDocuments()
    {
        var rng = new Random(20261122);
        byte[] alphabet = Encoding.ASCII.GetBytes("{}[]\",:\\/ \t\n0123456789eE.-+tfnulbru\u0001");
        int accepted = 0, refused = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var doc = new List<byte>(Encoding.UTF8.GetBytes(Seeds[rng.Next(Seeds.Length)]));
            for (int m = rng.Next(1, 4); m > 0; m--)
            {
                int at = rng.Next(doc.Count + 1);
                byte b = rng.Next(8) == 0 ? (byte)rng.Next(256) : alphabet[rng.Next(alphabet.Length)];
                switch (rng.Next(3))
                {
                    case 0 when at < doc.Count: doc[at] = b; break;
                    case 1 when at < doc.Count: doc.RemoveAt(at); break;
                    default: doc.Insert(at, b); break;
                }
            }
            byte[] bytes = doc.ToArray();
            int depth = rng.Next(2, 8);
            object? expected = Oracle(bytes, depth, out bool oracleAccepts);
            object? ours;
            try
            {
                ours = StrictJson.Parse(bytes, depth);
            }
            catch (FormatException)
            {
                Assert.False(oracleAccepts, $"Refused what System.Text.Json reads: {Encoding.UTF8.GetString(bytes)}");
                refused++;
                continue;
            }
            Assert.True(oracleAccepts, $"Accepted what System.Text.Json refuses: {Encoding.UTF8.GetString(bytes)}");
            Assert.True(Same(expected, ours), $"Read differently: {Encoding.UTF8.GetString(bytes)}");
            accepted++;
        }
        // Both outcomes are exercised, so the agreement means something.
        Assert.InRange(accepted, 1000, 19_000);
        Assert.InRange(refused, 1000, 19_000);
    }

    /// <summary>System.Text.Json's reading as the same plain objects; a repeated property name or an undecodable string counts as refused.</summary>
    private static object? Oracle(byte[] bytes, int depth, out bool accepts)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = depth });
            object? tree = Convert(doc.RootElement, out accepts);
            return tree;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            accepts = false;
            return null;
        }
    }

    private static object? Convert(JsonElement e, out bool ok)
    {
        ok = true;
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject())
                {
                    if (!obj.TryAdd(p.Name, Convert(p.Value, out bool inner)) || !inner)
                    {
                        ok = false;
                        return null;
                    }
                }
                return obj;
            case JsonValueKind.Array:
                var list = new List<object?>();
                foreach (var item in e.EnumerateArray())
                {
                    list.Add(Convert(item, out bool inner));
                    if (!inner)
                    {
                        ok = false;
                        return null;
                    }
                }
                return list;
            case JsonValueKind.String: return e.GetString();
            case JsonValueKind.Number: return new StrictJson.Number(e.GetRawText());
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            default: return null;
        }
    }

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (Dictionary<string, object?> x, Dictionary<string, object?> y) => x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && Same(kv.Value, v)),
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second)),
        _ => Equals(a, b),
    };
}
