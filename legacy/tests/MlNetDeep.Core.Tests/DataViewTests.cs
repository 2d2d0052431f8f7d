using MlNetDeep.Data;
using Xunit;

namespace MlNetDeep.Core.Tests;

/// <summary>In-memory and enumerable views, cursors, shuffling, CreateEnumerable, splits.</summary>
public class DataViewTests
{
    public sealed class Row
    {
        public float X { get; set; }
        [ColumnName("Label")] public string Category { get; set; } = "";
        [VectorType(2, 2)] public float[] Pixels { get; set; } = [];
        public int[] Tokens { get; set; } = [];
        [KeyType(3)] public uint Key { get; set; }
        [NoColumn] public int Ignored { get; set; }
        public bool Flag;
    }

    private static List<Row> Rows(int n) => Enumerable.Range(0, n).Select(i => new Row
    {
        X = i, Category = i % 2 == 0 ? "even" : "odd", Pixels = [i, i + 1, i + 2, i + 3], Tokens = Enumerable.Range(0, i % 4).ToArray(),
        Key = (uint)(i % 3) + 1, Flag = i % 3 == 0,
    }).ToList();

    [Fact]
    public void EnumerableSchemaFollowsAttributes()
    {
        var view = new MLContext(1).Data.LoadFromEnumerable(Rows(3));
        var s = view.Schema;
        Assert.Equal(["X", "Label", "Pixels", "Tokens", "Key", "Flag"], s.Select(c => c.Name));
        Assert.Equal(NumberDataViewType.Single, s["X"].Type);
        Assert.Equal(TextDataViewType.Instance, s["Label"].Type);
        var px = Assert.IsType<VectorDataViewType>(s["Pixels"].Type);
        Assert.Equal([2, 2], px.Dimensions);
        Assert.Equal(4, px.Size);
        Assert.False(((VectorDataViewType)s["Tokens"].Type).IsKnownSize);
        Assert.Equal(3ul, Assert.IsType<KeyDataViewType>(s["Key"].Type).Count);
        Assert.Equal(3, view.GetRowCount());
    }

