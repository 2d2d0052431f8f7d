using MlNetDeep.Catalogs;

namespace MlNetDeep;

/// <summary>
/// The entry point, as in ML.NET: catalogs of data operations, transforms and task
/// trainers/evaluators. A seed makes every random choice of everything created through the
/// context (splits, shuffles, initialization, dropout, augmentation, tuners) repeatable.
/// Not thread-safe while components are being created.
/// </summary>
public sealed class MLContext
{
    private readonly Random _master;

    /// <summary>Creates a context; the same <paramref name="seed"/> gives the same results. Without one, runs differ.</summary>
    public MLContext(int? seed = null)
    {
        Seed = seed;
        _master = seed is { } s ? new Random(s) : new Random();
        Data = new DataOperationsCatalog(this);
        Transforms = new TransformsCatalog(this);
        Model = new ModelOperationsCatalog(this);
        BinaryClassification = new BinaryClassificationCatalog(this);
        MulticlassClassification = new MulticlassClassificationCatalog(this);
        Regression = new RegressionCatalog(this);
        Clustering = new ClusteringCatalog(this);
        MultiLabelClassification = new MultiLabelClassificationCatalog(this);
        AnomalyDetection = new AnomalyDetectionCatalog(this);
    }

    /// <summary>The seed, or null for a non-repeatable context.</summary>
    public int? Seed { get; }

    /// <summary>Loading, splitting, sampling, enumerating.</summary>
    public DataOperationsCatalog Data { get; }

    /// <summary>Data transforms.</summary>
    public TransformsCatalog Transforms { get; }

    /// <summary>Saving, loading and predicting with fitted pipelines.</summary>
    public ModelOperationsCatalog Model { get; }

    /// <summary>Two-class classification.</summary>
    public BinaryClassificationCatalog BinaryClassification { get; }

    /// <summary>Multi-class classification.</summary>
    public MulticlassClassificationCatalog MulticlassClassification { get; }

    /// <summary>Regression.</summary>
    public RegressionCatalog Regression { get; }

    /// <summary>Clustering.</summary>
    public ClusteringCatalog Clustering { get; }

    /// <summary>Multi-label classification.</summary>
    public MultiLabelClassificationCatalog MultiLabelClassification { get; }

    /// <summary>Anomaly detection.</summary>
    public AnomalyDetectionCatalog AnomalyDetection { get; }

    /// <summary>
    /// The next seed of the context's sequence: components take one when created, so a
    /// seeded context hands every component the same seed on every run.
    /// </summary>
    public int NextSeed()
    {
        lock (_master) return _master.Next();
    }

    /// <summary>A new random generator seeded with <see cref="NextSeed"/>.</summary>
    public Random CreateRandom() => new(NextSeed());
}
