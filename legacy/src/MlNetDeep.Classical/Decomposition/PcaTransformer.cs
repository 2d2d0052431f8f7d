using System.Numerics.Tensors;
using MlNetDeep.Data;
using MlNetDeep.Model;

namespace MlNetDeep.Classical.Decomposition;

/// <summary>
/// Projects a vector column onto fitted principal axes: output_c = (x − mean)·axis_c, divided by
/// the component's standard deviation when whitening. Managed SIMD, safe from several threads.
/// Saved as JSON metadata plus the raw little-endian mean, axes and variances, checked on load.
/// </summary>
public sealed class PcaTransformer : RowToRowTransformerBase, IModelComponent
{
    private readonly float[] _mean, _axes, _variances, _scale;

    /// <summary>A transformer from the mean [d], axes [rank × d] (row-major) and component variances [rank].</summary>
    /// <exception cref="ArgumentException">The sizes disagree or a value is not finite (or a variance is negative).</exception>
    public PcaTransformer(string inputColumnName, string outputColumnName, int featureCount, float[] mean, float[] axes, float[] variances, bool whiten)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(variances);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        int rank = variances.Length;
        if (rank == 0 || mean.Length != featureCount || axes.LongLength != (long)rank * featureCount)
            throw new ArgumentException($"A rank-{rank} projection of {featureCount} features needs a mean of {featureCount} and {(long)rank * featureCount} axis values; got {mean.Length} and {axes.Length}.");
        if (!mean.Concat(axes).Concat(variances).All(float.IsFinite) || variances.Any(v => v < 0))
            throw new ArgumentException("The mean, axes and variances must be finite, and variances >= 0.");
        (InputColumnName, OutputColumnName, FeatureCount, _mean, _axes, _variances, Whiten) = (inputColumnName, outputColumnName, featureCount, mean, axes, variances, whiten);
        _scale = variances.Select(v => whiten ? 1 / MathF.Sqrt(Math.Max(v, 1e-12f)) : 1f).ToArray();
    }

    /// <summary>The column projected.</summary>
    public string InputColumnName { get; }
    /// <summary>The column added.</summary>
    public string OutputColumnName { get; }
    /// <summary>Features of the input.</summary>
    public int FeatureCount { get; }
    /// <summary>Components kept.</summary>
    public int Rank => _variances.Length;
    /// <summary>Whether projections are scaled to unit variance.</summary>
    public bool Whiten { get; }
    /// <summary>The mean subtracted first.</summary>
    public IReadOnlyList<float> Mean => _mean;
    /// <summary>Axis <paramref name="component"/> (unit length).</summary>
    public ReadOnlySpan<float> Axis(int component) => _axes.AsSpan(checked(component * FeatureCount), FeatureCount);
    /// <summary>The variance of the training data along each axis (descending).</summary>
    public IReadOnlyList<float> ExplainedVariance => _variances;

    /// <summary>The projection of one example.</summary>
    public float[] Project(ReadOnlySpan<float> example)
    {
        if (example.Length != FeatureCount) throw new ArgumentException($"An example has {FeatureCount} values; got {example.Length}.", nameof(example));
        var result = new float[Rank];
        var centered = new float[FeatureCount];
        ProjectInto(example, centered, result);
        return result;
    }

    private void ProjectInto(ReadOnlySpan<float> x, Span<float> centered, Span<float> result)
    {
        TensorPrimitives.Subtract(x, _mean, centered);
        for (int c = 0; c < result.Length; c++) result[c] = TensorPrimitives.Dot(Axis(c), centered) * _scale[c];
    }

    /// <inheritdoc />
    protected override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input)
    {
        var col = input.RequireSingleVector(InputColumnName, FeatureCount);
        int k = Rank;
        return
        [
            new MappedColumn(OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, k), null, [col], cursor =>
            {
                var get = cursor.GetGetter<VBuffer<float>>(col);
                var x = default(VBuffer<float>);
                var centered = new float[FeatureCount];
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    get(ref x);
                    float[] buf = dst.Reuse(k);
                    ProjectInto(x.GetValues(), centered, buf.AsSpan(0, k));
                    dst = new VBuffer<float>(k, buf);
                });
            }),
        ];
    }

    /// <inheritdoc />
    public string ComponentName => ClassicalComponents.Pca;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("pca.json", new PcaState(InputColumnName, OutputColumnName, FeatureCount, Rank, Whiten), ClassicalJson.Default.PcaState);
        context.WriteBytes("pca.f32", RawValues.FromSingles([.. _mean, .. _axes, .. _variances]));
    }

    internal sealed record PcaState(string InputColumnName, string OutputColumnName, int FeatureCount, int Rank, bool Whiten);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("pca.json", ClassicalJson.Default.PcaState);
        if (s.InputColumnName is not { Length: > 0 } || s.OutputColumnName is not { Length: > 0 }) throw c.Error("pca.json", "column names missing");
        if (s.FeatureCount <= 0 || s.Rank <= 0 || s.Rank > s.FeatureCount) throw c.Error("pca.json", $"feature count {s.FeatureCount} and rank {s.Rank} must be positive, rank at most the feature count");
        byte[] bytes = c.ReadBytes("pca.f32");
        long expected = ((long)s.FeatureCount * (s.Rank + 1) + s.Rank) * sizeof(float);
        if (bytes.LongLength != expected) throw c.Error("pca.f32", $"holds {bytes.LongLength} bytes; a rank-{s.Rank} projection of {s.FeatureCount} features needs {expected}");
        var v = RawValues.ToSingles(bytes);
        int d = s.FeatureCount, axes = s.Rank * d;
        try
        {
            return new PcaTransformer(s.InputColumnName, s.OutputColumnName, d, v[..d], v[d..(d + axes)], v[(d + axes)..], s.Whiten);
        }
        catch (ArgumentException e)
        {
            throw c.Error("pca.f32", e.Message);
        }
    }
}
