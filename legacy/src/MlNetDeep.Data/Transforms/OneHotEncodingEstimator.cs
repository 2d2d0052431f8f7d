namespace MlNetDeep.Data.Transforms;

/// <summary>
/// OneHotEncoding: learns the values of a text, number or bool column (as MapValueToKey
/// does) and outputs an indicator vector of Single with a 1 at the value's key (all zeros
/// for missing or unseen values). A vector input gives the sum of its items' indicators
/// (a bag). Slot names are the learned values.
/// </summary>
public sealed class OneHotEncodingEstimator : IEstimator<OneHotEncodingTransformer>
{
    private readonly ValueToKeyMappingEstimator _keys;
    private readonly (string OutputColumnName, string InputColumnName)[] _columns;

    /// <summary>Creates the estimator.</summary>
    public OneHotEncodingEstimator((string OutputColumnName, string InputColumnName)[] columns, int maximumNumberOfKeys = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.ToArray();
        _keys = new ValueToKeyMappingEstimator(_columns, maximumNumberOfKeys);
    }

    /// <inheritdoc />
    public OneHotEncodingTransformer Fit(IDataView input) => new(_columns, _keys.Fit(input));

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        _keys.GetOutputSchema(inputSchema);
        return inputSchema.With(_columns.Select(c => new SchemaShape.Column(c.OutputColumnName, SchemaShape.VectorKind.Vector, NumberDataViewType.Single)).ToArray());
    }
}
