using MlNetDeep.Data;
using MlNetDeep.Model;

namespace MlNetDeep.Classical.Svm;

/// <summary>
/// A fitted libsvm model as a pipeline component. Multiclass: <c>Score</c> holds one-vs-one votes
/// per class (or probabilities when trained with them) and <c>PredictedLabel</c> the class with
/// most (ties to the lower class index, as in scikit-learn). Binary: <c>Score</c> is the decision
/// value (positive for true) and <c>PredictedLabel</c> its sign, or with probabilities
/// <c>Probability</c>, its logit and a 0.5 threshold. Regression: <c>Score</c>. One-class:
/// <c>Score</c> is the negated decision value (higher is more anomalous) and <c>PredictedLabel</c>
/// true for anomalies. Saved as arrays (support vectors, coefficients, rho, probability
/// parameters) that the loader checks before it rebuilds the libsvm model in native memory;
/// libsvm's own model files are never read.
/// </summary>
public sealed class SvmModel : RowToRowTransformerBase, IModelComponent, IDisposable
{
    private readonly SvmNativeModel _native;
    private readonly PredictionColumns _columns;
    private readonly int _positive; // binary: libsvm's index of the label "true"

    internal SvmModel(SvmTask task, string featureColumnName, int featureCount, IReadOnlyList<string> classNames, SvmParts parts)
    {
        (Task, FeatureColumnName, FeatureCount, ClassNames) = (task, featureColumnName, featureCount, classNames.ToArray());
        HasProbabilities = parts.ProbA is not null && task is SvmTask.Binary or SvmTask.Multiclass;
        _native = new SvmNativeModel(parts, featureCount);
        _positive = task == SvmTask.Binary ? Array.IndexOf(parts.Labels, 1) : -1;
        _columns = new PredictionColumns(Kind(task, HasProbabilities), ClassNames, featureCount, Score);
    }

    internal static OutputKind Kind(SvmTask task, bool probabilities) => task switch
    {
        SvmTask.Multiclass => probabilities ? OutputKind.ClassProbabilities : OutputKind.ClassMargins,
        SvmTask.Binary => probabilities ? OutputKind.PositiveProbability : OutputKind.Margin,
        SvmTask.OneClass => OutputKind.Margin,
        _ => OutputKind.Value,
    };

    /// <summary>What the model predicts.</summary>
    public SvmTask Task { get; }
    /// <summary>The feature column read.</summary>
    public string FeatureColumnName { get; }
    /// <summary>Features per example.</summary>
    public int FeatureCount { get; }
    /// <summary>Class names by class index (multiclass; empty otherwise).</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>Whether the model was trained with probability estimates.</summary>
    public bool HasProbabilities { get; }
    /// <summary>Support vectors kept.</summary>
    public int SupportVectorCount => _native.Parts.SupportVectorCount;
    /// <summary>The kernel γ used (after resolving "scale").</summary>
    public double Gamma => _native.Parts.Gamma;

    /// <summary>The outputs for one example (votes or probabilities per class, the positive probability, or one value).</summary>
    public float[] Predict(ReadOnlySpan<float> example)
    {
        if (example.Length != FeatureCount) throw new ArgumentException($"An example has {FeatureCount} values; got {example.Length}.", nameof(example));
        var outputs = new float[_columns.Outputs];
        Score(example, outputs);
        return outputs;
    }

    private void Score(ReadOnlySpan<float> x, Span<float> outputs)
    {
        var parts = _native.Parts;
        int k = parts.NrClass;
        if (HasProbabilities)
        {
            Span<double> p = stackalloc double[k];
            Span<double> unused = stackalloc double[Math.Max(parts.Pairs, 1)];
            _native.Predict(x, unused, p);
            if (Task == SvmTask.Binary) outputs[0] = (float)p[_positive];
            else for (int i = 0; i < k; i++) outputs[parts.Labels[i]] = (float)p[i];
            return;
        }
        Span<double> decisions = stackalloc double[Math.Max(parts.Pairs, 1)];
        _native.Predict(x, decisions);
        switch (Task)
        {
            case SvmTask.Multiclass:
                outputs.Clear();
                // libsvm's one-vs-one order: pairs (i, j), i < j, over its label order.
                for (int i = 0, pair = 0; i < k; i++)
                    for (int j = i + 1; j < k; j++, pair++)
                        outputs[decisions[pair] > 0 ? parts.Labels[i] : parts.Labels[j]]++;
                break;
            case SvmTask.Binary:
                outputs[0] = (float)(_positive == 0 ? decisions[0] : -decisions[0]);
                break;
            case SvmTask.OneClass:
                outputs[0] = (float)-decisions[0];
                break;
            default:
                outputs[0] = (float)decisions[0];
                break;
        }
    }

