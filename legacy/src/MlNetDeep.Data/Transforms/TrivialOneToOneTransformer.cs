namespace MlNetDeep.Data.Transforms;

/// <summary>
/// Base of one-to-one transformers that learn nothing and so are their own estimators:
/// fitting only checks the input schema and returns the transformer.
/// </summary>
/// <typeparam name="TSelf">The derived transformer.</typeparam>
public abstract class TrivialOneToOneTransformer<TSelf> : OneToOneTransformerBase, IEstimator<TSelf>
    where TSelf : TrivialOneToOneTransformer<TSelf>
{
    private protected TrivialOneToOneTransformer(IReadOnlyList<(string OutputColumnName, string InputColumnName)> columns) : base(columns) { }

    /// <inheritdoc />
    public TSelf Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        return (TSelf)this;
    }

    /// <inheritdoc />
    public abstract SchemaShape GetOutputSchema(SchemaShape inputSchema);
}
