namespace MlNetDeep.Data.Images;

/// <summary>Options of <see cref="ImageFolderCatalog.LoadFromImageFolder"/>.</summary>
public sealed record ImageFolderOptions
{
    /// <summary>File extensions taken as images (case-insensitive).</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [".png", ".jpg", ".jpeg", ".bmp"];

    /// <summary>Whether every image is decoded once while loading, so corrupt files are found up front.</summary>
    public bool ValidateImages { get; init; } = true;

    /// <summary>With validation: skip corrupt images and list them in <see cref="ImageFolderDataView.Skipped"/> (true), or raise <see cref="ImageLoadException"/> (false).</summary>
    public bool SkipCorruptImages { get; init; }
}
