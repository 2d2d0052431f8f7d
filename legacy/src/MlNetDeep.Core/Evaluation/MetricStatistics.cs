namespace MlNetDeep.Evaluation;

/// <summary>Mean and sample standard deviation of one metric across cross-validation folds.</summary>
/// <param name="Mean">Mean over folds.</param>
/// <param name="StandardDeviation">Sample standard deviation over folds (n - 1 in the denominator; 0 for one fold).</param>
/// <param name="Values">The per-fold values.</param>
public sealed record MetricStatistics(double Mean, double StandardDeviation, IReadOnlyList<double> Values)
{
    /// <summary>Summarizes <paramref name="metric"/> over <paramref name="folds"/>.</summary>
    public static MetricStatistics Of<TMetrics>(IReadOnlyList<CrossValidationResult<TMetrics>> folds, Func<TMetrics, double> metric)
    {
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentNullException.ThrowIfNull(metric);
        if (folds.Count == 0) throw new ArgumentException("No folds to summarize.", nameof(folds));
        double[] v = folds.Select(f => metric(f.Metrics)).ToArray();
        double mean = v.Average();
        double sd = v.Length < 2 ? 0 : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return new MetricStatistics(mean, sd, v);
    }
}
