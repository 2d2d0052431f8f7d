using MlNetDeep.Classical.Optimization;
using MlNetDeep.Data;
using MlNetDeep.Torch;

namespace MlNetDeep.Classical.Linear;

/// <summary>
/// Logistic regression by L-BFGS over the whole training set (OWL-QN with an L1 penalty):
/// multinomial (softmax) on a key label, or binary (sigmoid) on a Boolean label. The data
/// products run as libtorch GEMMs in single precision; the loss, its gradient and the solver
/// state are double precision. Returns a <see cref="LinearModel"/>; the same data gives the
/// same model (no randomness).
/// </summary>
public sealed class LogisticRegressionTrainer : IEstimator<LinearModel>
{
    /// <summary>Creates the trainer for <see cref="LinearTask.MulticlassSoftmax"/> or <see cref="LinearTask.BinaryLogistic"/>.</summary>
    /// <exception cref="ArgumentException">An option is invalid, or the task is not a logistic one.</exception>
    public LogisticRegressionTrainer(LogisticRegressionOptions options, LinearTask task)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (task is not (LinearTask.MulticlassSoftmax or LinearTask.BinaryLogistic))
            throw new ArgumentException($"Logistic regression is MulticlassSoftmax or BinaryLogistic. Received: {task}.", nameof(task));
        options.Validate();
        (Options, Task) = (options, task);
    }

    /// <summary>The options (not changed by fitting).</summary>
    public LogisticRegressionOptions Options { get; }
    /// <summary>Multinomial or binary.</summary>
    public LinearTask Task { get; }
    /// <summary>Cancels <see cref="Fit"/> between iterations.</summary>
    public CancellationToken Cancellation { get; init; }
    private bool Multinomial => Task == LinearTask.MulticlassSoftmax;

    /// <inheritdoc />
    /// <exception cref="SchemaMismatchException">A column is missing or of the wrong type; the column is named.</exception>
    /// <exception cref="ArgumentException">No rows, a NaN feature or missing label (row named), or a single class.</exception>
    public LinearModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (x, n, d, labels, classes) = ClassLabels.ReadTraining(input, Options.FeatureColumnName, Options.LabelColumnName, Multinomial);
        int k = classes?.Count ?? 1;
        var loss = new LogisticLoss(x, n, d, labels!, k);
        x = null!; // the tensor holds the only copy the fit needs
        using (loss)
        {
            double l2 = Options.L2Regularization;
            Objective objective = (theta, grad) =>
            {
                double f = loss.Evaluate(theta, grad);
                // L2 on the weights only; the biases (the last k entries) are free.
                for (int i = 0; i < k * d; i++)
                {
                    f += 0.5 * l2 * theta[i] * theta[i];
                    grad[i] += l2 * theta[i];
                }
                return f;
            };
            bool[] mask = Enumerable.Range(0, k * d + k).Select(i => i < k * d).ToArray();
            var result = Lbfgs.Minimize(objective, new double[k * d + k],
                new LbfgsOptions(Options.HistorySize, Options.MaximumIterations, Options.GradientTolerance, L1: Options.L1Regularization), mask, Cancellation);
            return new LinearModel(Task, Options.FeatureColumnName, d, result.X[..(k * d)], result.X[(k * d)..], classes)
            {
                TrainingReport = $"L-BFGS: {result.Iterations} iterations, {result.Evaluations} evaluations, objective {result.Value:G6}; {result.Reason}",
            };
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.RequireSingleVector(Options.FeatureColumnName);
        LabelColumns.Require(inputSchema, Options.LabelColumnName, Multinomial ? LabelKind.Key : LabelKind.Boolean);
        return inputSchema.With(PredictionColumns.Shape(Multinomial ? OutputKind.ClassProbabilities : OutputKind.PositiveProbability));
    }

    /// <summary>
    /// The summed log loss and its gradient for parameters θ = (W [k, d] row-major, b [k]) over data
    /// held as libtorch tensors: X [n, d] single, targets [n, k] double (one-hot, or the 0/1 label for k = 1).
    /// </summary>
    private sealed class LogisticLoss : IDisposable
    {
        private readonly Tensor _x, _targets;
        private readonly int _k, _d;

        public LogisticLoss(float[] x, int n, int d, float[] labels, int k)
        {
            (_k, _d) = (k, d);
            _x = Tensor.FromSpan<float>(x, [n, d]).DetachFromDisposeScope();
            using var scope = Engine.NewDisposeScope();
            var y = Tensor.FromSpan<float>(labels, [n]);
            _targets = (k == 1 ? y.To(DType.Float64).View(n, 1) : y.To(DType.Int64).OneHot(k).To(DType.Float64)).DetachFromDisposeScope();
        }

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> grad)
        {
            using var scope = Engine.NewDisposeScope();
            using var noGrad = Engine.NoGrad();
            int kd = _k * _d;
            var w32 = new float[kd];
            for (int i = 0; i < kd; i++) w32[i] = (float)theta[i];
            Tensor w = Tensor.FromSpan<float>(w32, [_k, _d]);
            Tensor b = Tensor.FromSpan(theta[kd..], [_k]);
            Tensor z = _x.Mm(w.T()).To(DType.Float64).Add(b); // [n, k] logits
            double loss;
            Tensor residual; // dLoss/dz: [n, k]
            if (_k == 1)
            {
                // Σ softplus(z) − y·z, gradient σ(z) − y.
                loss = z.Softplus().Sub(_targets.Mul(z)).Sum().ToDouble();
                residual = z.Sigmoid().Sub(_targets);
            }
            else
            {
                // Σ logsumexp(z) − z[y], gradient softmax(z) − onehot(y).
                Tensor lse = z.LogSumExp([1], keepDim: true);
                loss = lse.Sum().ToDouble() - z.Mul(_targets).Sum().ToDouble();
                residual = z.Sub(lse).Exp().Sub(_targets);
            }
            residual.To(DType.Float32).T().Mm(_x).To(DType.Float64).Contiguous().CopyTo(grad[..kd]); // [k, d]
            residual.Sum(0).Contiguous().CopyTo(grad[kd..]);
            return loss;
        }

        public void Dispose()
        {
            _x.Dispose();
            _targets.Dispose();
        }
    }
}
