using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetDeep.Data;
using MlNetDeep.Schema;
using TorchSharp;
using Xunit;

namespace MlNetDeep.Tests;

/// <summary>IDataView to tensor batches: conversions, in-memory and streaming reading, seeded shuffles, prefetch errors.</summary>
public sealed class DataViewBatcherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-batch").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<(float[] X, long[] Y)> Read(DataViewBatcher batcher, int epoch) =>
        batcher.Epoch(epoch).Select(b =>
        {
            using (b) return (b["Features"].data<float>().ToArray(), b["Label"].data<long>().ToArray());
        }).ToList();

    [Theory]
    [InlineData(DataLoading.InMemory)]
    [InlineData(DataLoading.Streaming)]
    public void KeysBecomeZeroBasedClassIndicesAndVectorsFloatRows(DataLoading loading)
    {
        var ml = new MLContext(1);
        var data = TestData.Keyed(ml, [[1, 2], [3, 4], [5, 6]], [1, 3, 2], ["a", "b", "c"]);
        using var batcher = new DataViewBatcher(data, ["Features", "Label"], new DataViewBatcherOptions { BatchSize = 2, Loading = loading });
        var batches = Read(batcher, 0);
        Assert.Equal([[1f, 2, 3, 4], [5f, 6]], batches.Select(b => b.X));
        Assert.Equal([[0L, 2], [1L]], batches.Select(b => b.Y));
        Assert.Equal(loading == DataLoading.InMemory, batcher.InMemory);
        Assert.Equal(3, batcher.RowCount);
    }

    [Theory]
    [InlineData(DataLoading.InMemory)]
    [InlineData(DataLoading.Streaming)]
    public void ShuffledEpochsArePermutationsThatDependOnlyOnSeedAndEpoch(DataLoading loading)
    {
        var ml = new MLContext(1);
        var data = TestData.Keyed(ml, Enumerable.Range(0, 100).Select(i => new float[] { i }).ToArray(), Enumerable.Repeat(1u, 100).ToArray(), ["a"]);
        float[] Order(int seed, int epoch)
        {
            using var b = new DataViewBatcher(data, ["Features", "Label"], new DataViewBatcherOptions { BatchSize = 7, Shuffle = true, Seed = seed, Loading = loading });
            return Read(b, epoch).SelectMany(x => x.X).ToArray();
        }
        float[] a = Order(3, 0);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (float)i), a.Order());
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => (float)i), a);
        Assert.Equal(a, Order(3, 0));
        Assert.NotEqual(a, Order(3, 1));
        Assert.NotEqual(a, Order(4, 0));
    }

    [Fact]
    public void ATextFileStreamsThroughAShufflingPoolAndVisitsEveryRowOnce()
    {
        string path = Path.Combine(_dir, "rows.csv");
        File.WriteAllLines(path, Enumerable.Range(0, 500).Select(i => $"{i},{i % 3 == 0}"));
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromTextFile(path, [new TextLoader.Column("X", DataKind.Single, 0), new TextLoader.Column("B", DataKind.Boolean, 1)], separatorChar: ',');
        Assert.False(data.CanShuffle);
        using var batcher = new DataViewBatcher(data, ["X", "B"], new DataViewBatcherOptions { BatchSize = 64, Shuffle = true, Seed = 1, Loading = DataLoading.Streaming, ShufflePoolRows = 50 });
        var rows = batcher.Epoch(0).SelectMany(b =>
        {
            using (b) return b["X"].data<float>().ToArray().Zip(b["B"].data<float>().ToArray());
        }).ToList();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (float)i), rows.Select(r => r.First).Order());
        Assert.NotEqual(Enumerable.Range(0, 500).Select(i => (float)i), rows.Select(r => r.First));
        Assert.All(rows, r => Assert.Equal((int)r.First % 3 == 0 ? 1f : 0f, r.Second));
        Assert.Equal(500, batcher.RowCount);
    }

    [Fact]
    public void AutoKeepsSmallDataInMemoryAndStreamsWhatExceedsTheLimit()
    {
        var ml = new MLContext(1);
        var data = TestData.ThreeClasses(ml, 1000, 1);
        using var small = new DataViewBatcher(data, ["Features", "Label"]);
        Assert.Equal(8, small.Epoch(0).Sum(b => { using (b) return 1; }));
        Assert.True(small.InMemory);
        using var large = new DataViewBatcher(data, ["Features", "Label"], new DataViewBatcherOptions { InMemoryLimitBytes = 1000 });
        Assert.Equal(1000, large.Epoch(0).Sum(b => { using (b) return b.Count; }));
        Assert.False(large.InMemory);
    }

    [Fact]
    public void ColumnsThatCannotBecomeTensorsAreNamed()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new { Text = "a", Features = new float[] { 1 } } });
        var e = Assert.Throws<SchemaMismatchException>(() => new DataViewBatcher(data, ["Text"]));
        Assert.Equal("Text", e.Column);
        Assert.Contains("got String", e.Message);
        Assert.Contains("variable size", Assert.Throws<SchemaMismatchException>(() => new DataViewBatcher(data, ["Features"])).Message);
        Assert.Null(Assert.Throws<SchemaMismatchException>(() => new DataViewBatcher(data, ["Nope"])).Received);
    }

    public sealed class CorruptRow
    {
        public float Value { get; set; }
        public float[] Features => Value < 2 ? [Value] : throw new InvalidDataException($"row {Value} is corrupt");
    }

    [Fact]
    public void AReadErrorOnThePrefetchThreadReachesTheConsumer()
    {
        var ml = new MLContext(1);
        var schema = SchemaDefinition.Create(typeof(CorruptRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 5).Select(i => new CorruptRow { Value = i }).ToList(), schema);
        using var batcher = new DataViewBatcher(data, ["Features"], new DataViewBatcherOptions { BatchSize = 1, Loading = DataLoading.Streaming });
        var seen = new List<float>();
        var e = Assert.ThrowsAny<Exception>(() =>
        {
            foreach (var b in batcher.Epoch(0))
                using (b) seen.Add(b["Features"].item<float>());
        });
        Assert.Contains("row 2 is corrupt", e.ToString());
        Assert.Equal([0f, 1f], seen);

        var emptySchema = SchemaDefinition.Create(typeof(TestData.FloatRow));
        emptySchema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
        using var none = new DataViewBatcher(ml.Data.LoadFromEnumerable(Array.Empty<TestData.FloatRow>(), emptySchema), ["Features"], new DataViewBatcherOptions { Loading = DataLoading.Streaming });
        Assert.Contains("no rows", Assert.Throws<InvalidDataException>(() => none.Epoch(0).ToList()).Message);
    }

    [Fact]
    public void ImagesLoadedByImageAnalyticsBatchAsTensors()
    {
        var ml = new MLContext(1);
        for (int i = 0; i < 3; i++)
        {
            using var bitmap = new SkiaSharp.SKBitmap(10, 8);
            bitmap.Erase(new SkiaSharp.SKColor((byte)(i * 100), 0, 0));
            using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
            using var png = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(_dir, $"{i}.png"), png.ToArray());
        }
        var files = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 3).Select(i => new { Path = $"{i}.png" }).ToList());
        var pipeline = ml.Transforms.LoadImages("Image", _dir, "Path")
            .Append(ml.Transforms.ResizeImages("Image", 4, 4))
            .Append(ml.Transforms.ExtractPixels("Features", "Image", interleavePixelColors: false));
        var pixels = pipeline.Fit(files).Transform(files);
        using var batcher = new DataViewBatcher(pixels, ["Features"], new DataViewBatcherOptions { BatchSize = 3 });
        using var batch = batcher.Epoch(0).Single();
        Assert.Equal([3L, 48], batch["Features"].shape);
        var red = batch["Features"].view(3, 3, 16)[.., 0, ..]; // planes in ExtractPixels' default order: red, green, blue
        Assert.Equal([0f, 100, 200], red.mean([1]).data<float>().ToArray());
    }
}
