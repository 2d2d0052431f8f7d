namespace MlNetDeep.Data.Images;

/// <summary>A decoded image: <see cref="Height"/> x <see cref="Width"/> pixels of 1 (grey) or 3 (RGB) bytes, row-major (HWC).</summary>
public sealed class MLImage
{
    /// <summary>Wraps pixels; the array length must be height * width * channels.</summary>
    public MLImage(int height, int width, int channels, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1 (grey) or 3 (RGB).");
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != (long)height * width * channels)
            throw new ArgumentException($"{pixels.Length} bytes do not make a {height}x{width}x{channels} image.", nameof(pixels));
        (Height, Width, Channels, Pixels) = (height, width, channels, pixels);
    }

    /// <summary>Rows.</summary>
    public int Height { get; }
    /// <summary>Columns.</summary>
    public int Width { get; }
    /// <summary>1 for grey, 3 for RGB.</summary>
    public int Channels { get; }
    /// <summary>HWC bytes.</summary>
    public byte[] Pixels { get; }
}
