using MlNetDeep.Conformance;
using MlNetDeep.Data.Transforms;
using Xunit;

namespace MlNetDeep.Data.Tests;

/// <summary>One-hot encoding, missing-value replacement, polynomial features, row filters, cache checkpoints.</summary>
public class MoreTransformTests
{
    private static InMemoryDataView Data() => new InMemoryDataViewBuilder()
        .AddScalar("Color", new[] { "red", "blue", "red", "" })
        .AddScalar("X", new[] { 1f, float.NaN, 3f, 5f })
        .AddVector("V", new[] { 1f, float.NaN, 2f, 4f, float.NaN, 6f, 3f, 8f }, 2)
        .AddVarVector("Tags", new[] { new[] { "a", "b" }, new[] { "b", "b" }, Array.Empty<string>(), new[] { "c" } })
        .Build();

    private static float[][] Rows(IDataView v, string name)
    {
        var col = v.Schema[name];
        using var c = v.GetRowCursor([col]);
        var list = new List<float[]>();
        if (col.Type is VectorDataViewType)
        {
            var g = c.GetGetter<VBuffer<float>>(col);
            var b = default(VBuffer<float>);
            while (c.MoveNext()) { g(ref b); list.Add(b.ToArray()); }
        }
        else
        {
            var g = c.GetGetter<float>(col);
            float x = 0;
            while (c.MoveNext()) { g(ref x); list.Add([x]); }
        }
        return list.ToArray();
    }

    [Fact]
    public void OneHotEncodesValuesAndBagsVectors()
    {
        var ctx = new MLContext(1);
        var o = ctx.Transforms.Categorical.OneHotEncoding("C", "Color").Append(ctx.Transforms.Categorical.OneHotEncoding("T", "Tags")).Fit(Data()).Transform(Data());
        Assert.Equal([[1f, 0f], [0f, 1f], [1f, 0f], [0f, 0f]], Rows(o, "C"));
        Assert.Equal(["red", "blue"], (string[])o.Schema["C"].Annotations[AnnotationNames.SlotNames]);
        Assert.Equal([[1f, 1f, 0f], [0f, 2f, 0f], [0f, 0f, 0f], [0f, 0f, 1f]], Rows(o, "T"));
        EstimatorConformance.Check(c => c.Transforms.Categorical.OneHotEncoding("C", "Color"), Data(), requiredColumn: "Color");
    }

    [Fact]
    public void HashedOneHotIsStableAndNeedsNoVocabulary()
    {
        var ctx = new MLContext(1);
        // MurmurHash3 x86_32 reference values.
        Assert.Equal(0u, OneHotHashEncodingTransformer.Murmur3([], 0));
        Assert.Equal(0x514E28B7u, OneHotHashEncodingTransformer.Murmur3([], 1));
        Assert.Equal(0x248BFA47u, OneHotHashEncodingTransformer.Murmur3("hello"u8, 0));
        var t = ctx.Transforms.Categorical.OneHotHashEncoding("H", "Color", numberOfBits: 4).Fit(Data());
        var rows = Rows(t.Transform(Data()), "H");
        Assert.All(rows.Take(3), r => Assert.Equal(1f, r.Sum()));
        Assert.Equal(rows[0], rows[2]);
        Assert.Equal(0f, rows[3].Sum());
        var bags = Rows(ctx.Transforms.Categorical.OneHotHashEncoding("T", "Tags", 6).Fit(Data()).Transform(Data()), "T");
        Assert.Equal([2f, 2f, 0f, 1f], bags.Select(r => r.Sum()));
        EstimatorConformance.Check(c => c.Transforms.Categorical.OneHotHashEncoding("H", "Color", 3), Data(), new Capabilities(LearnsFromData: false), requiredColumn: "Color");
    }

