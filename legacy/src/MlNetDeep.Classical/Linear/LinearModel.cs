using System.Numerics.Tensors;
using MlNetDeep.Data;
using MlNetDeep.Model;

namespace MlNetDeep.Classical.Linear;

/// <summary>
/// A fitted linear model as a pipeline component: outputs w_k·x + b_k for each output k over a
/// Vector&lt;Single&gt; feature column, turned into ML.NET's columns by its <see cref="LinearTask"/>.
/// Weights and sums are double precision: a degree-9 polynomial fit has coefficients near 10⁶
/// whose terms cancel, which single precision would turn into noise. Scoring is managed SIMD
/// code (no native call), safe from several threads. Saved as JSON metadata plus the raw
/// little-endian weights, whose size and values are checked on load.
/// </summary>
public sealed class LinearModel : RowToRowTransformerBase, IModelComponent
{
    private readonly double[] _weights; // [Outputs, FeatureCount] row-major
    private readonly double[] _bias;    // [Outputs]
    private readonly PredictionColumns _columns;

    /// <summary>A model from weights [outputs × features] (row-major) and one bias per output.</summary>
    /// <exception cref="ArgumentException">The sizes disagree, a value is not finite, or the class names do not fit the task.</exception>
    public LinearModel(LinearTask task, string featureColumnName, int featureCount, double[] weights, double[] bias, IReadOnlyList<string>? classNames = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        if (!Enum.IsDefined(task)) throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task.");
        string[] names = classNames?.ToArray() ?? [];
        bool classes = task is LinearTask.MulticlassSoftmax or LinearTask.MulticlassMargin;
        if (classes ? names.Length < 2 : names.Length != 0)
            throw new ArgumentException(classes ? $"A {task} model needs at least 2 class names; got {names.Length}." : $"A {task} model takes no class names.", nameof(classNames));
        int outputs = classes ? names.Length : 1;
        if (bias.Length != outputs) throw new ArgumentException($"{outputs} outputs need {outputs} biases; got {bias.Length}.", nameof(bias));
        if (weights.LongLength != (long)outputs * featureCount)
            throw new ArgumentException($"{outputs} outputs of {featureCount} features need {(long)outputs * featureCount} weights; got {weights.Length}.", nameof(weights));
        if (!AllFinite(weights) || !AllFinite(bias))
            throw new ArgumentException("Weights and biases must be finite.", nameof(weights));
        (Task, FeatureColumnName, FeatureCount, _weights, _bias, ClassNames) = (task, featureColumnName, featureCount, weights, bias, names);
        _columns = new PredictionColumns(Kind(task), names, featureCount, Score);
    }

    private static bool AllFinite(ReadOnlySpan<double> v)
    {
        foreach (double x in v)
            if (!double.IsFinite(x)) return false;
        return true;
    }

    private static OutputKind Kind(LinearTask task) => task switch
    {
        LinearTask.BinaryLogistic => OutputKind.PositiveProbability,
        LinearTask.BinaryMargin => OutputKind.Margin,
        LinearTask.MulticlassSoftmax => OutputKind.ClassProbabilities,
        LinearTask.MulticlassMargin => OutputKind.ClassMargins,
        _ => OutputKind.Value,
    };

    /// <summary>How outputs become predictions.</summary>
    public LinearTask Task { get; }
    /// <summary>The feature column read.</summary>
    public string FeatureColumnName { get; }
    /// <summary>Features per example.</summary>
    public int FeatureCount { get; }
    /// <summary>Class names by class index (multiclass; empty otherwise).</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>Outputs per example: the class count (multiclass) or 1.</summary>
    public int Outputs => _bias.Length;
    /// <summary>The weights of output <paramref name="output"/> (one per feature).</summary>
    public ReadOnlySpan<double> Weights(int output) => _weights.AsSpan(checked(output * FeatureCount), FeatureCount);
    /// <summary>How the solver ended when the model was trained in this process (iterations, evaluations, why it stopped); not saved.</summary>
    public string? TrainingReport { get; init; }
    /// <summary>The biases (one per output).</summary>
    public IReadOnlyList<double> Bias => _bias;

    /// <summary>The prediction for one example: probabilities (softmax / sigmoid), margins or the value.</summary>
    public float[] Predict(ReadOnlySpan<float> example)
    {
        if (example.Length != FeatureCount) throw new ArgumentException($"An example has {FeatureCount} values; got {example.Length}.", nameof(example));
        var outputs = new float[Outputs];
        Score(example, outputs);
        return outputs;
    }

    private void Score(ReadOnlySpan<float> x, Span<float> outputs)
    {
        int n = FeatureCount;
        double[]? rented = n > 512 ? System.Buffers.ArrayPool<double>.Shared.Rent(n) : null;
        Span<double> xd = rented is null ? stackalloc double[n] : rented.AsSpan(0, n);
        Span<double> z = stackalloc double[outputs.Length];
        try
        {
            TensorPrimitives.ConvertChecked<float, double>(x, xd);
            for (int o = 0; o < z.Length; o++) z[o] = TensorPrimitives.Dot<double>(_weights.AsSpan(o * n, n), xd) + _bias[o];
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<double>.Shared.Return(rented);
        }
        if (Task == LinearTask.MulticlassSoftmax) TensorPrimitives.SoftMax<double>(z, z);
        else if (Task == LinearTask.BinaryLogistic) TensorPrimitives.Sigmoid<double>(z, z);
        for (int o = 0; o < z.Length; o++) outputs[o] = (float)z[o];
    }

    /// <inheritdoc />
    protected override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input) => _columns.Map(input, FeatureColumnName);

    /// <inheritdoc />
    public string ComponentName => ClassicalComponents.Linear;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("linear.json", new LinearState(Task, FeatureColumnName, FeatureCount, ClassNames.ToArray()), ClassicalJson.Default.LinearState);
        context.WriteBytes("weights.f64", RawValues.FromDoubles([.. _weights, .. _bias]));
    }

    internal sealed record LinearState(LinearTask Task, string FeatureColumnName, int FeatureCount, string[] ClassNames);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("linear.json", ClassicalJson.Default.LinearState);
        if (s.FeatureColumnName is not { Length: > 0 } || s.ClassNames is null) throw c.Error("linear.json", "feature column or class names missing");
        if (!Enum.IsDefined(s.Task)) throw c.Error("linear.json", $"unknown task {(int)s.Task}");
        if (s.FeatureCount <= 0) throw c.Error("linear.json", $"feature count {s.FeatureCount} is not positive");
        bool classes = s.Task is LinearTask.MulticlassSoftmax or LinearTask.MulticlassMargin;
        if (classes ? s.ClassNames.Length < 2 : s.ClassNames.Length != 0)
            throw c.Error("linear.json", $"{s.ClassNames.Length} class names for a {s.Task} model (it needs {(classes ? "at least 2" : "none")})");
        int outputs = classes ? s.ClassNames.Length : 1;
        byte[] bytes = c.ReadBytes("weights.f64");
        long expected = ((long)outputs * s.FeatureCount + outputs) * sizeof(double);
        if (bytes.LongLength != expected) throw c.Error("weights.f64", $"holds {bytes.LongLength} bytes; {outputs} outputs of {s.FeatureCount} features plus biases need {expected}");
        var values = RawValues.ToDoubles(bytes);
        int weights = outputs * s.FeatureCount;
        try
        {
            return new LinearModel(s.Task, s.FeatureColumnName, s.FeatureCount, values[..weights], values[weights..], s.ClassNames);
        }
        catch (ArgumentException e)
        {
            throw c.Error("weights.f64", e.Message);
        }
    }
}
