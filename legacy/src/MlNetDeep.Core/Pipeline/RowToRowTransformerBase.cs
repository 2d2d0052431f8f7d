using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>
/// Base of transformers that compute new columns row by row from existing ones. The output
/// is a lazy view: the input's columns followed by the mapped ones; nothing is computed
/// until a cursor reads a mapped column.
/// </summary>
public abstract class RowToRowTransformerBase : ITransformer
{
    /// <summary>The columns this transformer adds for <paramref name="input"/>.</summary>
    /// <exception cref="SchemaMismatchException">A needed input column is missing or of the wrong type.</exception>
    protected abstract IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input);

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return MappedDataView.OutputSchema(inputSchema, MapColumns(inputSchema));
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, MapColumns(input.Schema));
    }
}
