using MlNetDeep.Data;
using MlNetDeep.Torch;

namespace MlNetDeep.Classical.Decomposition;

/// <summary>
/// Learns the top <see cref="PcaOptions.Rank"/> principal axes of a vector column — the mean
/// and the directions of largest variance — and returns a <see cref="PcaTransformer"/> that
/// projects onto them. Each axis's sign is fixed so its largest-magnitude entry is positive.
/// </summary>
public sealed class PcaEstimator : IEstimator<PcaTransformer>
{
    private readonly int _seed;

    /// <summary>Creates the estimator.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public PcaEstimator(MLContext context, PcaOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _seed = options.Seed ?? context.NextSeed();
    }

    /// <summary>The options (not changed by fitting).</summary>
    public PcaOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No rows, a NaN (row named), or a rank above min(rows, features).</exception>
    public PcaTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (data, n, d, _) = DenseData.Read(input, Options.InputColumnName, null, allowMissing: false);
        int k = Options.Rank;
        if (k > Math.Min(n, d)) throw new ArgumentException($"Rank {k} is more than min(rows {n}, features {d}) of column '{Options.InputColumnName}'.");
        bool randomized = Options.Solver == PcaSolver.Randomized || (Options.Solver == PcaSolver.Auto && d > 500 && k < d / 10);
        using var scope = Engine.NewDisposeScope();
        using var noGrad = Engine.NoGrad();
        Tensor x = Tensor.FromSpan<float>(data, [n, d]);
        data = null!;
        Tensor mean = x.Mean(0); // [d]
        Tensor components, variances; // [k, d], [k]
        if (randomized)
        {
            (components, variances) = Randomized(x.Sub(mean.Unsqueeze(0)), k, n);
        }
        else
        {
            Tensor centered = x.To(DType.Float64).Sub(mean.To(DType.Float64).Unsqueeze(0));
            Tensor covariance = centered.T().Mm(centered).Div(Math.Max(n - 1, 1)); // [d, d]
            var (values, vectors) = Linalg.Eigh(covariance); // ascending
            Tensor order = Tensor.FromArray(Enumerable.Range(0, k).Select(i => (long)(d - 1 - i)).ToArray());
            components = vectors.IndexSelect(1, order).T().To(DType.Float32);
            variances = values.IndexSelect(0, order).Clamp(min: 0).To(DType.Float32);
        }
        float[] axes = components.Contiguous().ToArray<float>();
        FixSigns(axes, k, d);
        return new PcaTransformer(Options.InputColumnName, Options.OutputColumnName, d, mean.ToArray<float>(), axes, variances.ToArray<float>(), Options.Whiten);
    }

    /// <summary>Top-k axes of the centred matrix by a seeded randomized range finder with QR-orthonormalized power iterations.</summary>
    private (Tensor Components, Tensor Variances) Randomized(Tensor centered, int k, int n)
    {
        long d = centered.Shape[1];
        int sketch = (int)Math.Min(k + Options.Oversampling, Math.Min(n, d));
        using var generator = new Generator(_seed);
        Tensor omega = Tensors.Randn([d, sketch], generator: generator);
        Tensor q = Linalg.Qr(centered.Mm(omega)).Q; // [n, sketch]
        for (int i = 0; i < Options.PowerIterations; i++)
        {
            Tensor z = Linalg.Qr(centered.T().Mm(q)).Q; // [d, sketch]
            q = Linalg.Qr(centered.Mm(z)).Q;
        }
        Tensor b = q.T().Mm(centered).To(DType.Float64); // [sketch, d]
        var (_, s, vh) = Linalg.Svd(b);
        Tensor top = Tensor.FromArray(Enumerable.Range(0, k).Select(i => (long)i).ToArray());
        return (vh.IndexSelect(0, top).To(DType.Float32), s.IndexSelect(0, top).Square().Div(Math.Max(n - 1, 1)).To(DType.Float32));
    }

    /// <summary>Makes the largest-magnitude entry of each axis positive (the sign of an eigenvector is arbitrary).</summary>
    private static void FixSigns(float[] axes, int k, int d)
    {
        for (int c = 0; c < k; c++)
        {
            var row = axes.AsSpan(c * d, d);
            int big = System.Numerics.Tensors.TensorPrimitives.IndexOfMaxMagnitude<float>(row);
            if (row[big] < 0) System.Numerics.Tensors.TensorPrimitives.Negate<float>(row, row);
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.RequireSingleVector(Options.InputColumnName);
        return inputSchema.With(new SchemaShape.Column(Options.OutputColumnName, SchemaShape.VectorKind.Vector, NumberDataViewType.Single, [Options.Rank]));
    }
}
