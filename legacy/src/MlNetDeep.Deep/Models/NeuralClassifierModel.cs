using MlNetDeep.Data;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Models;

/// <summary>
/// A fitted neural classifier: adds <c>Score</c> (class probabilities, a softmax of the
/// network's outputs, slot-named by class) and <c>PredictedLabel</c> (a key named by the
/// classes), plus <c>Embedding</c> when asked (see <see cref="NeuralModelBase"/>).
/// </summary>
public sealed class NeuralClassifierModel : NeuralModelBase
{
    /// <summary>Wraps a network (the model takes ownership) mapping one example to one score per class.</summary>
    /// <exception cref="ArgumentException">The network's output does not have one value per class.</exception>
    public NeuralClassifierModel(NetworkSpec spec, Sequential network, string featureColumnName, IReadOnlyList<string> classNames, bool outputEmbedding = false)
        : base(spec, network, featureColumnName, Count(classNames), Activation.Softmax, outputEmbedding) => ClassNames = classNames.ToArray();

    private static int Count(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count < 2) throw new ArgumentException($"A classifier needs at least 2 classes; got {classNames.Count}.", nameof(classNames));
        return classNames.Count;
    }

    /// <summary>The class names, by class index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    private protected override IEnumerable<(string, DataViewType, IReadOnlyDictionary<string, object>?, Func<Func<float[]>, Delegate>)> TaskColumns()
    {
        int k = ClassNames.Count;
        string[] names = ClassNames.ToArray();
        yield return ("Score", new VectorDataViewType(NumberDataViewType.Single, k), new Dictionary<string, object> { [AnnotationNames.SlotNames] = names },
            probs => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                float[] p = probs();
                float[] buf = dst.Reuse(k);
                p.CopyTo(buf, 0);
                dst = new VBuffer<float>(k, buf);
            }));
        yield return ("PredictedLabel", new KeyDataViewType((ulong)k), new Dictionary<string, object> { [AnnotationNames.KeyValues] = names },
            probs => (ValueGetter<uint>)((ref uint key) => key = (uint)RowMath.ArgMax(probs()) + 1));
    }

    /// <inheritdoc />
    public override string ComponentName => DeepComponents.NeuralClassifier;

    private protected override void SaveTask(ModelSaveContext context) => context.WriteJson("classes.json", ClassNames.ToArray(), DeepJson.Default.StringArray);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var classes = c.ReadJson("classes.json", j => j.GetArray(v => v.GetRequiredString())!);
        return LoadNetwork(c, (s, net) => new NeuralClassifierModel(s.Spec, net, s.FeatureColumnName, classes, s.OutputEmbedding));
    }
}
