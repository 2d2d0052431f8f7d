using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>An input view plus columns computed row by row (see <see cref="RowToRowTransformerBase"/>).</summary>
internal sealed class MappedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly IReadOnlyList<MappedColumn> _mapped;

    public MappedDataView(IDataView input, IReadOnlyList<MappedColumn> mapped)
    {
        _input = input;
        _mapped = mapped;
        Schema = OutputSchema(input.Schema, mapped);
    }

    internal static DataViewSchema OutputSchema(DataViewSchema input, IReadOnlyList<MappedColumn> mapped)
    {
        var columns = new (string, DataViewType, IReadOnlyDictionary<string, object>?)[input.Count + mapped.Count];
        for (int i = 0; i < input.Count; i++) columns[i] = input[i].Definition;
        for (int i = 0; i < mapped.Count; i++) columns[input.Count + i] = (mapped[i].Name, mapped[i].Type, mapped[i].Annotations);
        return new DataViewSchema(columns);
    }

    public DataViewSchema Schema { get; }
    public bool CanShuffle => _input.CanShuffle;
    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int n = _input.Schema.Count;
        var needed = DataViewSchema.IndexesOf(columnsNeeded);
        var inputs = new HashSet<int>();
        foreach (int i in needed)
        {
            if (i < n) inputs.Add(i);
            else foreach (var c in _mapped[i - n].Inputs) inputs.Add(c.Index);
        }
        var inputColumns = new List<DataViewSchema.Column>(inputs.Count);
        foreach (int i in inputs) inputColumns.Add(_input.Schema[i]);
        var cursor = _input.GetRowCursor(inputColumns, rand);
        return new Cursor(this, cursor, needed);
    }

    private sealed class Cursor(MappedDataView view, DataViewRowCursor input, HashSet<int> active) : DataViewRowCursor
    {
        public override DataViewSchema Schema => view.Schema;
        public override long Position => input.Position;
        public override long RowId => input.RowId;
        public override bool MoveNext() => input.MoveNext();
        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            int n = view._input.Schema.Count;
            if (column.Index < n) return input.GetGetter<TValue>(view._input.Schema[column.Index]);
            return (ValueGetter<TValue>)view._mapped[column.Index - n].MakeGetter(input);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) input.Dispose();
        }
    }
}