    /// <inheritdoc />
    protected override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input) => _columns.Map(input, FeatureColumnName);

    /// <inheritdoc />
    public string ComponentName => ClassicalComponents.Svm;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var p = _native.Parts;
        context.WriteJson("svm.json", new SvmState(Task, FeatureColumnName, FeatureCount, ClassNames.ToArray(), p.SvmType, p.KernelType, p.Degree, p.Gamma, p.Coef0,
            p.NrClass, p.Labels, p.SupportVectorsPerClass, p.Rho, p.ProbA, p.ProbB, p.SupportVectorCount), ClassicalJson.Default.SvmState);
        context.WriteBytes("support_vectors.f32", RawValues.FromSingles(p.SupportVectors));
        context.WriteBytes("coefficients.f64", RawValues.FromDoubles(p.Coefficients));
    }

    internal sealed record SvmState(SvmTask Task, string FeatureColumnName, int FeatureCount, string[] ClassNames, int SvmType, int KernelType, int Degree,
        double Gamma, double Coef0, int NrClass, int[] Labels, int[] SupportVectorsPerClass, double[] Rho, double[]? ProbA, double[]? ProbB, int SupportVectorCount);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("svm.json", ClassicalJson.Default.SvmState);
        if (s.FeatureColumnName is not { Length: > 0 } || s.ClassNames is null || s.Labels is null || s.SupportVectorsPerClass is null || s.Rho is null)
            throw c.Error("svm.json", "a field is missing");
        if (!Enum.IsDefined(s.Task)) throw c.Error("svm.json", $"unknown task {(int)s.Task}");
        if (s.FeatureCount <= 0) throw c.Error("svm.json", $"feature count {s.FeatureCount} is not positive");
        int expectedType = s.Task switch { SvmTask.Regression => SvmNative.EpsilonSvr, SvmTask.OneClass => SvmNative.OneClass, _ => SvmNative.CSvc };
        if (s.SvmType != expectedType) throw c.Error("svm.json", $"svm type {s.SvmType} does not fit a {s.Task} model");
        if (s.Task == SvmTask.Multiclass ? s.ClassNames.Length < 2 : s.ClassNames.Length != 0)
            throw c.Error("svm.json", $"{s.ClassNames.Length} class names for a {s.Task} model");
        long svBytes = (long)s.SupportVectorCount * s.FeatureCount * sizeof(float);
        byte[] sv = c.ReadBytes("support_vectors.f32");
        if (s.SupportVectorCount < 0 || sv.LongLength != svBytes) throw c.Error("support_vectors.f32", $"holds {sv.LongLength} bytes; {s.SupportVectorCount} vectors of {s.FeatureCount} values need {svBytes}");
        byte[] coefficients = c.ReadBytes("coefficients.f64");
        if (coefficients.Length % sizeof(double) != 0) throw c.Error("coefficients.f64", $"holds {coefficients.Length} bytes, not a whole number of doubles");
        var parts = new SvmParts
        {
            SvmType = s.SvmType, KernelType = s.KernelType, Degree = s.Degree, Gamma = s.Gamma, Coef0 = s.Coef0, NrClass = s.NrClass,
            Labels = s.Labels, SupportVectorsPerClass = s.SupportVectorsPerClass, Rho = s.Rho, ProbA = s.ProbA, ProbB = s.ProbB,
            SupportVectorCount = s.SupportVectorCount, SupportVectors = RawValues.ToSingles(sv), Coefficients = RawValues.ToDoubles(coefficients),
        };
        int classes = s.Task switch { SvmTask.Multiclass => s.ClassNames.Length, SvmTask.Binary => 2, _ => 0 };
        try
        {
            parts.Check(s.FeatureCount, classes);
        }
        catch (FormatException e)
        {
            throw c.Error("svm.json", e.Message);
        }
        if (s.Task == SvmTask.OneClass && parts.ProbA is not null) throw c.Error("svm.json", "a one-class model has no probability parameters");
        return new SvmModel(s.Task, s.FeatureColumnName, s.FeatureCount, s.ClassNames, parts);
    }

    /// <summary>Frees the native model.</summary>
    public void Dispose() => _native.Dispose();
}
