namespace MlNetDeep;

/// <summary>
/// An unfitted step of a pipeline: learns from data (<see cref="Fit"/>) and returns a
/// transformer. <see cref="GetOutputSchema"/> checks a whole pipeline before any data is read.
/// </summary>
/// <typeparam name="TTransformer">What fitting produces.</typeparam>
public interface IEstimator<out TTransformer> where TTransformer : ITransformer
{
    /// <summary>Learns from <paramref name="input"/> and returns the fitted transformer. Does not change this estimator.</summary>
    TTransformer Fit(IDataView input);

    /// <summary>The shape of the output for an input of shape <paramref name="inputSchema"/>.</summary>
    /// <exception cref="SchemaMismatchException">A needed column is missing or of the wrong type.</exception>
    SchemaShape GetOutputSchema(SchemaShape inputSchema);
}
