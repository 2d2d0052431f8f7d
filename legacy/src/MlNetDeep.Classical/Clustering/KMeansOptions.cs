namespace MlNetDeep.Classical.Clustering;

/// <summary>How k-means iterates.</summary>
public enum KMeansAlgorithm
{
    /// <summary>Lloyd: every row's distance to every centre, each iteration.</summary>
    Lloyd,
    /// <summary>Elkan: the same iterations, skipping distances the triangle inequality rules out (faster for larger k; n × k bounds of memory).</summary>
    Elkan,
}

/// <summary>
/// Hyperparameters of k-means (the single source of them; cloning is <c>with</c>).
/// Defaults follow scikit-learn's <c>KMeans</c> except the restarts (scikit-learn 1.2 ran 10,
/// later versions 1 with k-means++); <see cref="Validate"/> runs when the trainer is created.
/// </summary>
public sealed record KMeansOptions
{
    /// <summary>Column of features (a Vector&lt;Single&gt; of known size, no NaN).</summary>
    public string FeatureColumnName { get; init; } = "Features";
    /// <summary>Clusters (k).</summary>
    public int NumberOfClusters { get; init; } = 5;
    /// <summary>Runs from different k-means++ seeds; the one with the lowest inertia wins. Ignored with <see cref="InitialCenters"/>.</summary>
    public int NumberOfRestarts { get; init; } = 3;
    /// <summary>Lloyd or Elkan iterations (the same result, up to rounding).</summary>
    public KMeansAlgorithm Algorithm { get; init; } = KMeansAlgorithm.Lloyd;
    /// <summary>Iterations per run at most.</summary>
    public int MaximumIterations { get; init; } = 300;
    /// <summary>
    /// Converged when the centres move less than this (summed squared shift) relative to the data's
    /// mean per-feature variance — scikit-learn's <c>tol</c> — or no point changes cluster.
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;
    /// <summary>Starting centres (k rows of the feature width) instead of k-means++; one run.</summary>
    public IReadOnlyList<float[]>? InitialCenters { get; init; }
    /// <summary>Threads of the assignment passes (null: one per core). The result does not depend on it.</summary>
    public int? NumberOfThreads { get; init; }
    /// <summary>Seed of the k-means++ draws (null: the context's next seed).</summary>
    public int? Seed { get; init; }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and gives the value received.</exception>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }
        Check(!string.IsNullOrEmpty(FeatureColumnName), "FeatureColumnName must be set.");
        Check(NumberOfClusters > 0, $"NumberOfClusters must be > 0. Received: {NumberOfClusters}.");
        Check(Enum.IsDefined(Algorithm), $"Algorithm must be Lloyd or Elkan. Received: {Algorithm}.");
        Check(NumberOfRestarts > 0, $"NumberOfRestarts must be > 0. Received: {NumberOfRestarts}.");
        Check(MaximumIterations > 0, $"MaximumIterations must be > 0. Received: {MaximumIterations}.");
        Check(NumberOfThreads is null or > 0, $"NumberOfThreads must be > 0. Received: {NumberOfThreads}.");
        Check(Tolerance >= 0 && double.IsFinite(Tolerance), $"Tolerance must be >= 0. Received: {Tolerance}.");
        if (InitialCenters is { } c)
        {
            Check(c.Count == NumberOfClusters, $"InitialCenters has {c.Count} centres for NumberOfClusters = {NumberOfClusters}.");
            Check(c.All(r => r is not null && r.Length == c[0].Length), "InitialCenters rows must all have the same length.");
            Check(c.All(r => r.All(float.IsFinite)), "InitialCenters must be finite.");
        }
    }
}
