using System.Numerics.Tensors;
using MlNetDeep.Data;
using MlNetDeep.Model;

namespace MlNetDeep.Classical.Clustering;

/// <summary>
/// Fitted k-means centres as a pipeline component. Adds ML.NET's clustering columns:
/// <c>PredictedLabel</c> (a key 1..k, the nearest centre) and <c>Score</c> (the squared
/// Euclidean distance to every centre). Managed SIMD scoring, safe from several threads.
/// Saved as JSON metadata plus the raw little-endian centres, checked on load.
/// </summary>
public sealed class KMeansModel : RowToRowTransformerBase, IModelComponent
{
    private readonly float[] _centers; // [k, d]
    private readonly float[] _centerNorms; // [k]
    private readonly PredictionColumns _columns;

    /// <summary>A model from <paramref name="clusters"/> centres of <paramref name="featureCount"/> values (row-major).</summary>
    /// <exception cref="ArgumentException">The sizes disagree or a value is not finite.</exception>
    public KMeansModel(string featureColumnName, int featureCount, int clusters, float[] centers)
    {
        ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        ArgumentNullException.ThrowIfNull(centers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clusters);
        if (centers.LongLength != (long)clusters * featureCount)
            throw new ArgumentException($"{clusters} centres of {featureCount} values need {(long)clusters * featureCount}; got {centers.Length}.", nameof(centers));
        foreach (float v in centers)
            if (!float.IsFinite(v)) throw new ArgumentException("Centres must be finite.", nameof(centers));
        (FeatureColumnName, FeatureCount, Clusters, _centers) = (featureColumnName, featureCount, clusters, centers);
        _centerNorms = Enumerable.Range(0, clusters).Select(c => TensorPrimitives.Dot<float>(Center(c), Center(c))).ToArray();
        _columns = new PredictionColumns(OutputKind.ClusterDistances, [], featureCount, Score, clusters);
    }

    /// <summary>The feature column read.</summary>
    public string FeatureColumnName { get; }
    /// <summary>Features per example.</summary>
    public int FeatureCount { get; }
    /// <summary>Clusters (k).</summary>
    public int Clusters { get; }
    /// <summary>Centre <paramref name="cluster"/> (0-based).</summary>
    public ReadOnlySpan<float> Center(int cluster) => _centers.AsSpan(checked(cluster * FeatureCount), FeatureCount);
    /// <summary>Sum of squared distances of the training rows to their nearest centre, when trained in this process (not saved).</summary>
    public double? Inertia { get; init; }
    /// <summary>Lloyd iterations of the winning run, when trained in this process (not saved).</summary>
    public int? Iterations { get; init; }

    /// <summary>Squared distances from one example to every centre.</summary>
    public float[] Distances(ReadOnlySpan<float> example)
    {
        if (example.Length != FeatureCount) throw new ArgumentException($"An example has {FeatureCount} values; got {example.Length}.", nameof(example));
        var d = new float[Clusters];
        Score(example, d);
        return d;
    }

    private void Score(ReadOnlySpan<float> x, Span<float> distances) =>
        KMeansSolver.SquaredDistances(x, TensorPrimitives.Dot(x, x), _centers, _centerNorms, distances);

    /// <inheritdoc />
    protected override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input) => _columns.Map(input, FeatureColumnName);

    /// <inheritdoc />
    public string ComponentName => ClassicalComponents.KMeans;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("kmeans.json", new KMeansState(FeatureColumnName, FeatureCount, Clusters), ClassicalJson.Default.KMeansState);
        context.WriteBytes("centers.f32", RawValues.FromSingles(_centers));
    }

    internal sealed record KMeansState(string FeatureColumnName, int FeatureCount, int Clusters);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("kmeans.json", ClassicalJson.Default.KMeansState);
        if (s.FeatureColumnName is not { Length: > 0 }) throw c.Error("kmeans.json", "feature column missing");
        if (s.FeatureCount <= 0 || s.Clusters <= 0) throw c.Error("kmeans.json", $"feature count {s.FeatureCount} and cluster count {s.Clusters} must be positive");
        byte[] bytes = c.ReadBytes("centers.f32");
        long expected = (long)s.Clusters * s.FeatureCount * sizeof(float);
        if (bytes.LongLength != expected) throw c.Error("centers.f32", $"holds {bytes.LongLength} bytes; {s.Clusters} centres of {s.FeatureCount} values need {expected}");
        var centers = RawValues.ToSingles(bytes);
        try
        {
            return new KMeansModel(s.FeatureColumnName, s.FeatureCount, s.Clusters, centers);
        }
        catch (ArgumentException e)
        {
            throw c.Error("centers.f32", e.Message);
        }
    }
}
