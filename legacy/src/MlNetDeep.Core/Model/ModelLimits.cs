namespace MlNetDeep.Model;

/// <summary>Caps a model zip reader enforces (a file over any cap is refused before it costs more).</summary>
public sealed record ModelLimits
{
    /// <summary>Largest zip accepted (bytes).</summary>
    public long MaxFileBytes { get; init; } = 4L << 30;
    /// <summary>Most entries in the zip.</summary>
    public int MaxEntries { get; init; } = 10_000;
    /// <summary>Largest uncompressed entry (bytes).</summary>
    public long MaxEntryBytes { get; init; } = 2L << 30;
    /// <summary>Largest total uncompressed size (bytes).</summary>
    public long MaxTotalBytes { get; init; } = 4L << 30;
    /// <summary>Largest manifest (bytes).</summary>
    public int MaxManifestBytes { get; init; } = 4 << 20;
    /// <summary>Deepest JSON nesting in the manifest and component states.</summary>
    public int MaxJsonDepth { get; init; } = 32;

    /// <summary>The defaults.</summary>
    public static ModelLimits Default { get; } = new();
}
