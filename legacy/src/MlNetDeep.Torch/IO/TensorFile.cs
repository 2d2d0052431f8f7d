using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MlNetDeep.Torch.IO;

/// <summary>
/// The engine's weights container (see docs/tensor-file.md): a fixed preamble, a JSON header
/// listing each tensor's name, dtype, shape, byte offset and length, then the raw
/// little-endian data, each tensor 64-byte aligned. Reading validates everything in managed
/// code before a byte reaches libtorch: magic, version, header size and JSON depth, entry
/// count, names, dtypes, checked shape arithmetic, byte length = elements x dtype size,
/// ranges inside the data and not overlapping. No code is executed and nothing is
/// evaluated from the file.
/// </summary>
public static class TensorFile
{
    /// <summary>The 8 magic bytes that open every tensor file.</summary>
    public static ReadOnlySpan<byte> Magic => "MNDTENSR"u8;

    /// <summary>Format version this code writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Largest JSON header accepted.</summary>
    public const int MaxHeaderBytes = 16 << 20;

    /// <summary>Most tensors in one file.</summary>
    public const int MaxEntries = 100_000;

    /// <summary>Most dimensions of one tensor.</summary>
    public const int MaxDims = 16;

    /// <summary>Largest tensor accepted (bytes).</summary>
    public const long MaxTensorBytes = 1L << 34;

    private const int PreambleBytes = 24;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private const int Alignment = 64;

    private static readonly Dictionary<string, DType> DTypes = new(StringComparer.Ordinal)
    {
        ["uint8"] = DType.UInt8, ["int8"] = DType.Int8, ["int16"] = DType.Int16, ["int32"] = DType.Int32,
        ["int64"] = DType.Int64, ["float16"] = DType.Float16, ["float32"] = DType.Float32, ["float64"] = DType.Float64,
        ["bool"] = DType.Bool, ["bfloat16"] = DType.BFloat16,
    };

    private static string Name(DType d) => DTypes.First(kv => kv.Value == d).Key;

    /// <summary>
    /// Writes <paramref name="tensors"/> (moved to the CPU) and optional string
    /// <paramref name="metadata"/> to <paramref name="path"/>, through a temporary file renamed
    /// into place, so an interrupted save never damages an existing file.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string tmp = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Save(fs, tensors, metadata);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Writes the container to <paramref name="stream"/>.</summary>
    public static void Save(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var entries = new List<(string Name, Tensor Tensor, long Offset, long Length)>();
        long offset = 0;
        foreach (var (name, t) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            ArgumentNullException.ThrowIfNull(t, name);
            long length = checked(t.NumberOfElements * t.DType.ElementSize());
            entries.Add((name, t, offset, length));
            offset = Align(checked(offset + length));
        }
        using var headerBuf = new MemoryStream();
        using (var w = new Utf8JsonWriter(headerBuf))
        {
            w.WriteStartObject();
            w.WriteStartArray("tensors");
            foreach (var (name, t, off, len) in entries)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("dtype", Name(t.DType));
                w.WriteStartArray("shape");
                foreach (long s in t.Shape) w.WriteNumberValue(s);
                w.WriteEndArray();
                w.WriteNumber("offset", off);
                w.WriteNumber("length", len);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("metadata");
            foreach (var (k, v) in metadata ?? new Dictionary<string, string>()) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        byte[] header = headerBuf.ToArray();
        Span<byte> pre = stackalloc byte[PreambleBytes];
        Magic.CopyTo(pre);
        BinaryPrimitives.WriteUInt32LittleEndian(pre[8..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(pre[12..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(pre[16..], (ulong)header.Length);
        stream.Write(pre);
        stream.Write(header);
        long dataStart = Align(PreambleBytes + header.Length);
        WriteZeros(stream, dataStart - PreambleBytes - header.Length);
        long written = 0;
        foreach (var (_, t, off, len) in entries)
        {
            WriteZeros(stream, off - written);
            var bytes = new byte[len];
            t.CopyBytesTo(bytes);
            stream.Write(bytes);
            written = off + len;
        }
    }

    private static long Align(long n) => (n + Alignment - 1) / Alignment * Alignment;

    private static void WriteZeros(Stream s, long n)
    {
        Span<byte> zeros = stackalloc byte[Alignment];
        while (n > 0)
        {
            int k = (int)Math.Min(n, Alignment);
            s.Write(zeros[..k]);
            n -= k;
        }
    }

    /// <summary>Reads every tensor of the file at <paramref name="path"/> (on the CPU) and its metadata.</summary>
    /// <exception cref="TensorFileException">The file breaks a rule of the format.</exception>
    public static TensorFileContents Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var fs = File.OpenRead(path);
        return Load(fs, path);
    }

    /// <summary>Reads a tensor file from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="TensorFileException">The bytes break a rule of the format.</exception>
    public static TensorFileContents Load(Stream stream, string source = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (entries, metadata, dataStart) = ReadHeader(stream, source);
        long available = stream.CanSeek ? stream.Length - dataStart : long.MaxValue;
        long position = 0;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var e in entries)
            {
                if (e.Offset + e.Length > available)
                    throw new TensorFileException(source, e.Name, $"data range [{e.Offset}, {e.Offset + e.Length}) lies past the end of the data ({available} bytes).");
                Skip(stream, e.Offset - position, source, e.Name);
                var bytes = new byte[e.Length];
                ReadExactly(stream, bytes, source, e.Name);
                position = e.Offset + e.Length;
                result[e.Name] = Tensor.FromBytes(bytes, e.DType, e.Shape).DetachFromDisposeScope();
            }
        }
        catch
        {
            DisposeAll(result);
            throw;
        }
        return new TensorFileContents(result, metadata);
    }

    /// <summary>
    /// Reads a tensor file held in memory (a model zip's entry): the same checks as
    /// <see cref="Load(Stream, string)"/>, but each tensor is copied to libtorch straight from
    /// its slice of <paramref name="bytes"/>, with no intermediate buffer.
    /// </summary>
    /// <exception cref="TensorFileException">The bytes break a rule of the format.</exception>
    public static TensorFileContents Load(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var (entries, metadata, dataStart) = ReadHeader(new MemoryStream(bytes, writable: false), source);
        long available = bytes.LongLength - dataStart;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var e in entries)
            {
                if (e.Offset + e.Length > available)
                    throw new TensorFileException(source, e.Name, $"data range [{e.Offset}, {e.Offset + e.Length}) lies past the end of the data ({available} bytes).");
                result[e.Name] = Tensor.FromBytes(bytes.AsSpan(checked((int)(dataStart + e.Offset)), (int)e.Length), e.DType, e.Shape).DetachFromDisposeScope();
            }
        }
        catch
        {
            DisposeAll(result);
            throw;
        }
        return new TensorFileContents(result, metadata);
    }

