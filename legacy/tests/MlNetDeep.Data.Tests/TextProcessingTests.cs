using System.Text;
using MlNetDeep.Conformance;
using Xunit;

namespace MlNetDeep.Data.Tests;

/// <summary>Text corpora and tokenization to key sequences.</summary>
public class TextProcessingTests
{
    private static string Temp(byte[] content)
    {
        string p = Path.Combine(Path.GetTempPath(), $"mnd-{Guid.NewGuid():N}.txt");
        File.WriteAllBytes(p, content);
        return p;
    }

    private static T[][] Vectors<T>(IDataView v, string name)
    {
        var col = v.Schema[name];
        using var c = v.GetRowCursor([col]);
        var g = c.GetGetter<VBuffer<T>>(col);
        var b = default(VBuffer<T>);
        var list = new List<T[]>();
        while (c.MoveNext()) { g(ref b); list.Add(b.ToArray()); }
        return list.ToArray();
    }

    [Fact]
    public void CorpusByLineAndDocument()
    {
        string p = Temp([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("héllo wörld\r\n\r\nsecond line\n")]);
        try
        {
            var ctx = new MLContext(1);
            var lines = ctx.Data.LoadFromTextCorpus(p);
            Assert.Equal(2, lines.RowCount);
            var doc = ctx.Data.LoadFromTextCorpus(p, TextCorpusCatalog.CorpusUnit.Document);
            Assert.Equal(1, doc.RowCount);
        }
        finally { File.Delete(p); }
    }

    [Fact]
    public void NonUtf8AndEmptyCorporaAreClearErrors()
    {
        string bad = Temp([.. Encoding.UTF8.GetBytes("abc"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("def")]);
        string empty = Temp([]);
        try
        {
            var ctx = new MLContext(1);
            var e = Assert.Throws<InvalidDataException>(() => ctx.Data.LoadFromTextCorpus(bad));
            Assert.Contains("byte offset 3", e.Message);
            Assert.Contains(bad, e.Message);
            Assert.Contains("empty", Assert.Throws<InvalidDataException>(() => ctx.Data.LoadFromTextCorpus(empty)).Message);
        }
        finally { File.Delete(bad); File.Delete(empty); }
    }

    [Fact]
    public void CharacterKeysWithVocabularyIncludingNonBmp()
    {
        var ctx = new MLContext(1);
        var data = new InMemoryDataViewBuilder().AddScalar("Text", new[] { "abca", "b😀", "" }).Build();
        var t = ctx.Transforms.Text.TokenizeIntoCharactersAsKeys("Chars", "Text").Fit(data);
        Assert.Equal(["a", "b", "c", "😀"], t.Vocabulary);
        var o = t.Transform(data);
        Assert.Equal([[1u, 2u, 3u, 1u], [2u, 4u], []], Vectors<uint>(o, "Chars"));
        var unseen = new InMemoryDataViewBuilder().AddScalar("Text", new[] { "az" }).Build();
        Assert.Equal([1u, 0u], Vectors<uint>(t.Transform(unseen), "Chars")[0]);
        EstimatorConformance.Check(c => c.Transforms.Text.TokenizeIntoCharactersAsKeys("C", "Text"), data, requiredColumn: "Text");
    }

    [Fact]
    public void WordsThenKeys()
    {
        var ctx = new MLContext(1);
        var data = new InMemoryDataViewBuilder().AddScalar("Text", new[] { "the cat  sat", "the dog" }).Build();
        var o = ctx.Transforms.Text.TokenizeIntoWords("Words", "Text").Append(ctx.Transforms.Conversion.MapValueToKey("Ids", "Words")).Fit(data).Transform(data);
        Assert.Equal([["the", "cat", "sat"], ["the", "dog"]], Vectors<string>(o, "Words"));
        Assert.Equal([[1u, 2u, 3u], [1u, 4u]], Vectors<uint>(o, "Ids"));
        Assert.Equal(["the", "cat", "sat", "dog"], o.Schema["Ids"].KeyValues);
    }
}
