using System.Buffers.Binary;
using System.IO.Compression;

namespace MlNetDeep.Data.Images;

/// <summary>Encodes 8-bit grey images as PNG files (samples in reports, generated image grids).</summary>
public static class GreyPng
{
    private static readonly uint[] s_crc = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    /// <summary>The PNG file of a <paramref name="width"/> x <paramref name="height"/> image of row-major grey values.</summary>
    /// <exception cref="ArgumentException">The pixel count does not match the size.</exception>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height)
    {
        if (width <= 0 || height <= 0 || pixels.Length != width * height)
            throw new ArgumentException($"{pixels.Length} pixels do not make a {width}x{height} image.", nameof(pixels));
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (grey), deflate, no filter method, no interlace
        Chunk(png, "IHDR", header);
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                z.WriteByte(0); // filter: none
                z.Write(pixels.Slice(y * width, width));
            }
        }
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>The image as a data: URL (for HTML).</summary>
    public static string DataUrl(ReadOnlySpan<byte> pixels, int width, int height) => "data:image/png;base64," + Convert.ToBase64String(Encode(pixels, width, height));

    /// <summary>
    /// Tiles equally sized images ([0, 1] floats, row-major, <paramref name="height"/> x
    /// <paramref name="width"/> each) into one grid <paramref name="columns"/> wide with a
    /// one-pixel black border, as a PNG file.
    /// </summary>
    public static byte[] Grid(IReadOnlyList<float[]> images, int height, int width, int columns)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0 || columns < 1) throw new ArgumentException("A grid needs at least one image and one column.");
        int rows = (images.Count + columns - 1) / columns;
        int gw = columns * (width + 1) + 1, gh = rows * (height + 1) + 1;
        var grid = new byte[gw * gh];
        for (int i = 0; i < images.Count; i++)
        {
            if (images[i].Length != height * width) throw new ArgumentException($"Image {i} has {images[i].Length} values, not {height}x{width}.");
            int ox = 1 + (i % columns) * (width + 1), oy = 1 + (i / columns) * (height + 1);
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    grid[(oy + y) * gw + ox + x] = (byte)Math.Clamp(MathF.Round(images[i][y * width + x] * 255f), 0, 255);
        }
        return Encode(grid, gw, gh);
    }

    private static void Chunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        s.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        for (int i = 0; i < 4; i++) typeBytes[i] = (byte)type[i];
        s.Write(typeBytes);
        s.Write(data);
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in typeBytes) crc = s_crc[(crc ^ b) & 0xFF] ^ (crc >> 8);
        foreach (byte b in data) crc = s_crc[(crc ^ b) & 0xFF] ^ (crc >> 8);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc ^ 0xFFFFFFFFu);
        s.Write(word);
    }
}
