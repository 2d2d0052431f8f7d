namespace MlNetDeep.Data.Images;

/// <summary>An image file could not be read or decoded. Names the file and why.</summary>
public sealed class ImageLoadException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ImageLoadException(string path, string reason) : base($"{path}: {reason}")
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The image file.</summary>
    public string Path { get; }

    /// <summary>What was wrong.</summary>
    public string Reason { get; }
}
