using System.Text;
using MlNetDeep.Data.Text;
using Xunit;

namespace MlNetDeep.Data.Tests;

/// <summary>The text loader on well-formed and malformed input.</summary>
public sealed class TextLoaderTests : IDisposable
{
    private readonly List<string> _files = new();

    private string File(string content, bool bom = false)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mnd-{Guid.NewGuid():N}.csv");
        byte[] body = Encoding.UTF8.GetBytes(content);
        System.IO.File.WriteAllBytes(path, bom ? [0xEF, 0xBB, 0xBF, .. body] : body);
        _files.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var f in _files) System.IO.File.Delete(f);
    }

    private static List<object?[]> Rows(IDataView v)
    {
        var cols = v.Schema.ToList();
        using var c = v.GetRowCursor(cols);
        var readers = cols.Select<DataViewSchema.Column, Func<object?>>(col => col.Type switch
        {
            VectorDataViewType { ItemType: NumberDataViewType } => Getter<VBuffer<float>, object?>(c, col, b => b.ToArray()),
            _ when col.Type == NumberDataViewType.Single => Getter<float, object?>(c, col, x => x),
            _ when col.Type == NumberDataViewType.Int32 => Getter<int, object?>(c, col, x => x),
            _ when col.Type == BooleanDataViewType.Instance => Getter<bool, object?>(c, col, x => x),
            _ => Getter<string, object?>(c, col, x => x),
        }).ToList();
        var rows = new List<object?[]>();
        while (c.MoveNext()) rows.Add(readers.Select(r => r()).ToArray());
        return rows;
    }

    private static Func<TOut> Getter<T, TOut>(DataViewRowCursor c, DataViewSchema.Column col, Func<T, TOut> map)
    {
        var g = c.GetGetter<T>(col);
        T v = default!;
        return () => { g(ref v); return map(v); };
    }

    [Fact]
    public void InfersColumnsFromHeaderAndValues()
    {
        var ctx = new MLContext(1);
        var view = ctx.Data.LoadFromTextFile(File("id,name,score,ok\n1,ann,2.5,true\n2,bob,,false\n3,\"cy, jr\",1e3,TRUE\n"), hasHeader: true);
        Assert.Equal(["id", "name", "score", "ok"], view.Schema.Select(c => c.Name));
        Assert.Equal(NumberDataViewType.Single, view.Schema["id"].Type);
        Assert.Equal(TextDataViewType.Instance, view.Schema["name"].Type);
        Assert.Equal(BooleanDataViewType.Instance, view.Schema["ok"].Type);
        var rows = Rows(view);
        Assert.Equal(3, rows.Count);
        Assert.Equal("cy, jr", rows[2][1]);
        Assert.True(float.IsNaN((float)rows[1][2]!));
        Assert.Equal(1000f, rows[2][2]);
        Assert.Equal(true, rows[2][3]);
    }

    [Fact]
    public void QuotesBomCrlfAndBlankLines()
    {
        var ctx = new MLContext(1);
        string text = "a\tb\r\n\"say \"\"hi\"\"\"\t1\r\n\r\n\"two\nlines\"\t2\r\nlast\t3";
        var view = ctx.Data.LoadFromTextFile(File(text, bom: true), separatorChar: '\t', hasHeader: true);
        Assert.Equal("a", view.Schema[0].Name);
        var rows = Rows(view);
        Assert.Equal(["say \"hi\"", "two\nlines", "last"], rows.Select(r => (string)r[0]!));
        Assert.Equal([1f, 2f, 3f], rows.Select(r => (float)r[1]!));
        using var c = view.GetRowCursor(view.Schema);
        c.MoveNext(); Assert.Equal(2, c.RowId);
        c.MoveNext(); Assert.Equal(4, c.RowId);
        c.MoveNext(); Assert.Equal(6, c.RowId);
    }

    public sealed class House
    {
        [LoadColumn(0)] public float Size { get; set; }
        [LoadColumn(1, 3)] public float[] Rooms { get; set; } = [];
        [LoadColumn(4), ColumnName("Label")] public string City { get; set; } = "";
    }

    [Fact]
    public void ColumnsFromAttributesWithAVectorRange()
    {
        var ctx = new MLContext(1);
        var view = ctx.Data.LoadFromTextFile<House>(File("10,1,2,3,Oslo\n20,4,5,6,Rome\n"));
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 3), view.Schema["Rooms"].Type);
        var back = ctx.Data.CreateEnumerable<House>(view).ToList();
        Assert.Equal([4f, 5f, 6f], back[1].Rooms);
        Assert.Equal("Rome", back[1].City);
    }

    [Theory]
    [InlineData("1,2\n3\n", 2, null, "expected 2 fields, found 1")]
    [InlineData("1,2\n3,4,5\n", 2, null, "expected 2 fields, found 3")]
    [InlineData("1,2\n3,x7\n", 2, 1, "'x7' is not a valid Single")]
    [InlineData("1,2\n\"3,4\n", 2, null, "quoted field is not closed")]
    public void MalformedRowsNameFileLineAndColumn(string content, long line, int? column, string problem)
    {
        string path = File(content);
        // Found while loading (the first rows are read to check the header) or while reading.
        var e = Assert.Throws<TextLoaderException>(() => Rows(new MLContext(1).Data.LoadFromTextFile(path, new TextLoaderOptions
        {
            Columns = [new TextLoaderColumn("A", NumberDataViewType.Single, 0), new TextLoaderColumn("B", NumberDataViewType.Single, 1)],
        })));
        Assert.Equal(path, e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith($"{path}:{line}", e.Message);
    }

    [Fact]
    public void MalformedRowsCanBeSkippedAndCounted()
    {
        var view = new MLContext(1).Data.LoadFromTextFile(File("a,b\n1,2\n3\n4,five\n6,7\n8,9,10\n"), new TextLoaderOptions
        {
            HasHeader = true, SkipMalformedRows = true,
            Columns = [new TextLoaderColumn("a", NumberDataViewType.Single, 0), new TextLoaderColumn("b", NumberDataViewType.Single, 1)],
        });
        Assert.Equal(-1, view.SkippedRows);
        var rows = Rows(view);
        Assert.Equal([1f, 6f], rows.Select(r => (float)r[0]!));
        Assert.Equal(3, view.SkippedRows);
    }

    [Fact]
    public void EmptyIntegerIsAnErrorNotZero()
    {
        string path = File("1\n\"\"\n");
        var view = new MLContext(1).Data.LoadFromTextFile(path, new TextLoaderOptions { Columns = [new TextLoaderColumn("N", NumberDataViewType.Int32, 0)] });
        var e = Assert.Throws<TextLoaderException>(() => Rows(view));
        Assert.Equal(2, e.Line);
        Assert.Contains("integer", e.Message);
    }

    [Fact]
    public void ColumnsPastTheRowWidthAndMissingFilesAreReportedUpFront()
    {
        var ctx = new MLContext(1);
        string path = File("1,2\n");
        var e = Assert.Throws<TextLoaderException>(() => ctx.Data.LoadFromTextFile(path, new TextLoaderOptions { Columns = [new TextLoaderColumn("C", NumberDataViewType.Single, 5)] }));
        Assert.Contains("reads field 6 but rows have 2 fields", e.Message);
        Assert.Throws<FileNotFoundException>(() => ctx.Data.LoadFromTextFile("/nonexistent.csv"));
        Assert.Contains("empty", Assert.Throws<TextLoaderException>(() => ctx.Data.LoadFromTextFile(File(""))).Message);
        Assert.Empty(Rows(ctx.Data.LoadFromTextFile(File("h1,h2\n"), hasHeader: true)));
    }

    [Fact]
    public void ReadsOnlyTheActiveColumns()
    {
        // A bad value in a column nobody reads does not stop a cursor over the others.
        var view = new MLContext(1).Data.LoadFromTextFile(File("1,x\n2,y\n"), new TextLoaderOptions
        {
            Columns = [new TextLoaderColumn("A", NumberDataViewType.Single, 0), new TextLoaderColumn("B", NumberDataViewType.Single, 1)],
        });
        using var c = view.GetRowCursor([view.Schema["A"]]);
        int n = 0;
        while (c.MoveNext()) n++;
        Assert.Equal(2, n);
    }
}
