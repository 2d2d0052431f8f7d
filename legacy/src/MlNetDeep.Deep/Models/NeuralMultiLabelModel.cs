using MlNetDeep.Data;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Models;

/// <summary>
/// A fitted neural multi-label classifier (one logit per label): adds <c>Score</c> (a sigmoid
/// probability per label) and <c>PredictedLabel</c> (Vector&lt;Boolean&gt;: probability &gt; 0.5),
/// plus <c>Embedding</c> when asked.
/// </summary>
public sealed class NeuralMultiLabelModel : NeuralModelBase
{
    /// <summary>Wraps a network (the model takes ownership) with one output per label.</summary>
    public NeuralMultiLabelModel(NetworkSpec spec, Sequential network, string featureColumnName, int labels, bool outputEmbedding = false)
        : base(spec, network, featureColumnName, labels, Activation.Sigmoid, outputEmbedding) { }

    private protected override IEnumerable<(string, DataViewType, IReadOnlyDictionary<string, object>?, Func<Func<float[]>, Delegate>)> TaskColumns()
    {
        int k = Outputs;
        yield return ("Score", new VectorDataViewType(NumberDataViewType.Single, k), null, p => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
        {
            float[] v = p();
            float[] buf = dst.Reuse(k);
            v.CopyTo(buf, 0);
            dst = new VBuffer<float>(k, buf);
        }));
        yield return ("PredictedLabel", new VectorDataViewType(BooleanDataViewType.Instance, k), null, p => (ValueGetter<VBuffer<bool>>)((ref VBuffer<bool> dst) =>
        {
            float[] v = p();
            bool[] buf = dst.Reuse(k);
            for (int i = 0; i < k; i++) buf[i] = v[i] > 0.5f;
            dst = new VBuffer<bool>(k, buf);
        }));
    }

    /// <inheritdoc />
    public override string ComponentName => DeepComponents.NeuralMultiLabel;

    private protected override void SaveTask(ModelSaveContext context) { }

    internal static ITransformer Load(ModelLoadContext c) =>
        LoadNetwork(c, (s, net) => new NeuralMultiLabelModel(s.Spec, net, s.FeatureColumnName, checked((int)s.Spec.OutputShape(net)[0]), s.OutputEmbedding));
}
