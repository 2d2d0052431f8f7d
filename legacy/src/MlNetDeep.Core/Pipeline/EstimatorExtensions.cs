namespace MlNetDeep;

/// <summary>Chaining: <c>a.Append(b).Append(c)</c>.</summary>
public static class EstimatorExtensions
{
    /// <summary>A chain of <paramref name="start"/> then <paramref name="next"/>.</summary>
    public static EstimatorChain<TNext> Append<TStart, TNext>(this IEstimator<TStart> start, IEstimator<TNext> next)
        where TStart : class, ITransformer where TNext : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        return new EstimatorChain<TStart>().Append(start).Append(next);
    }

    /// <summary>A chain of <paramref name="start"/> then <paramref name="next"/> (transformers fit to themselves).</summary>
    public static TransformerChain<TNext> Append<TNext>(this ITransformer start, TNext next) where TNext : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(next);
        return new TransformerChain<TNext>([start, next]);
    }
}
