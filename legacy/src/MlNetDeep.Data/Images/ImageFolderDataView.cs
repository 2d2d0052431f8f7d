namespace MlNetDeep.Data.Images;

/// <summary>
/// The images of a folder with one subfolder per label: an <c>ImagePath</c> text column (full
/// paths) and a <c>Label</c> key column named by the subfolders (sorted by name). Decode with
/// LoadImages.
/// </summary>
public sealed class ImageFolderDataView : IDataView
{
    private readonly InMemoryDataView _data;

    internal ImageFolderDataView(InMemoryDataView data, IReadOnlyList<(string Path, string Reason)> skipped, IReadOnlyList<string> labels)
    {
        _data = data;
        Skipped = skipped;
        Labels = labels;
    }

    /// <summary>Corrupt images left out, with why (when skipping was requested).</summary>
    public IReadOnlyList<(string Path, string Reason)> Skipped { get; }

    /// <summary>The label names (subfolders), in key order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <inheritdoc />
    public DataViewSchema Schema => _data.Schema;
    /// <inheritdoc />
    public bool CanShuffle => true;
    /// <inheritdoc />
    public long? GetRowCount() => _data.RowCount;
    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => _data.GetRowCursor(columnsNeeded, rand);
}
