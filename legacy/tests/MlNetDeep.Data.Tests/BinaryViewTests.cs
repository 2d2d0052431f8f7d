using MlNetDeep.Conformance;
using MlNetDeep.Data.Binary;
using MlNetDeep.Data.Tensors;
using Xunit;

namespace MlNetDeep.Data.Tests;

/// <summary>The binary view cache: round trips, hostile bytes, and streaming data larger than the managed heap allows.</summary>
[Collection(HeapMeasurementCollection.Name)]
public sealed class BinaryViewTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-binary").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static InMemoryDataView Sample(int n) => new InMemoryDataViewBuilder()
        .AddScalar("F", Enumerable.Range(0, n).Select(i => i % 7 == 0 ? float.NaN : i * 0.5f).ToArray())
        .AddScalar("D", Enumerable.Range(0, n).Select(i => i * 1e-3).ToArray())
        .AddScalar("I", Enumerable.Range(0, n).ToArray())
        .AddScalar("L", Enumerable.Range(0, n).Select(i => (long)i << 33).ToArray())
        .AddScalar("B", Enumerable.Range(0, n).Select(i => i % 3 == 0).ToArray())
        .AddScalar("S", Enumerable.Range(0, n).Select(i => i % 5 == 0 ? "" : $"row {i} é").ToArray())
        .AddKey("K", Enumerable.Range(0, n).Select(i => (uint)(i % 4)).ToArray(), ["zero", "one", "two"])
        .AddVector("V", Enumerable.Range(0, n * 6).Select(i => (float)i).ToArray(), 2, 3)
        .AddVarVector("Seq", Enumerable.Range(0, n).Select(i => Enumerable.Range(0, i % 5).Select(j => (long)j).ToArray()).ToArray())
        .AddVarVector("Words", Enumerable.Range(0, n).Select(i => Enumerable.Range(0, i % 3).Select(j => $"w{j}").ToArray()).ToArray())
        .Build();

    [Fact]
    public void RoundTripsEveryColumnTypeAcrossBlocks()
    {
        var ctx = new MLContext(1);
        var data = Sample(9000);
        string path = Path.Combine(_dir, "v.mndv");
        ctx.Data.SaveAsBinary(data, path);
        var back = ctx.Data.LoadFromBinary(path);
        Assert.Equal(data.Schema.Select(c => (c.Name, c.Type)), back.Schema.Select(c => (c.Name, c.Type)));
        Assert.Equal(["zero", "one", "two"], back.Schema["K"].KeyValues);
        Assert.Equal(EstimatorConformance.Dump(data), EstimatorConformance.Dump(back));
    }

    [Fact]
    public void HostileBytesRaiseInvalidDataNeverCrash()
    {
        var ctx = new MLContext(1);
        var ms = new MemoryStream();
        ctx.Data.SaveAsBinary(Sample(50), ms);
        byte[] valid = ms.ToArray();
        var rng = new Random(4);
        int ok = 0, refused = 0;
        for (int i = 0; i < 400; i++)
        {
            byte[] b = (byte[])valid.Clone();
            for (int k = rng.Next(1, 5); k > 0; k--) b[rng.Next(b.Length)] = (byte)rng.Next(256);
            if (rng.Next(4) == 0) b = b[..rng.Next(b.Length)];
            string path = Path.Combine(_dir, $"fuzz{i}.mndv");
            File.WriteAllBytes(path, b);
            try
            {
                EstimatorConformance.Dump(ctx.Data.LoadFromBinary(path));
                ok++;
            }
            catch (InvalidDataException e)
            {
                Assert.Contains(path, e.Message);
                refused++;
            }
        }
        Assert.True(refused > 100, $"refused {refused}, ok {ok}");
        string newer = Path.Combine(_dir, "newer.mndv");
        byte[] v2 = (byte[])valid.Clone();
        v2[8] = 9;
        File.WriteAllBytes(newer, v2);
        Assert.Contains("newer MlNetDeep", Assert.Throws<InvalidDataException>(() => ctx.Data.LoadFromBinary(newer)).Message);
    }

    public sealed class Wide
    {
        [VectorType(1024)] public float[] X { get; set; } = [];
        public float Y { get; set; }
    }

    [Fact]
    public void DataLargerThanTheHeapBudgetStreamsThroughShuffledBatches()
    {
        // ~100 MB of rows: written and read back one block at a time, shuffled by a bounded
        // pool, while the managed heap stays a fraction of the file's size.
        const int rows = 25_000;
        var ctx = new MLContext(1);
        var source = ctx.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(i => new Wide { X = Enumerable.Repeat((float)i, 1024).ToArray(), Y = i }));
        string path = Path.Combine(_dir, "big.mndv");
        ctx.Data.SaveAsBinary(source, path);
        long fileBytes = new FileInfo(path).Length;
        Assert.True(fileBytes > 100_000_000);
        var view = ctx.Data.LoadFromBinary(path);
        var batcher = new TensorBatcher(view, ["X", "Y"], 256, shuffle: true, seed: 3, shufflePoolRows: 1000);
        long peak = 0, seen = 0, batches = 0;
        double sum = 0;
        foreach (var batch in batcher)
        {
            using (batch)
            {
                seen += batch.Count;
                sum += batch["Y"].Sum().ToDouble();
            }
            // Live objects only (a full collection first), every tenth batch.
            if (++batches % 10 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
        }
        Assert.Equal(rows, seen);
        Assert.Equal((double)rows * (rows - 1) / 2, sum);
        Assert.True(peak < fileBytes / 3, $"live managed memory peaked at {peak / 1e6:F0} MB for a {fileBytes / 1e6:F0} MB file");
    }
}
