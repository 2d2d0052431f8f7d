using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>The rows of an input view for which a predicate over some of its columns holds.</summary>
internal sealed class RowFilterView(IDataView input, IReadOnlyList<DataViewSchema.Column> predicateColumns, Func<DataViewRowCursor, Func<bool>> makePredicate) : IDataView
{
    public DataViewSchema Schema => input.Schema;
    public bool CanShuffle => input.CanShuffle;
    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        var active = needed.Concat(predicateColumns).DistinctBy(c => c.Index).ToList();
        var inner = input.GetRowCursor(active, rand);
        return new FilterCursor(inner, makePredicate(inner), DataViewSchema.IndexesOf(needed));
    }
}
