using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace MlNetDeep.Tests;

/// <summary>IDX files and Fashion-MNIST as ML.NET data views.</summary>
public sealed class IdxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-idx").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte type, int[] dims, byte[] data)
    {
        string path = Path.Combine(_dir, name);
        using var f = File.Create(path);
        f.Write([0, 0, type, (byte)dims.Length]);
        foreach (int d in dims) f.Write([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        f.Write(data);
        return path;
    }

    [Fact]
    public void FashionMnistIsAKeyLabelWithClassNamesAndImageVectors()
    {
        var ml = new MLContext(1);
        var test = ml.Data.LoadFashionMnist(train: false, limit: 50);
        Assert.Equal(50, test.GetRowCount());
        var label = test.Schema["Label"];
        Assert.Equal(new KeyDataViewType(typeof(uint), 10), label.Type);
        VBuffer<ReadOnlyMemory<char>> names = default;
        label.GetKeyValues(ref names);
        Assert.Equal("T-shirt/top", names.GetValues()[0].ToString());
        Assert.Equal("Ankle boot", names.GetValues()[9].ToString());
        var features = (VectorDataViewType)test.Schema["Features"].Type;
        Assert.Equal([1, 28, 28], features.Dimensions.ToArray());
        var pixels = TestData.Column(test, "Features");
        Assert.All(pixels.SelectMany(p => p), v => Assert.InRange(v, 0f, 1f));
        var named = ml.Transforms.Conversion.MapKeyToValue("Name", "Label").Fit(test).Transform(test);
        Assert.Equal("Ankle boot", named.GetColumn<string>("Name").First()); // the test split's first image
        Assert.Equal(60000, ml.Data.LoadFashionMnist(train: true).GetRowCount());
    }

    [Fact]
    public void MalformedFilesAreNamedWithTheEntry()
    {
        var ml = new MLContext(1);
        string images = Write("i.idx", 8, [2, 2, 2], new byte[8]);
        string labels = Write("l.idx", 8, [2], [0, 7]);
        var e = Assert.Throws<InvalidDataException>(() => ml.Data.LoadFromIdx(images, labels, ["a", "b"]));
        Assert.Contains("label 7 at entry 1", e.Message);
        Assert.StartsWith(labels, e.Message);
        string short1 = Write("s.idx", 8, [3, 2, 2], new byte[5]);
        Assert.Contains("file ends inside the data", Assert.Throws<InvalidDataException>(() => ml.Data.LoadFromIdx(short1, labels)).Message);
        string wrongCount = Write("w.idx", 8, [3], [0, 1, 0]);
        Assert.Contains("expected 2 labels", Assert.Throws<InvalidDataException>(() => ml.Data.LoadFromIdx(images, wrongCount)).Message);
        Assert.Contains("dataset-fashion-mnist", Assert.Throws<FileNotFoundException>(() => ml.Data.LoadFashionMnist(true, _dir)).Message);
    }
}
