using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Data.Transforms;
using Xunit;

namespace MlNetDeep.Data.Tests;

/// <summary>Key mapping, concatenation, normalization, column operations, and pipelines of them.</summary>
public class TransformTests
{
    private static InMemoryDataView Data() => new InMemoryDataViewBuilder()
        .AddScalar("Label", new[] { "cat", "dog", "cat", "bird", "dog", "cat" })
        .AddScalar("A", new[] { 1f, 2f, 3f, 4f, float.NaN, 6f })
        .AddScalar("B", new[] { -2f, 0f, 2f, 4f, 6f, 8f })
        .AddVector("V", new[] { 1f, 10f, 2f, 20f, 3f, 30f, 4f, 40f, 5f, 50f, 6f, 60f }, 2)
        .AddVarVector("Words", new[] { new[] { "a", "b" }, new[] { "b" }, Array.Empty<string>(), new[] { "c", "a", "a" }, new[] { "d" }, new[] { "a" } })
        .Build();

    private static T[] Column<T>(IDataView v, string name)
    {
        var col = v.Schema[name];
        using var c = v.GetRowCursor([col]);
        var g = c.GetGetter<T>(col);
        var list = new List<T>();
        T x = default!;
        while (c.MoveNext()) { g(ref x); list.Add(x); }
        return list.ToArray();
    }

    /// <summary>Vector values copied row by row (getters reuse their buffers).</summary>
    private static T[][] VectorRows<T>(IDataView v, string name)
    {
        var col = v.Schema[name];
        using var c = v.GetRowCursor([col]);
        var g = c.GetGetter<VBuffer<T>>(col);
        var list = new List<T[]>();
        var x = default(VBuffer<T>);
        while (c.MoveNext()) { g(ref x); list.Add(x.ToArray()); }
        return list.ToArray();
    }

    private static float[][] Vectors(IDataView v, string name) => VectorRows<float>(v, name);

