using MlNetDeep.Data;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Models;

/// <summary>
/// A fitted neural regressor: adds <c>Score</c>, a Single for one output (ML.NET's regression
/// column) or a Vector&lt;Single&gt; for several — the network's raw outputs — plus
/// <c>Embedding</c> when asked (see <see cref="NeuralModelBase"/>).
/// </summary>
public sealed class NeuralRegressionModel : NeuralModelBase
{
    /// <summary>Wraps a network (the model takes ownership) with <paramref name="outputs"/> outputs.</summary>
    public NeuralRegressionModel(NetworkSpec spec, Sequential network, string featureColumnName, int outputs = 1, bool outputEmbedding = false)
        : base(spec, network, featureColumnName, outputs, Activation.None, outputEmbedding) { }

    private protected override IEnumerable<(string, DataViewType, IReadOnlyDictionary<string, object>?, Func<Func<float[]>, Delegate>)> TaskColumns()
    {
        int k = Outputs;
        if (k == 1)
        {
            yield return ("Score", NumberDataViewType.Single, null, outputs => (ValueGetter<float>)((ref float y) => y = outputs()[0]));
            yield break;
        }
        yield return ("Score", new VectorDataViewType(NumberDataViewType.Single, k), null, outputs => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
        {
            float[] o = outputs();
            float[] buf = dst.Reuse(k);
            o.CopyTo(buf, 0);
            dst = new VBuffer<float>(k, buf);
        }));
    }

    /// <inheritdoc />
    public override string ComponentName => DeepComponents.NeuralRegression;

    private protected override void SaveTask(ModelSaveContext context) { }

    internal static ITransformer Load(ModelLoadContext c) =>
        LoadNetwork(c, (s, net) => new NeuralRegressionModel(s.Spec, net, s.FeatureColumnName, checked((int)s.Spec.OutputShape(net)[0]), s.OutputEmbedding));
}
