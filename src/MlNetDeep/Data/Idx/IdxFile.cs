using System.Buffers.Binary;
using System.IO.Compression;

namespace MlNetDeep.Data.Idx;

/// <summary>
/// Reads IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed (by the
/// <c>.gz</c> suffix). The header is validated before any data is read: magic bytes,
/// element type, dimension count, checked size arithmetic and the exact data length.
/// </summary>
public static class IdxFile
{
    /// <summary>Largest element count accepted (guards against a crafted header).</summary>
    public const long MaxElements = 1L << 31;

    /// <summary>Reads an unsigned-byte IDX file; returns its dimensions and data (row-major).</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed unsigned-byte IDX file; the message names the file and what is wrong.</exception>
    public static (int[] Shape, byte[] Data) ReadBytes(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using Stream file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            return Read(stream, path);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            // GZip corruption is reported by the stream; add the file name.
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static (int[] Shape, byte[] Data) Read(Stream stream, string path)
    {
        Span<byte> header = stackalloc byte[4];
        ReadExactly(stream, header, path, "header");
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDataException($"{path}: not an IDX file (magic bytes {header[0]:x2} {header[1]:x2}, expected 00 00).");
        if (header[2] != 0x08)
            throw new InvalidDataException($"{path}: element type 0x{header[2]:x2} is not supported (expected 0x08, unsigned byte).");
        int dims = header[3];
        if (dims is < 1 or > 8)
            throw new InvalidDataException($"{path}: {dims} dimensions (expected 1 to 8).");
        var shape = new int[dims];
        Span<byte> dimBytes = stackalloc byte[4];
        long total = 1;
        for (int i = 0; i < dims; i++)
        {
            ReadExactly(stream, dimBytes, path, $"size of dimension {i}");
            uint d = BinaryPrimitives.ReadUInt32BigEndian(dimBytes);
            if (d == 0 || d > int.MaxValue)
                throw new InvalidDataException($"{path}: dimension {i} has size {d}.");
            shape[i] = (int)d;
            total *= d;
            if (total > MaxElements)
                throw new InvalidDataException($"{path}: {string.Join(" x ", shape.Take(i + 1))} elements exceed the limit of {MaxElements}.");
        }
        var data = new byte[total];
        ReadExactly(stream, data, path, $"data ({total} bytes)");
        if (stream.ReadByte() != -1)
            throw new InvalidDataException($"{path}: trailing bytes after the {total} data bytes the header announces.");
        return (shape, data);
    }

    private static void ReadExactly(Stream s, Span<byte> buffer, string path, string what)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = s.Read(buffer[read..]);
            if (n == 0) throw new InvalidDataException($"{path}: file ends inside the {what} (got {read} of {buffer.Length} bytes).");
            read += n;
        }
    }
}
