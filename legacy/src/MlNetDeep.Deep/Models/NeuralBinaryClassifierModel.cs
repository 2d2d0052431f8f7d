using MlNetDeep.Data;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Models;

/// <summary>
/// A fitted neural binary classifier (one output logit): adds <c>Probability</c> (sigmoid of
/// the logit), <c>Score</c> (the logit, ML.NET's raw score) and <c>PredictedLabel</c>
/// (Boolean: probability &gt; 0.5), plus <c>Embedding</c> when asked.
/// </summary>
public sealed class NeuralBinaryClassifierModel : NeuralModelBase
{
    /// <summary>Wraps a network (the model takes ownership) with one output.</summary>
    public NeuralBinaryClassifierModel(NetworkSpec spec, Sequential network, string featureColumnName, bool outputEmbedding = false)
        : base(spec, network, featureColumnName, 1, Activation.Sigmoid, outputEmbedding) { }

    private protected override IEnumerable<(string, DataViewType, IReadOnlyDictionary<string, object>?, Func<Func<float[]>, Delegate>)> TaskColumns()
    {
        yield return ("Probability", NumberDataViewType.Single, null, p => (ValueGetter<float>)((ref float v) => v = p()[0]));
        yield return ("Score", NumberDataViewType.Single, null, p => (ValueGetter<float>)((ref float v) =>
        {
            float q = Math.Clamp(p()[0], 1e-7f, 1 - 1e-7f);
            v = MathF.Log(q / (1 - q));
        }));
        yield return ("PredictedLabel", BooleanDataViewType.Instance, null, p => (ValueGetter<bool>)((ref bool v) => v = p()[0] > 0.5f));
    }

    /// <inheritdoc />
    public override string ComponentName => DeepComponents.NeuralBinaryClassifier;

    private protected override void SaveTask(ModelSaveContext context) { }

    internal static ITransformer Load(ModelLoadContext c) =>
        LoadNetwork(c, (s, net) => new NeuralBinaryClassifierModel(s.Spec, net, s.FeatureColumnName, s.OutputEmbedding));
}
