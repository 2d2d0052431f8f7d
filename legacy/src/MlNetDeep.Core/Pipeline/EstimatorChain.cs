namespace MlNetDeep;

/// <summary>
/// Estimators run in order: fitting fits each on the (lazily) transformed output of the
/// ones before and returns a <see cref="TransformerChain{TLastTransformer}"/>.
/// </summary>
/// <typeparam name="TLastTransformer">What the last estimator produces.</typeparam>
public sealed class EstimatorChain<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>
    where TLastTransformer : class, ITransformer
{
    private readonly IEstimator<ITransformer>[] _estimators;

    /// <summary>An empty chain (fits to an empty transformer chain).</summary>
    public EstimatorChain() => _estimators = [];

    private EstimatorChain(IEstimator<ITransformer>[] estimators) => _estimators = estimators;

    /// <summary>The estimators in order.</summary>
    public IReadOnlyList<IEstimator<ITransformer>> Estimators => _estimators;

    /// <summary>A new chain with <paramref name="estimator"/> appended.</summary>
    public EstimatorChain<TNew> Append<TNew>(IEstimator<TNew> estimator) where TNew : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new EstimatorChain<TNew>([.. _estimators, estimator]);
    }

    /// <inheritdoc />
    public TransformerChain<TLastTransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShape.Create(input.Schema));
        var fitted = new List<ITransformer>();
        IDataView current = input;
        for (int i = 0; i < _estimators.Length; i++)
        {
            ITransformer t = _estimators[i].Fit(current);
            fitted.Add(t);
            // Later estimators train on what a training-time transformer (augmentation) produces.
            if (i < _estimators.Length - 1)
                current = t is ITrainingTimeTransformer training ? training.TransformForTraining(current) : t.Transform(current);
        }
        return new TransformerChain<TLastTransformer>(fitted);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaShape s = inputSchema;
        foreach (var e in _estimators) s = e.GetOutputSchema(s);
        return s;
    }
}
