using System.IO.Compression;
using MlNetDeep.Data.Idx;
using Xunit;

namespace MlNetDeep.Data.Tests;

/// <summary>The IDX reader: well-formed files, gzip, and every header rule on bad files.</summary>
public class IdxFileTests
{
    private static string Write(byte[] bytes, bool gzip = false)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mnd-{Guid.NewGuid():N}.idx{(gzip ? ".gz" : "")}");
        if (gzip)
        {
            using var fs = File.Create(path);
            using var gz = new GZipStream(fs, CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    private static byte[] Idx(byte type, int[] dims, byte[] data)
    {
        var b = new List<byte> { 0, 0, type, (byte)dims.Length };
        foreach (int d in dims) b.AddRange(new[] { (byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d });
        b.AddRange(data);
        return b.ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsShapeAndData(bool gzip)
    {
        string path = Write(Idx(8, [2, 3], [1, 2, 3, 4, 5, 6]), gzip);
        try
        {
            var (shape, data) = IdxFile.ReadBytes(path);
            Assert.Equal(new[] { 2, 3 }, shape);
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, data);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 8, 1, 0, 0, 0, 1, 7 }, "magic")]
    [InlineData(new byte[] { 0, 0, 13, 1, 0, 0, 0, 1, 7 }, "element type 0x0d")]
    [InlineData(new byte[] { 0, 0, 8, 0 }, "0 dimensions")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 0 }, "dimension 0 has size 0")]
    [InlineData(new byte[] { 0, 0, 8, 2, 0, 1, 0, 0, 0, 1, 0, 0 }, "exceed the limit")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 4, 1, 2 }, "file ends inside the data")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 1, 1, 2 }, "trailing bytes")]
    [InlineData(new byte[] { 0, 0, 8 }, "file ends inside the header")]
    public void RejectsMalformedFilesNamingFileAndRule(byte[] bytes, string rule)
    {
        string path = Write(bytes);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadBytes(path));
            Assert.StartsWith(path, e.Message);
            Assert.Contains(rule, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CorruptGzipNamesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mnd-{Guid.NewGuid():N}.idx.gz");
        File.WriteAllBytes(path, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]);
        try
        {
            var e = Assert.ThrowsAny<Exception>(() => IdxFile.ReadBytes(path));
            Assert.True(e is InvalidDataException, e.GetType().Name);
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadsFashionMnistTestSplit()
    {
        var (x, y) = FashionMnist.Load(train: false, limit: 100);
        using (x)
        using (y)
        {
            Assert.Equal(new long[] { 100, 1, 28, 28 }, x.Shape);
            Assert.Equal(new long[] { 100 }, y.Shape);
            Assert.All(y.ToArray<long>(), v => Assert.InRange(v, 0, 9));
            // The first test image of Fashion-MNIST is an ankle boot (label 9).
            Assert.Equal(9, y.ToArray<long>()[0]);
        }
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(train: true, directory: "/nonexistent"));
        Assert.Contains("dataset-fashion-mnist", e.Message);
    }

    [Fact]
    public void SelectsClassesRekeysThemAndLimitsRowsPerClass()
    {
        var ctx = new MLContext(1);
        var all = ctx.Data.LoadFashionMnist(train: false);
        var some = ctx.Data.LoadFashionMnist(train: false, classes: [9, 5], perClass: 3);
        Assert.Equal(6, some.GetRowCount());
        Assert.Equal(["Ankle boot", "Sandal"], some.Schema["Label"].KeyValues);
        var keys = Column<uint>(some, "Label");
        Assert.Equal(3, keys.Count(k => k == 1));
        Assert.Equal(3, keys.Count(k => k == 2));
        // The first kept row is the split's first image (an ankle boot), pixels unchanged.
        Assert.Equal(FirstImage(all), FirstImage(some));
        Assert.Equal(1000, ctx.Data.LoadFashionMnist(train: false, classes: [0]).GetRowCount());
        Assert.Equal(20, ctx.Data.LoadFashionMnist(train: false, perClass: 2).GetRowCount());
        Assert.Contains("classes lists 10; the labels have 10 classes (0..9)", Assert.Throws<ArgumentException>(() => ctx.Data.LoadFashionMnist(false, classes: [10])).Message);
        Assert.Contains("distinct", Assert.Throws<ArgumentException>(() => ctx.Data.LoadFashionMnist(false, classes: [1, 1])).Message);
    }

    private static float[] FirstImage(IDataView data)
    {
        using var c = data.GetRowCursor([data.Schema["Features"]]);
        var get = c.GetGetter<VBuffer<float>>(data.Schema["Features"]);
        var v = default(VBuffer<float>);
        Assert.True(c.MoveNext());
        get(ref v);
        return v.ToArray();
    }

    private static List<T> Column<T>(IDataView data, string name)
    {
        var values = new List<T>();
        using var c = data.GetRowCursor([data.Schema[name]]);
        var get = c.GetGetter<T>(data.Schema[name]);
        T v = default!;
        while (c.MoveNext()) { get(ref v); values.Add(v); }
        return values;
    }
}
