using MlNetDeep.Data.Tensors;
using MlNetDeep.Torch;
using Xunit;

namespace MlNetDeep.Data.Tests;

/// <summary>The bridge from views to tensor batches, caching, and IDX views.</summary>
public class TensorBatcherTests
{
    private static InMemoryDataView Data(int n) => new InMemoryDataViewBuilder()
        .AddVector("X", Enumerable.Range(0, n * 6).Select(i => (float)i).ToArray(), 1, 2, 3)
        .AddKey("Y", Enumerable.Range(0, n).Select(i => (uint)(i % 3) + 1).ToArray(), ["a", "b", "c"])
        .AddScalar("W", Enumerable.Range(0, n).Select(i => (double)i).ToArray())
        .AddScalar("Flag", Enumerable.Range(0, n).Select(i => i % 2 == 0).ToArray())
        .Build();

    [Fact]
    public void BatchesHaveShapesDtypesAndZeroBasedKeys()
    {
        var batcher = new TensorBatcher(Data(10), ["X", "Y", "W", "Flag"], batchSize: 4);
        var batches = batcher.ToList();
        Assert.Equal([4, 4, 2], batches.Select(b => b.Count));
        var first = batches[0];
        Assert.Equal(new long[] { 4, 1, 2, 3 }, first["X"].Shape);
        Assert.Equal(DType.Float32, first["X"].DType);
        Assert.Equal(DType.Int64, first["Y"].DType);
        Assert.Equal(new long[] { 0, 1, 2, 0 }, first["Y"].ToArray<long>());
        Assert.Equal(DType.Float64, first["W"].DType);
        Assert.Equal(new float[] { 1, 0, 1, 0 }, first["Flag"].ToArray<float>());
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (float)i), first["X"].ToArray<float>());
        Assert.Throws<KeyNotFoundException>(() => first["Z"]);
        foreach (var b in batches) b.Dispose();
        Assert.Equal(2, new TensorBatcher(Data(10), ["W"], 4, dropLast: true).Count());
    }

    [Fact]
    public void ShuffledEpochsAreSeededPermutations()
    {
        var batcher = new TensorBatcher(Data(50), ["W"], 8, shuffle: true, seed: 3);
        double[] Epoch(TensorBatcher b) => b.SelectMany(x => { using (x) return x["W"].ToArray<double>(); }).ToArray();
        double[] e1 = Epoch(batcher), e2 = Epoch(batcher);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (double)i), e1.Order());
        Assert.NotEqual(e1, e2);
        Assert.Equal(e1, Epoch(new TensorBatcher(Data(50), ["W"], 8, shuffle: true, seed: 3)));
    }

    [Fact]
    public void StreamingViewsShuffleThroughAPool()
    {
        var ctx = new MLContext(1);
        // An enumerable that is not a list cannot shuffle itself.
        var rows = ctx.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(i => new R { V = i }));
        Assert.False(rows.CanShuffle);
        var batcher = new TensorBatcher(rows, ["V"], 16, shuffle: true, seed: 5, shufflePoolRows: 50);
        float[] order = batcher.SelectMany(b => { using (b) return b["V"].ToArray<float>(); }).ToArray();
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (float)i), order.Order());
        Assert.NotEqual(Enumerable.Range(0, 200).Select(i => (float)i), order);
        // The pool only reorders within a window of its size.
        Assert.All(order.Select((v, i) => (v, i)), p => Assert.True(p.v <= p.i + 50));
    }

    [Fact]
    public void ShuffleRowsGivesSeededOrdersForMemoryAndStreams()
    {
        var ctx = new MLContext(1);
        float[] Order(IDataView v)
        {
            using var c = v.GetRowCursor(v.Schema);
            var g = c.GetGetter<float>(v.Schema["V"]);
            var list = new List<float>();
            float x = 0;
            while (c.MoveNext()) { g(ref x); list.Add(x); }
            return list.ToArray();
        }
        var stream = ctx.Data.LoadFromEnumerable(Enumerable.Range(0, 100).Select(i => new R { V = i }));
        var memory = ctx.Data.Cache(stream);
        foreach (var source in new IDataView[] { stream, memory })
        {
            var shuffled = ctx.Data.ShuffleRows(source, seed: 4, shufflePoolSize: 30);
            float[] first = Order(shuffled), second = Order(shuffled);
            Assert.Equal(Enumerable.Range(0, 100).Select(i => (float)i), first.Order());
            Assert.NotEqual(first, second);
            Assert.Equal(first, Order(ctx.Data.ShuffleRows(source, seed: 4, shufflePoolSize: 30)));
        }
    }

    public sealed class R
    {
        public float V { get; set; }
    }

    [Fact]
    public void UnsupportedColumnsAreRejectedUpFront()
    {
        var v = new InMemoryDataViewBuilder().AddScalar("S", new[] { "a" }).Build();
        var e = Assert.Throws<SchemaMismatchException>(() => new TensorBatcher(v, ["S"], 2));
        Assert.Equal("S", e.Column);
        Assert.Throws<SchemaMismatchException>(() => new TensorBatcher(v, ["Nope"], 2));
    }

    [Fact]
    public void AFailingSourceSurfacesInTheConsumer()
    {
        var ctx = new MLContext(1);
        var bad = ctx.Data.LoadFromEnumerable(Enumerable.Range(0, 10).Select(i => i < 5 ? new R { V = i } : throw new IOException("disk gone")));
        var e = Assert.Throws<InvalidOperationException>(() => new TensorBatcher(bad, ["V"], 2).ToList().ForEach(b => b.Dispose()));
        Assert.Contains("disk gone", e.Message);
    }

    [Fact]
    public void CacheMaterializesEveryColumnType()
    {
        var ctx = new MLContext(1);
        var lazy = ctx.Transforms.Conversion.MapValueToKey("K", "S").Fit(Src()).Transform(Src());
        var cached = ctx.Data.Cache(lazy);
        Assert.Equal(3, cached.RowCount);
        Assert.Equal(Conformance.EstimatorConformance.Dump(lazy), Conformance.EstimatorConformance.Dump(cached));
        Assert.Equal(["x", "y"], cached.Schema["K"].KeyValues);
    }

    private static InMemoryDataView Src() => new InMemoryDataViewBuilder()
        .AddScalar("S", new[] { "x", "y", "x" })
        .AddVector("V", new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 2)
        .AddVarVector("Seq", new[] { new[] { 1L }, new long[0], new[] { 2L, 3L } })
        .Build();

    [Fact]
    public void FashionMnistLoadsAsAView()
    {
        var view = new MLContext(1).Data.LoadFashionMnist(train: false);
        Assert.Equal(10_000, view.RowCount);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 1, 28, 28), view.Schema["Features"].Type);
        Assert.Equal("Ankle boot", view.Schema["Label"].KeyValues![9]);
        using var batch = new TensorBatcher(view, ["Features", "Label"], 5).First();
        Assert.Equal(9, batch["Label"].ToArray<long>()[0]);
        Assert.InRange(batch["Features"].Max().ToDouble(), 0.5, 1.0);
    }
}
