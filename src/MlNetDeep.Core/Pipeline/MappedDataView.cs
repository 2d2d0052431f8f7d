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

    internal static DataViewSchema OutputSchema(DataViewSchema input, IReadOnlyList<MappedColumn> mapped) =>
        new(input.Select(c => c.Definition).Concat(mapped.Select(m => (m.Name, m.Type, m.Annotations))));

    public DataViewSchema Schema { get; }
    public bool CanShuffle => _input.CanShuffle;
    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int n = _input.Schema.Count;
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        var inputs = new HashSet<int>(needed.Where(i => i < n));
        foreach (int i in needed.Where(i => i >= n))
            foreach (var c in _mapped[i - n].Inputs) inputs.Add(c.Index);
        var cursor = _input.GetRowCursor(inputs.Select(i => _input.Schema[i]), rand);
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