    [Fact]
    public void CreateEnumerableRoundTrips()
    {
        var ctx = new MLContext(1);
        var rows = Rows(10);
        var back = ctx.Data.CreateEnumerable<Row>(ctx.Data.LoadFromEnumerable(rows)).ToList();
        Assert.Equal(10, back.Count);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(rows[i].X, back[i].X);
            Assert.Equal(rows[i].Category, back[i].Category);
            Assert.Equal(rows[i].Pixels, back[i].Pixels);
            Assert.Equal(rows[i].Tokens, back[i].Tokens);
            Assert.Equal(rows[i].Key, back[i].Key);
            Assert.Equal(rows[i].Flag, back[i].Flag);
        }
    }

    public sealed class Narrow
    {
        public float X { get; set; }
        public float Missing { get; set; }
    }

    public sealed class WrongType
    {
        public string X { get; set; } = "";
    }

    [Fact]
    public void CreateEnumerableNamesMissingAndMistypedColumns()
    {
        var ctx = new MLContext(1);
        var view = ctx.Data.LoadFromEnumerable(Rows(2));
        var e = Assert.Throws<SchemaMismatchException>(() => ctx.Data.CreateEnumerable<Narrow>(view).ToList());
        Assert.Equal("Missing", e.Column);
        Assert.Single(ctx.Data.CreateEnumerable<Narrow>(view, ignoreMissingColumns: true).Take(1));
        var w = Assert.Throws<SchemaMismatchException>(() => ctx.Data.CreateEnumerable<WrongType>(view).ToList());
        Assert.Equal("X", w.Column);
        Assert.Equal("Single", w.Actual);
    }

    [Fact]
    public void FixedSizeVectorOfWrongLengthNamesRowAndColumn()
    {
        var rows = Rows(3);
        rows[2].Pixels = [1, 2];
        var view = new MLContext(1).Data.LoadFromEnumerable(rows);
        using var c = view.GetRowCursor(view.Schema);
        var g = c.GetGetter<VBuffer<float>>(view.Schema["Pixels"]);
        var v = default(VBuffer<float>);
        c.MoveNext(); g(ref v);
        c.MoveNext(); g(ref v);
        c.MoveNext();
        var e = Assert.Throws<InvalidOperationException>(() => g(ref v));
        Assert.Contains("Row 2", e.Message);
        Assert.Contains("'Pixels'", e.Message);
    }

    [Fact]
    public void GettersCheckActivityAndType()
    {
        var view = new InMemoryDataViewBuilder().AddScalar("A", new[] { 1f, 2f }).AddScalar("B", new[] { "x", "y" }).Build();
        using var c = view.GetRowCursor([view.Schema["A"]]);
        Assert.Contains("not active", Assert.Throws<InvalidOperationException>(() => c.GetGetter<string>(view.Schema["B"])).Message);
        var e = Assert.Throws<InvalidOperationException>(() => c.GetGetter<double>(view.Schema["A"]));
        Assert.Contains("has type Single", e.Message);
        Assert.Contains("Columns: A, B", Assert.Throws<ArgumentOutOfRangeException>(() => view.Schema["C"]).Message);
    }

    [Fact]
    public void ShuffledCursorsAreSeededPermutationsWithStableRowIds()
    {
        var view = new InMemoryDataViewBuilder().AddScalar("A", Enumerable.Range(0, 100).Select(i => (float)i).ToArray()).Build();
        List<(float, long)> Read(Random? r)
        {
            using var c = view.GetRowCursor(view.Schema, r);
            var g = c.GetGetter<float>(view.Schema["A"]);
            var list = new List<(float, long)>();
            float v = 0;
            while (c.MoveNext()) { g(ref v); list.Add((v, c.RowId)); }
            return list;
        }
        var a = Read(new Random(5));
        var b = Read(new Random(5));
        Assert.Equal(a, b);
        Assert.NotEqual(Read(null).Select(p => p.Item1), a.Select(p => p.Item1));
        Assert.All(a, p => Assert.Equal(p.Item1, p.Item2));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (float)i), a.Select(p => p.Item1).Order());
    }

    private static InMemoryDataView Labeled(int n) => new InMemoryDataViewBuilder()
        .AddScalar("Id", Enumerable.Range(0, n).Select(i => (long)i).ToArray())
        .AddKey("Label", Enumerable.Range(0, n).Select(i => i % 10 == 0 ? 1u : 2u).ToArray(), ["rare", "common"])
        .Build();

    private static long[] Ids(IDataView v) => Read(v, v.Schema["Id"]);

    private static long[] Read(IDataView v, DataViewSchema.Column col)
    {
        using var c = v.GetRowCursor([col]);
        var g = c.GetGetter<long>(col);
        var list = new List<long>();
        long x = 0;
        while (c.MoveNext()) { g(ref x); list.Add(x); }
        return list.ToArray();
    }

    [Fact]
    public void TrainTestSplitIsDisjointCompleteAndRepeatable()
    {
        var data = Labeled(1000);
        var s1 = new MLContext(3).Data.TrainTestSplit(data, 0.2);
        var s2 = new MLContext(3).Data.TrainTestSplit(data, 0.2);
        long[] train = Ids(s1.TrainSet), test = Ids(s1.TestSet);
        Assert.Empty(train.Intersect(test));
        Assert.Equal(1000, train.Length + test.Length);
        Assert.InRange(test.Length, 150, 250);
        Assert.Equal(test, Ids(s2.TestSet));
        Assert.NotEqual(test, Ids(new MLContext(4).Data.TrainTestSplit(data, 0.2).TestSet));
    }

    [Fact]
    public void StratifiedSplitKeepsClassProportions()
    {
        var data = Labeled(1000);
        var split = new MLContext(3).Data.TrainTestSplit(data, 0.2, stratificationColumnName: "Label");
        long[] test = Ids(split.TestSet);
        Assert.Equal(200, test.Length);
        Assert.Equal(20, test.Count(id => id % 10 == 0));
        Assert.Equal(800, split.TrainSet.GetRowCount());
    }

    [Fact]
    public void CrossValidationFoldsPartitionTheRows()
    {
        var data = Labeled(500);
        var folds = new MLContext(9).Data.CrossValidationSplit(data, 5, "Label");
        var tests = folds.Select(f => Ids(f.TestSet)).ToList();
        Assert.Equal(500, tests.Sum(t => t.Length));
        Assert.Equal(500, tests.SelectMany(t => t).Distinct().Count());
        Assert.All(tests, t => Assert.Equal(10, t.Count(id => id % 10 == 0)));
        Assert.All(folds.Zip(tests), p => Assert.Empty(Ids(p.First.TrainSet).Intersect(p.Second)));
        var again = new MLContext(1).Data.CrossValidationSplit(data, 5, "Label", seed: 77);
        var again2 = new MLContext(2).Data.CrossValidationSplit(data, 5, "Label", seed: 77);
        Assert.Equal(Ids(again[2].TestSet), Ids(again2[2].TestSet));
    }

    [Fact]
    public void TakeSkipAndSample()
    {
        var ctx = new MLContext(1);
        var data = Labeled(100);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), Ids(ctx.Data.TakeRows(data, 7)));
        Assert.Equal(Enumerable.Range(95, 5).Select(i => (long)i), Ids(ctx.Data.SkipRows(data, 95)));
        Assert.InRange(Ids(ctx.Data.Sample(data, 0.5)).Length, 30, 70);
    }
}
