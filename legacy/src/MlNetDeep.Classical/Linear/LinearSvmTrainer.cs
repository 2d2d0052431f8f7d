using System.Numerics.Tensors;
using MlNetDeep.Data;

namespace MlNetDeep.Classical.Linear;

/// <summary>
/// A linear SVM by dual coordinate descent (Hsieh et al. 2008, liblinear's solver without
/// shrinking): binary on a Boolean label, one-vs-rest on a key label (the classes train in
/// parallel). Each pass visits the rows in a seeded random order and updates one dual variable
/// and the weights in closed form. Returns a <see cref="LinearModel"/> of margins. Same seed:
/// the same model.
/// </summary>
public sealed class LinearSvmTrainer : IEstimator<LinearModel>
{
    private readonly int _seed;

    /// <summary>Creates the trainer for <see cref="LinearTask.BinaryMargin"/> or <see cref="LinearTask.MulticlassMargin"/>.</summary>
    /// <exception cref="ArgumentException">An option is invalid, or the task is not a margin one.</exception>
    public LinearSvmTrainer(MLContext context, LinearSvmOptions options, LinearTask task)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (task is not (LinearTask.BinaryMargin or LinearTask.MulticlassMargin))
            throw new ArgumentException($"A linear SVM is BinaryMargin or MulticlassMargin. Received: {task}.", nameof(task));
        options.Validate();
        (Options, Task) = (options, task);
        _seed = options.Seed ?? context.NextSeed();
    }

    /// <summary>The options (not changed by fitting).</summary>
    public LinearSvmOptions Options { get; }
    /// <summary>Binary or one-vs-rest.</summary>
    public LinearTask Task { get; }

    private bool Multiclass => Task == LinearTask.MulticlassMargin;

    /// <inheritdoc />
    /// <exception cref="SchemaMismatchException">A column is missing or of the wrong type; the column is named.</exception>
    /// <exception cref="ArgumentException">No rows, a NaN feature or missing label (row named), or a single class.</exception>
    public LinearModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (x, n, d, y, classes) = ClassLabels.ReadTraining(input, Options.FeatureColumnName, Options.LabelColumnName, Multiclass);
        int k = classes?.Count ?? 1;
        float bias = (float)Options.BiasFeature;
        var norms = new float[n];
        for (int i = 0; i < n; i++) norms[i] = TensorPrimitives.Dot<float>(x.AsSpan(i * d, d), x.AsSpan(i * d, d)) + bias * bias;
        var weights = new double[k * d];
        var biases = new double[k];
        Parallel.For(0, k, c =>
        {
            // One-vs-rest: class c is +1, the rest −1 (binary: true is +1).
            float positive = Multiclass ? c : 1;
            var (w, b) = Solve(x, n, d, norms, y!, positive, bias, _seed + c);
            for (int j = 0; j < d; j++) weights[c * d + j] = w[j];
            biases[c] = b * bias;
        });
        return new LinearModel(Task, Options.FeatureColumnName, d, weights, biases, classes);
    }

    /// <summary>Dual coordinate descent for one binary problem; returns the weights and the bias feature's weight.</summary>
    private (float[] W, float B) Solve(float[] x, int n, int d, float[] norms, float[] labels, float positive, float biasFeature, int seed)
    {
        bool hinge = Options.Loss == SvmLoss.Hinge;
        double upper = hinge ? Options.C : double.PositiveInfinity, diagonal = hinge ? 0 : 0.5 / Options.C;
        var w = new float[d];
        float wb = 0;
        var alpha = new double[n];
        var order = Enumerable.Range(0, n).ToArray();
        var rng = new Random(seed);
        for (int pass = 0; pass < Options.MaximumIterations; pass++)
        {
            rng.Shuffle(order);
            double pgMax = double.NegativeInfinity, pgMin = double.PositiveInfinity;
            foreach (int i in order)
            {
                var row = x.AsSpan(i * d, d);
                float yi = labels[i] == positive ? 1 : -1;
                double g = yi * (TensorPrimitives.Dot<float>(w, row) + wb * biasFeature) - 1 + diagonal * alpha[i];
                double pg = alpha[i] == 0 ? Math.Min(g, 0) : alpha[i] >= upper ? Math.Max(g, 0) : g;
                pgMax = Math.Max(pgMax, pg);
                pgMin = Math.Min(pgMin, pg);
                if (Math.Abs(pg) <= 1e-12) continue;
                double old = alpha[i];
                alpha[i] = Math.Min(Math.Max(old - g / (norms[i] + diagonal), 0), upper);
                float step = (float)((alpha[i] - old) * yi);
                TensorPrimitives.MultiplyAdd(row, step, w, w);
                wb += step * biasFeature;
            }
            if (pgMax - pgMin <= Options.Tolerance) break;
        }
        return (w, wb);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.RequireSingleVector(Options.FeatureColumnName);
        LabelColumns.Require(inputSchema, Options.LabelColumnName, Multiclass ? LabelKind.Key : LabelKind.Boolean);
        return inputSchema.With(PredictionColumns.Shape(Multiclass ? OutputKind.ClassMargins : OutputKind.Margin));
    }
}
