using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>The rows of an input view whose <see cref="DataViewRowCursor.RowId"/> passes a predicate.</summary>
internal sealed class FilteredDataView(IDataView input, Func<long, bool> keep, long? rowCount = null) : IDataView
{
    public DataViewSchema Schema => input.Schema;
    public bool CanShuffle => input.CanShuffle;
    public long? GetRowCount() => rowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(input.GetRowCursor(columnsNeeded, rand), keep);

    private sealed class Cursor(DataViewRowCursor inner, Func<long, bool> keep) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => inner.Schema;
        public override long Position => _position;
        public override long RowId => inner.RowId;

        public override bool MoveNext()
        {
            while (inner.MoveNext())
            {
                if (!keep(inner.RowId)) continue;
                _position++;
                return true;
            }
            return false;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);
        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
        }
    }
}
