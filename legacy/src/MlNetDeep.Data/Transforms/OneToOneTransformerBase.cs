namespace MlNetDeep.Data.Transforms;

/// <summary>
/// Base of transformers that compute each output column from one input column, given as
/// (output, input) name pairs.
/// </summary>
public abstract class OneToOneTransformerBase : RowToRowTransformerBase
{
    /// <summary>Creates the transformer for the column pairs.</summary>
    private protected OneToOneTransformerBase(IReadOnlyList<(string OutputColumnName, string InputColumnName)> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("Name at least one column.", nameof(columns));
        foreach (var (o, i) in columns)
        {
            ArgumentException.ThrowIfNullOrEmpty(o);
            ArgumentException.ThrowIfNullOrEmpty(i);
        }
        Columns = columns.ToArray();
    }

    /// <summary>The (output, input) column pairs.</summary>
    public IReadOnlyList<(string OutputColumnName, string InputColumnName)> Columns { get; }

    /// <summary>The mapped column computing <paramref name="outputName"/> from <paramref name="input"/>.</summary>
    /// <exception cref="SchemaMismatchException">The input has the wrong type.</exception>
    private protected abstract MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex);

    /// <inheritdoc />
    protected sealed override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input) =>
        Columns.Select((c, k) => MapColumn(input.GetColumnOrNull(c.InputColumnName) ?? throw new SchemaMismatchException(c.InputColumnName, ExpectedInput, null), c.OutputColumnName, k)).ToList();

    /// <summary>Describes the accepted input types, for error messages.</summary>
    private protected abstract string ExpectedInput { get; }
}
