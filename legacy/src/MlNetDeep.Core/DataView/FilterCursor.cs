using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>
/// A cursor over the rows of <paramref name="inner"/> for which <paramref name="keep"/> holds
/// (called on the current row). With <paramref name="visible"/>, only those column indices are
/// active (the inner cursor may have more, e.g. the predicate's); without, the inner cursor's.
/// </summary>
internal sealed class FilterCursor(DataViewRowCursor inner, Func<bool> keep, HashSet<int>? visible = null) : DataViewRowCursor
{
    private long _position = -1;

    public override DataViewSchema Schema => inner.Schema;
    public override long Position => _position;
    public override long RowId => inner.RowId;

    public override bool MoveNext()
    {
        while (inner.MoveNext())
        {
            if (!keep()) continue;
            _position++;
            return true;
        }
        return false;
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => visible?.Contains(column.Index) ?? inner.IsColumnActive(column);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (visible is not null) CheckGetter<TValue>(column);
        return inner.GetGetter<TValue>(column);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
    }
}