    // A helper, not a loop in the catch handlers: a loop in a handler makes the JIT compile the
    // whole loader fully optimized instead of quickly, which a cold model load pays for.
    private static void DisposeAll(Dictionary<string, Tensor> tensors)
    {
        foreach (var t in tensors.Values) t.Dispose();
    }

    /// <summary>A validated header entry (a class: generic code over it is shared, not compiled per use on a cold load).</summary>
    internal sealed record Entry(string Name, DType DType, long[] Shape, long Offset, long Length);

    internal static (Entry[] Entries, Dictionary<string, string> Metadata, long DataStart) ReadHeader(Stream stream, string source)
    {
        // A heap buffer, not stackalloc: a method with stackalloc and loops skips quick JIT and is
        // compiled fully optimized, which costs milliseconds on a cold load.
        var pre = new byte[PreambleBytes].AsSpan();
        ReadExactly(stream, pre, source, "");
        if (!pre[..8].SequenceEqual(Magic))
            throw new TensorFileException(source, "", "not a tensor file (the first 8 bytes are not MNDTENSR).");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(pre[8..]);
        if (version > FormatVersion)
            throw new TensorFileException(source, "", $"format version {version} was written by a newer MlNetDeep; this version reads up to {FormatVersion}. Upgrade MlNetDeep to read it.");
        if (version == 0)
            throw new TensorFileException(source, "", "format version 0 is not valid.");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(pre[16..]);
        if (headerLength == 0 || headerLength > MaxHeaderBytes)
            throw new TensorFileException(source, "header", $"header length {headerLength} is outside 1..{MaxHeaderBytes} bytes.");
        if (stream.CanSeek && (long)headerLength > stream.Length - PreambleBytes)
            throw new TensorFileException(source, "header", $"header length {headerLength} is longer than the file.");
        var header = new byte[headerLength];
        ReadExactly(stream, header, source, "header");
        long dataStart = Align(PreambleBytes + (long)headerLength);
        Skip(stream, dataStart - PreambleBytes - (long)headerLength, source, "header padding");

        try
        {
            StrictUtf8.GetCharCount(header);
        }
        catch (DecoderFallbackException)
        {
            throw new TensorFileException(source, "header", "header is not valid UTF-8.");
        }
        object? root;
        try
        {
            root = StrictJson.Parse(header, maxDepth: 8);
        }
        catch (FormatException e)
        {
            throw new TensorFileException(source, "header", $"header is not valid JSON within depth 8: {e.Message}");
        }
        if (root is not Dictionary<string, object?> obj || !obj.TryGetValue("tensors", out object? listValue) || listValue is not List<object?> list)
            throw new TensorFileException(source, "header", "header must be an object with a 'tensors' array.");
        if (list.Count > MaxEntries)
            throw new TensorFileException(source, "header", $"{list.Count} tensors exceed the limit of {MaxEntries}.");
        var entries = new Entry[list.Count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int index = 0; index < entries.Length; index++)
        {
            Entry e = ParseEntry(list[index], source, index);
            if (!names.Add(e.Name)) throw new TensorFileException(source, e.Name, "the name appears twice.");
            entries[index] = e;
        }
        // Sorted by offset, so the data is read in one forward pass and overlaps are adjacent.
        Array.Sort(entries, static (a, b) => a.Offset.CompareTo(b.Offset));
        for (int i = 1; i < entries.Length; i++)
            if (entries[i - 1].Length > 0 && entries[i].Offset < entries[i - 1].Offset + entries[i - 1].Length)
                throw new TensorFileException(source, entries[i].Name, $"data range overlaps entry '{entries[i - 1].Name}'.");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj.TryGetValue("metadata", out object? meta))
        {
            if (meta is not Dictionary<string, object?> pairs) throw new TensorFileException(source, "metadata", "metadata must be an object of strings.");
            foreach (var (key, value) in pairs)
                metadata[key] = value as string ?? throw new TensorFileException(source, $"metadata.{key}", "metadata values must be strings.");
        }
        return (entries, metadata, dataStart);
    }

    private static Entry ParseEntry(object? value, string source, int index)
    {
        string where = $"tensors[{index}]";
        if (value is not Dictionary<string, object?> item) throw new TensorFileException(source, where, "each tensor entry must be an object.");
        string name = item.TryGetValue("name", out object? n) && n is string text ? text : "";
        if (name.Length is 0 or > 1024) throw new TensorFileException(source, where, "name must be a string of 1 to 1024 characters.");
        if (!item.TryGetValue("dtype", out object? d) || d is not string dname || !DTypes.TryGetValue(dname, out DType dtype))
            throw new TensorFileException(source, name, $"dtype must be one of {string.Join(", ", DTypes.Keys)}.");
        if (!item.TryGetValue("shape", out object? s) || s is not List<object?> dims || dims.Count > MaxDims)
            throw new TensorFileException(source, name, $"shape must be an array of at most {MaxDims} sizes.");
        var shape = new long[dims.Count];
        long numel = 1;
        for (int k = 0; k < shape.Length; k++)
        {
            if (dims[k] is not StrictJson.Number dim || !long.TryParse(dim.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long v))
                throw new TensorFileException(source, name, $"shape[{k}] must be a non-negative integer.");
            shape[k] = v;
            if (v != 0 && numel > MaxTensorBytes / v)
                throw new TensorFileException(source, name, $"shape [{string.Join(", ", dims.Select(x => (x as StrictJson.Number)?.Text))}] has more elements than the limit allows.");
            numel *= v;
        }
        long expected = numel * dtype.ElementSize();
        if (expected > MaxTensorBytes)
            throw new TensorFileException(source, name, $"{expected} bytes exceed the per-tensor limit of {MaxTensorBytes}.");
        long offset = Int(item, "offset", source, name);
        long length = Int(item, "length", source, name);
        if (length != expected)
            throw new TensorFileException(source, name, $"length {length} bytes does not equal {numel} elements x {dtype.ElementSize()} bytes ({expected}).");
        if (offset > long.MaxValue - length)
            throw new TensorFileException(source, name, "offset + length overflows.");
        return new Entry(name, dtype, shape, offset, length);
    }

    private static long Int(Dictionary<string, object?> item, string field, string source, string name)
    {
        if (!item.TryGetValue(field, out object? v) || v is not StrictJson.Number n || !long.TryParse(n.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long x))
            throw new TensorFileException(source, name, $"{field} must be a non-negative integer.");
        return x;
    }

    private static void ReadExactly(Stream s, Span<byte> buffer, string source, string entry)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = s.Read(buffer[read..]);
            if (n == 0) throw new TensorFileException(source, entry, $"the file ends early (needed {buffer.Length} bytes, got {read}).");
            read += n;
        }
    }

    private static void Skip(Stream s, long count, string source, string entry)
    {
        if (count < 0) throw new TensorFileException(source, entry, "data ranges are out of order.");
        if (count == 0) return;
        if (s.CanSeek)
        {
            if (s.Position + count > s.Length) throw new TensorFileException(source, entry, "the file ends early.");
            s.Seek(count, SeekOrigin.Current);
            return;
        }
        var buf = new byte[Math.Min(count, 1 << 16)];
        while (count > 0)
        {
            int n = s.Read(buf, 0, (int)Math.Min(count, buf.Length));
            if (n == 0) throw new TensorFileException(source, entry, "the file ends early.");
            count -= n;
        }
    }
}
