using MlNetDeep.Data;

namespace MlNetDeep.Classical.Clustering;

/// <summary>
/// k-means: k-means++ seeding (or given centres), Lloyd or Elkan iterations until the centres settle,
/// the best of several restarts by inertia. Unsupervised: only the feature column is read.
/// Same seed and thread count: the same centres.
/// </summary>
public sealed class KMeansTrainer : IEstimator<KMeansModel>
{
    private readonly int _seed;

    /// <summary>Creates the trainer.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public KMeansTrainer(MLContext context, KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _seed = options.Seed ?? context.NextSeed();
    }

    /// <summary>The options (not changed by fitting).</summary>
    public KMeansOptions Options { get; }
    /// <summary>Cancels <see cref="Fit"/> between iterations.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <inheritdoc />
    /// <exception cref="SchemaMismatchException">The feature column is missing or of the wrong type.</exception>
    /// <exception cref="ArgumentException">No rows, fewer rows than clusters, a NaN feature (row named), or initial centres of the wrong width.</exception>
    public KMeansModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (data, n, d, _) = DenseData.Read(input, Options.FeatureColumnName, null, allowMissing: false);
        int k = Options.NumberOfClusters;
        if (n < k) throw new ArgumentException($"{n} rows cannot form {k} clusters; NumberOfClusters must be at most the row count.");
        if (Options.InitialCenters is { } init && init[0].Length != d)
            throw new ArgumentException($"InitialCenters rows have {init[0].Length} values; column '{Options.FeatureColumnName}' has {d}.");
        // scikit-learn's tolerance: relative to the mean per-feature (population) variance of the data.
        double tolerance = Options.Tolerance * MeanVariance(data, n, d);
        var solver = new KMeansSolver(data, n, d, Options.NumberOfThreads ?? Environment.ProcessorCount);
        var rng = new Random(_seed);
        KMeansSolver.Run? best = null;
        int runs = Options.InitialCenters is null ? Options.NumberOfRestarts : 1;
        for (int r = 0; r < runs; r++)
        {
            float[] start = Options.InitialCenters is { } c ? c.SelectMany(row => row).ToArray() : solver.PlusPlus(k, rng);
            var run = Options.Algorithm == KMeansAlgorithm.Elkan
                ? solver.Elkan(start, k, Options.MaximumIterations, tolerance, Cancellation)
                : solver.Lloyd(start, k, Options.MaximumIterations, tolerance, Cancellation);
            if (best is null || run.Inertia < best.Inertia) best = run;
        }
        return new KMeansModel(Options.FeatureColumnName, d, k, best!.Centers) { Inertia = best.Inertia, Iterations = best.Iterations };
    }

    private static double MeanVariance(float[] x, int n, int d)
    {
        var sum = new double[d];
        var squares = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * d, d);
            for (int j = 0; j < d; j++)
            {
                sum[j] += row[j];
                squares[j] += (double)row[j] * row[j];
            }
        }
        double total = 0;
        for (int j = 0; j < d; j++) total += Math.Max(0, squares[j] / n - sum[j] / n * (sum[j] / n));
        return total / d;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.RequireSingleVector(Options.FeatureColumnName);
        return inputSchema.With(
            new SchemaShape.Column("Score", SchemaShape.VectorKind.Vector, NumberDataViewType.Single),
            new SchemaShape.Column("PredictedLabel", SchemaShape.VectorKind.Scalar, KeyDataViewType.Unknown));
    }
}
