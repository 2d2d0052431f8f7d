using System.Buffers.Binary;
using System.Text;
using MlNetDeep.Torch;
using MlNetDeep.Torch.IO;
using MlNetDeep.Torch.Nn;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>The tensor container: round trips, atomic saves, and every validation rule on hostile bytes.</summary>
public class TensorFileTests
{
    private static byte[] Valid()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["a"] = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3),
            ["b"] = Tensor.FromArray(new long[] { 7, 8 }),
        };
        using var ms = new MemoryStream();
        TensorFile.Save(ms, tensors);
        return ms.ToArray();
    }

    /// <summary>A file with the given JSON header and <paramref name="dataBytes"/> zero bytes of data.</summary>
    private static byte[] WithHeader(string json, int dataBytes = 64, uint version = 1)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        long dataStart = (24 + header.Length + 63) / 64 * 64;
        var file = new byte[dataStart + dataBytes];
        "MNDTENSR"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), version);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(16), (ulong)header.Length);
        header.CopyTo(file, 24);
        return file;
    }

    private static TensorFileException Bad(byte[] bytes) =>
        Assert.Throws<TensorFileException>(() => TensorFile.Load(new MemoryStream(bytes), "test.mndt").Dispose());

    [Fact]
    public void RoundTripsEveryDtypeShapeAndMetadata()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = Tensors.Randn(3, 4),
            ["f64"] = Tensors.Randn([2], DType.Float64),
            ["i64"] = Tensor.FromArray(new long[] { long.MinValue, 0, long.MaxValue }),
            ["i32"] = Tensor.FromArray(new[] { 1, -2 }),
            ["u8"] = Tensor.FromArray(new byte[] { 0, 255 }),
            ["bool"] = Tensor.FromArray(new[] { true, false, true }),
            ["f16"] = Tensors.Randn(5).To(DType.Float16),
            ["scalar"] = Tensors.Full([], 3.5),
            ["empty"] = Tensors.Zeros(0, 3),
        };
        string path = Path.Combine(Path.GetTempPath(), $"mnd-{Guid.NewGuid():N}.mndt");
        try
        {
            TensorFile.Save(path, tensors, new Dictionary<string, string> { ["note"] = "héllo" });
            using var loaded = TensorFile.Load(path);
            Assert.Equal("héllo", loaded.Metadata["note"]);
            Assert.Equal(tensors.Keys.Order(), loaded.Tensors.Keys.Order());
            foreach (var (name, t) in tensors)
            {
                Tensor l = loaded.Tensors[name];
                Assert.Equal(t.DType, l.DType);
                Assert.Equal(t.Shape, l.Shape);
                var a = new byte[t.NumberOfElements * t.DType.ElementSize()];
                var b = new byte[a.Length];
                t.CopyBytesTo(a);
                l.CopyBytesTo(b);
                Assert.Equal(a, b);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AFailedSaveLeavesTheExistingFileIntact()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mnd-{Guid.NewGuid():N}.mndt");
        try
        {
            TensorFile.Save(path, new Dictionary<string, Tensor> { ["x"] = Tensors.Ones(2) });
            byte[] before = File.ReadAllBytes(path);
            var disposed = Tensors.Ones(3);
            disposed.Dispose();
            Assert.Throws<ObjectDisposedException>(() =>
                TensorFile.Save(path, new Dictionary<string, Tensor> { ["x"] = Tensors.Zeros(2), ["y"] = disposed }));
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + ".tmp-*"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ModuleWeightsRoundTrip()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mnd-{Guid.NewGuid():N}.mndt");
        try
        {
            using var a = new Sequential(new Linear(3, 4), new BatchNorm1d(4));
            a.SaveWeights(path);
            using var b = new Sequential(new Linear(3, 4), new BatchNorm1d(4));
            b.LoadWeights(path);
            foreach (var (name, t) in a.StateDict()) Assert.Equal(t.To(DType.Float64).ToArray<double>(), b.StateDict()[name].To(DType.Float64).ToArray<double>());
            using var c = new Sequential(new Linear(3, 5));
            Assert.Throws<StateDictMismatchException>(() => c.LoadWeights(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RejectsWrongMagicAndNewerVersions()
    {
        byte[] v = Valid();
        v[0] = (byte)'X';
        Assert.Contains("not a tensor file", Bad(v).Message);
        var e = Bad(WithHeader("""{"tensors":[]}""", version: 2));
        Assert.Contains("newer MlNetDeep", e.Message);
        Assert.Contains("test.mndt", e.Message);
        Bad(WithHeader("""{"tensors":[]}""", version: 0));
    }

    [Fact]
    public void RejectsHeaderProblems()
    {
        byte[] v = Valid();
        BinaryPrimitives.WriteUInt64LittleEndian(v.AsSpan(16), ulong.MaxValue);
        Assert.Equal("header", Bad(v).Entry);
        Bad(v[..20]);
        Bad(WithHeader("not json"));
        Bad(WithHeader("""{"x":1}"""));
        Assert.Contains("depth", Bad(WithHeader("""{"tensors":[],"metadata":{"a":[[[[[[[[[1]]]]]]]]]}}""")).Rule);
        Assert.Contains("cannot be decoded", Bad(WithHeader("""{"tensors":[{"name":"\udc00","dtype":"float32","shape":[1],"offset":0,"length":4}]}""")).Rule);
        Assert.Contains("metadata values must be strings", Bad(WithHeader("""{"tensors":[],"metadata":{"a":1}}""")).Rule);
    }

    [Theory]
    [InlineData("""{"tensors":[{"name":"w","dtype":"float32","shape":[2],"offset":0,"length":12}]}""", "w", "does not equal")]
    [InlineData("""{"tensors":[{"name":"w","dtype":"complex","shape":[2],"offset":0,"length":8}]}""", "w", "dtype")]
    [InlineData("""{"tensors":[{"name":"w","dtype":"float32","shape":[-2],"offset":0,"length":8}]}""", "w", "non-negative")]
    [InlineData("""{"tensors":[{"name":"w","dtype":"float32","shape":[4294967296,4294967296],"offset":0,"length":0}]}""", "w", "limit")]
    [InlineData("""{"tensors":[{"name":"w","dtype":"float32","shape":[2],"offset":60,"length":8}]}""", "w", "past the end")]
    [InlineData("""{"tensors":[{"name":"w","dtype":"float32","shape":[2],"offset":9223372036854775807,"length":8}]}""", "w", "overflows")]
    [InlineData("""{"tensors":[{"name":"w","dtype":"float32","shape":[4],"offset":0,"length":16},{"name":"v","dtype":"float32","shape":[2],"offset":8,"length":8}]}""", "v", "overlaps")]
    [InlineData("""{"tensors":[{"name":"w","dtype":"float32","shape":[1],"offset":0,"length":4},{"name":"w","dtype":"float32","shape":[1],"offset":8,"length":4}]}""", "w", "twice")]
    [InlineData("""{"tensors":[{"name":"","dtype":"float32","shape":[1],"offset":0,"length":4}]}""", "tensors[0]", "name")]
    [InlineData("""{"tensors":[{"name":"w","dtype":"float32","shape":[1],"offset":-4,"length":4}]}""", "w", "offset")]
    public void RejectsBadEntriesNamingEntryAndRule(string header, string entry, string rule)
    {
        var e = Bad(WithHeader(header));
        Assert.Equal(entry, e.Entry);
        Assert.Contains(rule, e.Rule);
    }

    [Fact]
    public void TruncatedDataIsAnErrorOnNonSeekableStreamsToo()
    {
        byte[] v = Valid();
        Bad(v[..^8]);
        var e = Assert.Throws<TensorFileException>(() => TensorFile.Load(new NonSeekable(v[..^8]), "pipe").Dispose());
        Assert.Contains("ends early", e.Rule);
        using var ok = TensorFile.Load(new NonSeekable(v), "pipe");
        Assert.Equal(new long[] { 7, 8 }, ok.Tensors["b"].ToArray<long>());
    }

    [Fact]
    public void RandomCorruptionNeverCrashes()
    {
        byte[] valid = Valid();
        var rng = new Random(1234);
        int rejected = 0, accepted = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] b = (byte[])valid.Clone();
            int flips = rng.Next(1, 8);
            for (int k = 0; k < flips; k++) b[rng.Next(b.Length)] = (byte)rng.Next(256);
            if (rng.Next(4) == 0) b = b[..rng.Next(b.Length)];
            try
            {
                using var c = TensorFile.Load(new MemoryStream(b), "fuzz");
                accepted++;
            }
            catch (TensorFileException)
            {
                rejected++;
            }
        }
        Assert.True(rejected > 0 && rejected + accepted == 3000);
    }

    private sealed class NonSeekable(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
