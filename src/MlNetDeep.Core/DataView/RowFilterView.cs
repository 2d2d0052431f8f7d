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
        return new Cursor(inner, makePredicate(inner), needed.Select(c => c.Index).ToHashSet());
    }

    private sealed class Cursor(DataViewRowCursor inner, Func<bool> keep, HashSet<int> visible) : DataViewRowCursor
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

        public override bool IsColumnActive(DataViewSchema.Column column) => visible.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            return inner.GetGetter<TValue>(column);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
        }
    }
}
