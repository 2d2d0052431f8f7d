using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>
/// An endless view of one row of an <see cref="InMemoryDataView"/>, the one <see cref="Row"/>
/// names: each <c>MoveNext</c> of its cursor yields that row again. A pipeline applied to it
/// builds its cursors and getters once and then scores row after row, as a prediction engine
/// does, but for any schema (no input class needed): set <see cref="Row"/>, move the output
/// cursor, read the outputs. Not thread-safe.
/// </summary>
public sealed class SelectedRowView : IDataView
{
    private readonly InMemoryDataView _source;
    private long _row;

    /// <summary>Creates a view over <paramref name="source"/>, selecting its first row.</summary>
    public SelectedRowView(InMemoryDataView source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.RowCount == 0) throw new ArgumentException("The source view has no rows to select.", nameof(source));
        _source = source;
    }

    /// <summary>The row every cursor yields next.</summary>
    public long Row
    {
        get => _row;
        set => _row = value >= 0 && value < _source.RowCount ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Row must be in [0, {_source.RowCount}).");
    }

    /// <inheritdoc />
    public DataViewSchema Schema => _source.Schema;

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <summary>Unknown: the view is endless.</summary>
    public long? GetRowCount() => null;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        return new Cursor(this, DataViewSchema.IndexesOf(columnsNeeded));
    }

    private sealed class Cursor(SelectedRowView view, HashSet<int> active) : DataViewRowCursor
    {
        private long _position = -1;
        private long _row;

        public override DataViewSchema Schema => view.Schema;
        public override long Position => _position;
        public override long RowId => _row;

        public override bool MoveNext()
        {
            _position++;
            _row = view._row;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            return view._source.Store(column.Index).MakeGetter<TValue>(() => _row);
        }
    }
}
