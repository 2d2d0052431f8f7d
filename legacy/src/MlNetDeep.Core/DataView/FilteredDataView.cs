using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>The rows of an input view whose <see cref="DataViewRowCursor.RowId"/> passes a predicate.</summary>
internal sealed class FilteredDataView(IDataView input, Func<long, bool> keep, long? rowCount = null) : IDataView
{
    public DataViewSchema Schema => input.Schema;
    public bool CanShuffle => input.CanShuffle;
    public long? GetRowCount() => rowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var inner = input.GetRowCursor(columnsNeeded, rand);
        return new FilterCursor(inner, () => keep(inner.RowId));
    }
}