    [Fact]
    public void MapValueToKeyLearnsClassNamesByOccurrenceOrValue()
    {
        var ctx = new MLContext(1);
        var t = ctx.Transforms.Conversion.MapValueToKey("Key", "Label").Fit(Data());
        var o = t.Transform(Data());
        Assert.Equal(new uint[] { 1, 2, 1, 3, 2, 1 }, Column<uint>(o, "Key"));
        Assert.Equal(["cat", "dog", "bird"], o.Schema["Key"].KeyValues);
        Assert.Equal(3ul, ((KeyDataViewType)o.Schema["Key"].Type).Count);
        var sorted = ctx.Transforms.Conversion.MapValueToKey("Key", "Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(Data());
        Assert.Equal(["bird", "cat", "dog"], sorted.GetKeyValues(0));
    }

    [Fact]
    public void UnseenAndMissingValuesMapToKeyZero()
    {
        var ctx = new MLContext(1);
        var t = ctx.Transforms.Conversion.MapValueToKey("K", "A").Fit(Data());
        Assert.Equal(new uint[] { 1, 2, 3, 4, 0, 5 }, Column<uint>(t.Transform(Data()), "K"));
        var other = new InMemoryDataViewBuilder().AddScalar("A", new[] { 2f, 99f }).Build();
        Assert.Equal(new uint[] { 2, 0 }, Column<uint>(t.Transform(other), "K"));
    }

    [Fact]
    public void MapValueToKeyOnVectorsAndBackToValues()
    {
        var ctx = new MLContext(1);
        var pipe = ctx.Transforms.Conversion.MapValueToKey("Ids", "Words").Append(ctx.Transforms.Conversion.MapKeyToValue("Back", "Ids"));
        var o = pipe.Fit(Data()).Transform(Data());
        Assert.Equal([1u, 2u], VectorRows<uint>(o, "Ids")[0]);
        Assert.Equal([3u, 1u, 1u], VectorRows<uint>(o, "Ids")[3]);
        Assert.Equal(["c", "a", "a"], VectorRows<string>(o, "Back")[3]);
        var labels = ctx.Transforms.Conversion.MapValueToKey("Label").Append(ctx.Transforms.Conversion.MapKeyToValue("Name", "Label")).Fit(Data()).Transform(Data());
        Assert.Equal(new[] { "cat", "dog", "cat", "bird", "dog", "cat" }, Column<string>(labels, "Name"));
    }

    [Fact]
    public void ConcatenateJoinsScalarsAndVectors()
    {
        var ctx = new MLContext(1);
        var o = ctx.Transforms.Concatenate("F", "A", "V", "B").Fit(Data()).Transform(Data());
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 4), o.Schema["F"].Type);
        Assert.Equal([1f, 1f, 10f, -2f], Vectors(o, "F")[0]);
        var e = Assert.Throws<SchemaMismatchException>(() => ctx.Transforms.Concatenate("F", "A", "Label").Fit(Data()));
        Assert.Equal("Label", e.Column);
        Assert.Equal("String", e.Actual);
    }

    [Fact]
    public void MinMaxWithAndWithoutFixZero()
    {
        var ctx = new MLContext(1);
        var fz = ctx.Transforms.NormalizeMinMax("B").Fit(Data()).Transform(Data());
        Assert.Equal(new[] { -0.25f, 0f, 0.25f, 0.5f, 0.75f, 1f }, Column<float>(fz, "B"));
        var range = ctx.Transforms.NormalizeMinMax("B", fixZero: false).Fit(Data()).Transform(Data());
        Assert.Equal(new[] { 0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f }, Column<float>(range, "B").Select(x => MathF.Round(x, 5)));
        var nan = ctx.Transforms.NormalizeMinMax("A", fixZero: false).Fit(Data()).Transform(Data());
        float[] a = Column<float>(nan, "A");
        Assert.True(float.IsNaN(a[4]));
        Assert.Equal(0f, a[0]);
        Assert.Equal(1f, a[5]);
    }

    [Fact]
    public void MeanVarianceOnVectorsPerSlot()
    {
        var ctx = new MLContext(1);
        var o = ctx.Transforms.NormalizeMeanVariance("V", fixZero: false).Fit(Data()).Transform(Data());
        float[][] v = Vectors(o, "V");
        double std = Math.Sqrt(17.5 / 6);
        Assert.Equal((1 - 3.5) / std, v[0][0], 5);
        Assert.Equal((1 - 3.5) / std, v[0][1], 5);
        Assert.Equal(0, v.Sum(r => r[1]), 4);
        var scaled = ctx.Transforms.NormalizeMeanVariance("V").Fit(Data()).Transform(Data());
        Assert.Equal(1 / std, Vectors(scaled, "V")[0][0], 5);
    }

    [Fact]
    public void LogMeanVarianceAndBinningMapIntoUnitInterval()
    {
        var ctx = new MLContext(1);
        float[] lmv = Column<float>(ctx.Transforms.NormalizeLogMeanVariance("B").Fit(Data()).Transform(Data()), "B");
        Assert.Equal(0f, lmv[0]);
        Assert.Equal(0f, lmv[1]);
        Assert.True(lmv.Skip(2).Zip(lmv.Skip(3)).All(p => p.First < p.Second));
        Assert.All(lmv, x => Assert.InRange(x, 0f, 1f));
        float[] bins = Column<float>(ctx.Transforms.NormalizeBinning("B", maximumNumberOfBins: 3).Fit(Data()).Transform(Data()), "B");
        Assert.Equal(new[] { 0f, 0f, 0.5f, 0.5f, 1f, 1f }, bins);
    }

    [Fact]
    public void NormalizerRejectsNonSingleColumnsNamingThem()
    {
        var ctx = new MLContext(1);
        var e = Assert.Throws<SchemaMismatchException>(() => ctx.Transforms.NormalizeMinMax("Label").Fit(Data()));
        Assert.Equal("Label", e.Column);
        Assert.Contains("Single", e.Expected);
        Assert.Equal("String", e.Actual);
    }

    [Fact]
    public void CopySelectDrop()
    {
        var ctx = new MLContext(1);
        var o = ctx.Transforms.CopyColumns("A2", "A").Append(ctx.Transforms.DropColumns("V", "Words")).Append(ctx.Transforms.SelectColumns("A2", "Label"))
            .Fit(Data()).Transform(Data());
        Assert.Equal(["Label", "A2"], o.Schema.Select(c => c.Name));
        Assert.Equal(Column<float>(Data(), "A"), Column<float>(o, "A2"));
    }

    [Fact]
    public void PipelineSchemaIsCheckedBeforeAnyDataIsRead()
    {
        var ctx = new MLContext(1);
        var pipe = ctx.Transforms.Conversion.MapValueToKey("Label").Append(ctx.Transforms.NormalizeMeanVariance("Features"));
        var e = Assert.Throws<SchemaMismatchException>(() => pipe.GetOutputSchema(SchemaShape.Create(Data().Schema)));
        Assert.Equal("Features", e.Column);
        // Fit checks too, before the key mapping reads the data.
        var reads = new CountingView(Data());
        Assert.Throws<SchemaMismatchException>(() => pipe.Fit(reads));
        Assert.Equal(0, reads.Cursors);
        var ok = ctx.Transforms.Conversion.MapValueToKey("Label").Append(ctx.Transforms.Concatenate("Features", "A", "B"))
            .Append(ctx.Transforms.NormalizeMeanVariance("Features"));
        var shape = ok.GetOutputSchema(SchemaShape.Create(Data().Schema));
        Assert.True(shape.Find("Label")!.IsKey);
        Assert.Equal([2], shape.Find("Features")!.Dimensions);
    }

    [Fact]
    public void TransformsPassTheConformanceSuite()
    {
        var data = Data();
        EstimatorConformance.Check(c => c.Transforms.Conversion.MapValueToKey("Label"), data, requiredColumn: "Label");
        EstimatorConformance.Check(c => c.Transforms.Conversion.MapValueToKey("W", "Words"), data, requiredColumn: "Words");
        EstimatorConformance.Check(c => c.Transforms.NormalizeMinMax("V"), data, requiredColumn: "V");
        EstimatorConformance.Check(c => c.Transforms.NormalizeMeanVariance("A", fixZero: false), data, requiredColumn: "A");
        EstimatorConformance.Check(c => c.Transforms.NormalizeLogMeanVariance("B"), data, requiredColumn: "B");
        EstimatorConformance.Check(c => c.Transforms.NormalizeBinning("V"), data, requiredColumn: "V");
        EstimatorConformance.Check(c => c.Transforms.Concatenate("F", "A", "B", "V"), data, new Capabilities(LearnsFromData: false), requiredColumn: "B");
        EstimatorConformance.Check(c => c.Transforms.CopyColumns("C", "A"), data, new Capabilities(LearnsFromData: false), requiredColumn: "A");
        EstimatorConformance.Check(c => c.Transforms.DropColumns("A"), data, new Capabilities(LearnsFromData: false), requiredColumn: "A");
        EstimatorConformance.Check(c => c.Transforms.Conversion.MapValueToKey("Label").Append(c.Transforms.Conversion.MapKeyToValue("L2", "Label")), data);
    }

    /// <summary>Counts the cursors opened on a view.</summary>
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
