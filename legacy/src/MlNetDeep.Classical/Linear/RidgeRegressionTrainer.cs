using MlNetDeep.Data;
using MlNetDeep.Torch;

namespace MlNetDeep.Classical.Linear;

/// <summary>
/// Ridge regression in closed form: the least-squares solution of the centred system stacked
/// on √λ·I (an SVD-based LAPACK solve in double precision, stable where the normal equations
/// are not — a degree-9 polynomial's design matrix has a condition number near 10⁸).
/// Returns a <see cref="LinearModel"/> with one output.
/// </summary>
public sealed class RidgeRegressionTrainer : IEstimator<LinearModel>
{
    /// <summary>Creates the trainer.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public RidgeRegressionTrainer(RidgeRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options (not changed by fitting).</summary>
    public RidgeRegressionOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="SchemaMismatchException">A column is missing or of the wrong type; the column is named.</exception>
    /// <exception cref="ArgumentException">No rows, a NaN feature or a NaN target (row named).</exception>
    public LinearModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        LabelColumns.Require(input.Schema, Options.LabelColumnName, LabelKind.Single);
        var (x, n, d, y) = DenseData.Read(input, Options.FeatureColumnName, Options.LabelColumnName, allowMissing: false);
        using var scope = Engine.NewDisposeScope();
        using var noGrad = Engine.NoGrad();
        Tensor a = Tensor.FromSpan<float>(x, [n, d]).To(DType.Float64);
        Tensor t = Tensor.FromSpan<float>(y!, [n, 1]).To(DType.Float64);
        Tensor xMean = Tensors.Zeros([d], DType.Float64), yMean = Tensors.Zeros([1], DType.Float64);
        if (Options.FitIntercept)
        {
            (xMean, yMean) = (a.Mean(0), t.Mean(0));
            a = a.Sub(xMean.Unsqueeze(0));
            t = t.Sub(yMean.Unsqueeze(0));
        }
        if (Options.L2Regularization > 0)
        {
            a = Tensors.Cat([a, Tensors.Eye(d, dtype: DType.Float64).Mul(Math.Sqrt(Options.L2Regularization))], 0);
            t = Tensors.Cat([t, Tensors.Zeros([d, 1], DType.Float64)], 0);
        }
        double[] w = Linalg.Lstsq(a, t).Contiguous().ToArray<double>();
        double bias = yMean.ToArray<double>()[0] - System.Numerics.Tensors.TensorPrimitives.Dot<double>(xMean.ToArray<double>(), w);
        return new LinearModel(LinearTask.Regression, Options.FeatureColumnName, d, w, [bias]);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.RequireSingleVector(Options.FeatureColumnName);
        LabelColumns.Require(inputSchema, Options.LabelColumnName, LabelKind.Single);
        return inputSchema.With(PredictionColumns.Shape(OutputKind.Value));
    }
}
