namespace MlNetDeep.Data.Images;

/// <summary>A column of decoded images (<see cref="MLImage"/>), optionally of a known size.</summary>
public sealed class ImageDataViewType : DataViewType
{
    /// <summary>An image column of <paramref name="channels"/> (1 grey, 3 RGB); a size of 0 means it varies by row.</summary>
    public ImageDataViewType(int height = 0, int width = 0, int channels = 3) : base(typeof(MLImage))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1 or 3.");
        (Height, Width, Channels) = (height, width, channels);
    }

    /// <summary>1 for grey, 3 for RGB.</summary>
    public int Channels { get; }

    /// <summary>Rows of every image, or 0 when it varies.</summary>
    public int Height { get; }
    /// <summary>Columns of every image, or 0 when it varies.</summary>
    public int Width { get; }

    /// <inheritdoc />
    public override bool Equals(DataViewType? other) => other is ImageDataViewType i && i.Height == Height && i.Width == Width && i.Channels == Channels;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Height, Width, Channels);

    /// <inheritdoc />
    public override string ToString() => Height > 0 ? $"Image<{Height}, {Width}, {Channels}>" : $"Image<{Channels}>";
}
