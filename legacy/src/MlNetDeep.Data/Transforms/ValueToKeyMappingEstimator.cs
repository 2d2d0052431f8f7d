namespace MlNetDeep.Data.Transforms;

/// <summary>
/// MapValueToKey: learns the distinct values of text, number or bool columns (scalar or
/// vector) and maps each to a key 1..N, keeping the values as the key's names (class names).
/// Missing values (NaN, empty text) and values not seen while fitting map to key 0 (missing).
/// </summary>
public sealed class ValueToKeyMappingEstimator : IEstimator<ValueToKeyMappingTransformer>
{
    private readonly (string OutputColumnName, string InputColumnName)[] _columns;

    /// <summary>Order of the learned keys.</summary>
    public enum KeyOrdinality
    {
        /// <summary>In the order values first appear.</summary>
        ByOccurrence,
        /// <summary>Sorted by value (ordinal for text).</summary>
        ByValue,
    }

    /// <summary>Creates the estimator.</summary>
    public ValueToKeyMappingEstimator((string OutputColumnName, string InputColumnName)[] columns, int maximumNumberOfKeys = 1_000_000,
        KeyOrdinality keyOrdinality = KeyOrdinality.ByOccurrence)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new ArgumentException("Name at least one column.", nameof(columns));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximumNumberOfKeys);
        _columns = columns.ToArray();
        MaximumNumberOfKeys = maximumNumberOfKeys;
        Ordinality = keyOrdinality;
    }

    /// <summary>Most distinct values kept per column (later new values map to missing).</summary>
    public int MaximumNumberOfKeys { get; }

    /// <summary>Order of the keys.</summary>
    public KeyOrdinality Ordinality { get; }

    internal const string Expected = "text, number or bool (scalar or vector)";

    internal static bool Accepts(DataViewType t) => ColumnTypes.ItemType(t) is var i && (i is TextDataViewType or BooleanDataViewType or NumberDataViewType);

    /// <inheritdoc />
    public ValueToKeyMappingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShape.Create(input.Schema));
        var maps = _columns.Select(c => KeyMap.Train(input, input.Schema[c.InputColumnName], MaximumNumberOfKeys, Ordinality == KeyOrdinality.ByValue)).ToArray();
        return new ValueToKeyMappingTransformer(_columns, maps);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var added = _columns.Select(c =>
        {
            var i = inputSchema.Require(c.InputColumnName, Expected);
            if (!Accepts(i.ItemType) || i.IsKey) throw new SchemaMismatchException(c.InputColumnName, Expected, i.TypeDescription);
            return i with { Name = c.OutputColumnName, ItemType = KeyDataViewType.Unknown };
        }).ToArray();
        return inputSchema.With(added);
    }
}
