using System.Buffers.Binary;
using MlNetDeep.Torch.Native;

namespace MlNetDeep.Data.Images;

/// <summary>
/// Decodes PNG, JPEG and BMP through OpenCV, after checking in managed code that the bytes
/// carry a known signature and a header whose dimensions are within limits, so malformed or
/// hostile files are refused before a native decoder sees them.
/// </summary>
public static class ImageCodec
{
    /// <summary>Largest width or height accepted.</summary>
    public const int MaxDimension = 16384;

    /// <summary>Largest file accepted (bytes).</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>Reads and decodes the image file at <paramref name="path"/> as grey (1 channel) or RGB (3).</summary>
    /// <exception cref="ImageLoadException">The file is missing, too large, not PNG/JPEG/BMP, has an implausible header, or does not decode.</exception>
    public static MLImage Load(string path, bool grayscale = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new ImageLoadException(path, "file not found");
            if (info.Length > MaxFileBytes) throw new ImageLoadException(path, $"{info.Length} bytes exceed the {MaxFileBytes}-byte limit");
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e) when (e is not ImageLoadException)
        {
            throw new ImageLoadException(path, e.Message);
        }
        return Decode(bytes, path, grayscale);
    }

    /// <summary>Decodes image bytes; <paramref name="source"/> names them in errors.</summary>
    public static unsafe MLImage Decode(byte[] bytes, string source, bool grayscale = false)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var (format, h, w) = Probe(bytes);
        if (format is null) throw new ImageLoadException(source, "not a PNG, JPEG or BMP file (unknown signature)");
        if (h is <= 0 or > MaxDimension || w is <= 0 or > MaxDimension)
            throw new ImageLoadException(source, $"{format} header gives {w}x{h} pixels, outside 1..{MaxDimension}");
        int channels = grayscale ? 1 : 3;
        IntPtr img;
        int height, width;
        fixed (byte* p = bytes)
        {
            int st = NativeMethods.mnd_image_decode(p, bytes.Length, channels, out img, out height, out width);
            if (st != 0)
            {
                string why = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(NativeMethods.mnd_last_error()) ?? "decoding failed";
                throw new ImageLoadException(source, $"{format} data is corrupt: {why}");
            }
        }
        try
        {
            var pixels = new byte[(long)height * width * channels];
            fixed (byte* d = pixels) StatusCheck.Check(NativeMethods.mnd_image_copy(img, d, pixels.LongLength));
            return new MLImage(height, width, channels, pixels);
        }
        finally
        {
            NativeMethods.mnd_image_free(img);
        }
    }

    /// <summary>Resizes to <paramref name="height"/> x <paramref name="width"/> (area averaging when shrinking, bilinear when growing).</summary>
    public static unsafe MLImage Resize(MLImage image, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (height is <= 0 or > MaxDimension || width is <= 0 or > MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(height), $"Target size {width}x{height} is outside 1..{MaxDimension}.");
        if (image.Height == height && image.Width == width) return image;
        var dst = new byte[(long)height * width * image.Channels];
        int interp = height < image.Height || width < image.Width ? 2 : 1;
        fixed (byte* s = image.Pixels)
        fixed (byte* d = dst)
            StatusCheck.Check(NativeMethods.mnd_image_resize(s, image.Height, image.Width, image.Channels, d, height, width, interp));
        return new MLImage(height, width, image.Channels, dst);
    }

    /// <summary>Encodes an image as PNG (lossless), JPEG (with <paramref name="jpegQuality"/>) or BMP, chosen by <paramref name="extension"/> (".png", ".jpg", ".bmp").</summary>
    public static unsafe byte[] Encode(MLImage image, string extension = ".png", int jpegQuality = 95)
    {
        ArgumentNullException.ThrowIfNull(image);
        string ext = extension.ToLowerInvariant() switch { ".jpeg" => ".jpg", var e => e };
        if (ext is not (".png" or ".jpg" or ".bmp")) throw new ArgumentException($"Unsupported image format '{extension}'; use .png, .jpg or .bmp.", nameof(extension));
        IntPtr bytes;
        long length;
        fixed (byte* p = image.Pixels)
            StatusCheck.Check(NativeMethods.mnd_image_encode(p, image.Height, image.Width, image.Channels, ext, jpegQuality, out bytes, out length));
        try
        {
            var result = new byte[length];
            fixed (byte* d = result) StatusCheck.Check(NativeMethods.mnd_bytes_copy(bytes, d, length));
            return result;
        }
        finally
        {
            NativeMethods.mnd_bytes_free(bytes);
        }
    }

    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/> in the format its extension names.</summary>
    public static void Save(MLImage image, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, Encode(image, System.IO.Path.GetExtension(path)));
    }

    /// <summary>The format and header dimensions of image bytes, or (null, 0, 0) for an unknown signature.</summary>
    internal static (string? Format, long Height, long Width) Probe(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 24 && b[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) && b.Slice(12, 4).SequenceEqual("IHDR"u8))
            return ("PNG", BinaryPrimitives.ReadUInt32BigEndian(b[20..]), BinaryPrimitives.ReadUInt32BigEndian(b[16..]));
        if (b.Length >= 26 && b[0] == (byte)'B' && b[1] == (byte)'M')
        {
            long w = BinaryPrimitives.ReadInt32LittleEndian(b[18..]), h = BinaryPrimitives.ReadInt32LittleEndian(b[22..]);
            return ("BMP", Math.Abs(h), w);
        }
        if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xD8)
        {
            // Walk the markers to the first start-of-frame (SOF0..SOF15 except DHT, JPG, DAC).
            int i = 2;
            while (i + 9 < b.Length)
            {
                if (b[i] != 0xFF) return ("JPEG", -1, -1);
                byte m = b[i + 1];
                if (m == 0xFF) { i++; continue; }
                if (m is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7)) { i += 2; continue; }
                int len = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 2)..]);
                if (len < 2) return ("JPEG", -1, -1);
                if (m is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                    return ("JPEG", BinaryPrimitives.ReadUInt16BigEndian(b[(i + 5)..]), BinaryPrimitives.ReadUInt16BigEndian(b[(i + 7)..]));
                i += 2 + len;
            }
            return ("JPEG", -1, -1);
        }
        return (null, 0, 0);
    }
}