    [Fact]
    public void ReplaceMissingValuesPerSlot()
    {
        var ctx = new MLContext(1);
        var mean = ctx.Transforms.ReplaceMissingValues("X").Append(ctx.Transforms.ReplaceMissingValues("V")).Fit(Data()).Transform(Data());
        Assert.Equal(3f, Rows(mean, "X")[1][0]);
        Assert.Equal([1f, 6f], Rows(mean, "V")[0]);
        Assert.Equal([2f, 6f], Rows(mean, "V")[2]);
        var max = ctx.Transforms.ReplaceMissingValues("X", replacementMode: ReplaceMissingValuesEstimator.ReplacementMode.Maximum).Fit(Data()).Transform(Data());
        Assert.Equal(5f, Rows(max, "X")[1][0]);
        var zero = ctx.Transforms.ReplaceMissingValues("X", replacementMode: ReplaceMissingValuesEstimator.ReplacementMode.DefaultValue).Fit(Data()).Transform(Data());
        Assert.Equal(0f, Rows(zero, "X")[1][0]);
        EstimatorConformance.Check(c => c.Transforms.ReplaceMissingValues("V"), Data(), requiredColumn: "V");
    }

    [Fact]
    public void PolynomialFeaturesFollowScikitLearnOrder()
    {
        var ctx = new MLContext(1);
        var data = new InMemoryDataViewBuilder().AddScalar("x", new[] { 2f }).AddVector("ab", new[] { 2f, 3f }, 2).Build();
        var o = ctx.Transforms.PolynomialFeatures("P", "x", 3).Append(ctx.Transforms.PolynomialFeatures("Q", "ab", 2)).Fit(data).Transform(data);
        Assert.Equal([1f, 2f, 4f, 8f], Rows(o, "P")[0]);
        Assert.Equal([1f, 2f, 3f, 4f, 6f, 9f], Rows(o, "Q")[0]);
        var noBias = ctx.Transforms.PolynomialFeatures("P", "x", 9, includeBias: false).Fit(data).Transform(data);
        Assert.Equal(9, Rows(noBias, "P")[0].Length);
        EstimatorConformance.Check(c => c.Transforms.PolynomialFeatures("P", "X", 3), Data(), new Capabilities(LearnsFromData: false), requiredColumn: "X");
    }

    [Fact]
    public void FilterRowsByValueAndMissing()
    {
        var ctx = new MLContext(1);
        Assert.Equal([[3f], [5f]], Rows(ctx.Data.FilterRowsByColumn(Data(), "X", 2, 10), "X"));
        Assert.Equal([[1f], [3f]], Rows(ctx.Data.FilterRowsByMissingValues(Data(), "X", "Color"), "X"));
        Assert.Equal([[3f, 8f]], Rows(ctx.Data.FilterRowsByMissingValues(Data(), "V"), "V").Skip(1).ToArray());
        Assert.Throws<SchemaMismatchException>(() => ctx.Data.FilterRowsByColumn(Data(), "Color"));
    }

    [Fact]
    public void CacheCheckpointReadsTheSourceOnce()
    {
        var ctx = new MLContext(1);
        var source = new CountingView(Data());
        var pipe = ctx.Transforms.Conversion.MapValueToKey("K", "Color").AppendCacheCheckpoint(ctx)
            .Append(ctx.Transforms.NormalizeMinMax("V")).Append(ctx.Transforms.ReplaceMissingValues("X"));
        var model = pipe.Fit(source);
        int afterFit = source.Cursors;
        Assert.Equal(2, afterFit); // the key mapping's fit, then the cache fills once for both later fits
        var o = model.Transform(source);
        Assert.Equal(4, Rows(o, "X").Length);
    }

    private sealed class CountingView(IDataView inner) : IDataView
    {
        public int Cursors { get; private set; }
        public DataViewSchema Schema => inner.Schema;
        public bool CanShuffle => inner.CanShuffle;
        public long? GetRowCount() => inner.GetRowCount();
        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            Cursors++;
            return inner.GetRowCursor(columnsNeeded, rand);
        }
    }
}
