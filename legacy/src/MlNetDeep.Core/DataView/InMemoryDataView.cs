using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>
/// A columnar table held in managed arrays: scalars as T[], fixed-size vectors as one flat
/// T[] (row-major, <c>Size</c> values per row), variable-length vectors as T[][]. Random
/// access, so cursors can shuffle exactly. Build one with <see cref="InMemoryDataViewBuilder"/>.
/// </summary>
public sealed class InMemoryDataView : IDataView
{
    private readonly IColumnStore[] _columns;

    internal InMemoryDataView(DataViewSchema schema, IColumnStore[] columns, long rows)
    {
        Schema = schema;
        _columns = columns;
        RowCount = rows;
    }

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <summary>Number of rows.</summary>
    public long RowCount { get; }

    /// <inheritdoc />
    public bool CanShuffle => true;

    /// <inheritdoc />
    public long? GetRowCount() => RowCount;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int[]? order = null;
        if (rand is not null)
        {
            order = new int[RowCount];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            rand.Shuffle(order);
        }
        return new Cursor(this, DataViewSchema.IndexesOf(columnsNeeded), order);
    }

    /// <summary>The stored values of a column (for code in this assembly that reads whole columns).</summary>
    internal IColumnStore Store(int index) => _columns[index];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly InMemoryDataView _view;
        private readonly HashSet<int> _active;
        private readonly int[]? _order;
        private long _position = -1;
        private long _row = -1;

        public Cursor(InMemoryDataView view, HashSet<int> active, int[]? order) => (_view, _active, _order) = (view, active, order);

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _position;
        public override long RowId => _row;

        public override bool MoveNext()
        {
            if (_position + 1 >= _view.RowCount) { _position = _view.RowCount; return false; }
            _position++;
            _row = _order is null ? _position : _order[_position];
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            return _view._columns[column.Index].MakeGetter<TValue>(() => _row);
        }
    }
}

/// <summary>Storage of one in-memory column.</summary>
internal interface IColumnStore
{
    ValueGetter<TValue> MakeGetter<TValue>(Func<long> row);
}

internal sealed class ScalarStore<T>(T[] values) : IColumnStore
{
    public T[] Values { get; } = values;

    public ValueGetter<TValue> MakeGetter<TValue>(Func<long> row)
    {
        var values = Values;
        ValueGetter<T> g = (ref T v) => v = values[row()];
        return (ValueGetter<TValue>)(object)g;
    }
}

internal sealed class FixedVectorStore<T>(T[] values, int size) : IColumnStore
{
    public T[] Values { get; } = values;
    public int Size { get; } = size;

    public ValueGetter<TValue> MakeGetter<TValue>(Func<long> row)
    {
        var values = Values;
        int size = Size;
        ValueGetter<VBuffer<T>> g = (ref VBuffer<T> v) =>
        {
            T[] buf = v.Reuse(size);
            Array.Copy(values, row() * size, buf, 0, size);
            v = new VBuffer<T>(size, buf);
        };
        return (ValueGetter<TValue>)(object)g;
    }
}

internal sealed class VarVectorStore<T>(T[][] rows) : IColumnStore
{
    public T[][] Rows { get; } = rows;

    public ValueGetter<TValue> MakeGetter<TValue>(Func<long> row)
    {
        var rows = Rows;
        ValueGetter<VBuffer<T>> g = (ref VBuffer<T> v) =>
        {
            T[] src = rows[row()];
            T[] buf = v.Reuse(src.Length);
            src.CopyTo(buf, 0);
            v = new VBuffer<T>(src.Length, buf);
        };
        return (ValueGetter<TValue>)(object)g;
    }
}
