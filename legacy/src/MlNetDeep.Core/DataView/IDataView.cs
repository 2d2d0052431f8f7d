using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>
/// A table of data: immutable, lazy, schema-first and read through cursors. Views compose
/// (a transform's output is a view over its input) without copying. The row count may be
/// unknown until the data has been read.
/// </summary>
public interface IDataView
{
    /// <summary>The columns.</summary>
    DataViewSchema Schema { get; }

    /// <summary>Whether <see cref="GetRowCursor"/> can return rows in a random order.</summary>
    bool CanShuffle { get; }

    /// <summary>The number of rows when known without reading the data, else null.</summary>
    long? GetRowCount();

    /// <summary>
    /// A cursor over the rows, able to read <paramref name="columnsNeeded"/> (others may be
    /// inactive). With <paramref name="rand"/> and <see cref="CanShuffle"/>, rows come in a
    /// random order determined by <paramref name="rand"/>.
    /// </summary>
    DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null);
}
