using MlNetDeep.Data;
using MlNetDeep.Model;

namespace MlNetDeep;

/// <summary>
/// Keeps only the named columns (SelectColumns) or removes them (DropColumns). Also its own
/// estimator: it learns nothing.
/// </summary>
public sealed class ColumnSelectingTransformer : IModelComponent, IEstimator<ColumnSelectingTransformer>
{
    private readonly string[] _columns;
    private readonly bool _keep;

    /// <summary>Keeps (<paramref name="keep"/>) or drops the named columns.</summary>
    public ColumnSelectingTransformer(IEnumerable<string> columns, bool keep)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.ToArray();
        if (_columns.Length == 0) throw new ArgumentException("Name at least one column.", nameof(columns));
        _keep = keep;
    }

    private int[] Kept(DataViewSchema input)
    {
        foreach (string c in _columns)
            if (input.GetColumnOrNull(c) is null) throw new SchemaMismatchException(c, "a column of any type", null);
        var names = _columns.ToHashSet(StringComparer.Ordinal);
        return input.Where(c => !c.IsHidden(input) && names.Contains(c.Name) == _keep).Select(c => c.Index).ToArray();
    }

    /// <summary>The named columns.</summary>
    public IReadOnlyList<string> ColumnNames => _columns;

    /// <summary>True when the named columns are kept, false when they are dropped.</summary>
    public bool Keep => _keep;

    /// <inheritdoc />
    public string ComponentName => CoreComponents.ColumnSelecting;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("state.json", new State(_columns, _keep), CoreJson.Default.State);
    }

    internal sealed record State(string[] Columns, bool Keep);

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) =>
        new(Kept(inputSchema).Select(i => inputSchema[i].Definition));

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new View(input, Kept(input.Schema), GetOutputSchema(input.Schema));
    }

    /// <inheritdoc />
    public ColumnSelectingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Kept(input.Schema);
        return this;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        foreach (string c in _columns) inputSchema.Require(c, "a column of any type");
        var names = _columns.ToHashSet(StringComparer.Ordinal);
        return new SchemaShape(inputSchema.Where(c => names.Contains(c.Name) == _keep));
    }

    private sealed class View(IDataView input, int[] kept, DataViewSchema schema) : IDataView
    {
        public DataViewSchema Schema => schema;
        public bool CanShuffle => input.CanShuffle;
        public long? GetRowCount() => input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            new Cursor(this, input.GetRowCursor(columnsNeeded.Select(c => input.Schema[kept[c.Index]]), rand));

        private sealed class Cursor(View view, DataViewRowCursor inner) : DataViewRowCursor
        {
            public override DataViewSchema Schema => view.Schema;
            public override long Position => inner.Position;
            public override long RowId => inner.RowId;
            public override bool MoveNext() => inner.MoveNext();
            public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(view.InputColumn(column));
            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                CheckGetter<TValue>(column);
                return inner.GetGetter<TValue>(view.InputColumn(column));
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
            }
        }

        private DataViewSchema.Column InputColumn(DataViewSchema.Column c) => input.Schema[kept[c.Index]];
    }
}
