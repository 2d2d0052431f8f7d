using MlNetDeep.Catalogs;
using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Transfer;

/// <summary>
/// Runs a frozen network up to a named layer and outputs that layer's activations, flattened,
/// as a Vector&lt;Single&gt; column, so "CNN features + SVM" or "+ XGBoost" is an ordinary
/// pipeline. Fitting reads nothing: it only checks the input column.
/// </summary>
public sealed class NetworkFeaturesEstimator : IEstimator<NetworkFeaturesModel>
{
    private readonly Backbone _backbone;
    private readonly int _layer;
    private readonly string _output, _input;

    internal NetworkFeaturesEstimator(Backbone backbone, string? layerName, string outputColumnName, string inputColumnName)
    {
        _backbone = backbone;
        _layer = layerName is null ? DefaultLayer(backbone.Spec) : NetworkLayers.IndexOf(backbone.Spec, layerName);
        (_output, _input) = (outputColumnName, inputColumnName);
    }

    /// <summary>The last layer below the head (the activations the head reads).</summary>
    private static int DefaultLayer(NetworkSpec spec)
    {
        int[] blocks = NetworkLayers.Blocks(spec);
        int head = Array.IndexOf(blocks, blocks[^1]);
        return head > 0 ? head - 1 : throw new ArgumentException("The network has a single block; name the layer whose activations to output.");
    }

    /// <inheritdoc />
    public NetworkFeaturesModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = _backbone.Spec with { Layers = _backbone.Spec.Layers[..(_layer + 1)] };
        var net = spec.Build();
        try
        {
            _backbone.LoadInto(net, layer => layer <= _layer);
            var model = new NetworkFeaturesModel(spec, net, NetworkLayers.Names(_backbone.Spec)[_layer], _output, _input);
            model.GetOutputSchema(input.Schema);
            return model;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.RequireSingleVector(_input);
        return inputSchema.With(new SchemaShape.Column(_output, SchemaShape.VectorKind.Vector, NumberDataViewType.Single));
    }
}

/// <summary>
/// A frozen network truncated after one layer; adds that layer's flattened activations as a
/// column. Saved in the model zip as the truncated network's spec and weights.
/// </summary>
public sealed class NetworkFeaturesModel : RowToRowTransformerBase, IModelComponent, IDisposable
{
    private readonly Sequential _net;
    private readonly long[] _inputShape;

    internal NetworkFeaturesModel(NetworkSpec spec, Sequential net, string layerName, string outputColumnName, string inputColumnName)
    {
        (Spec, _net, LayerName, OutputColumnName, InputColumnName) = (spec, net, layerName, outputColumnName, inputColumnName);
        _net.Eval();
        _inputShape = spec.InputShape.Select(d => (long)d).ToArray();
        InputSize = spec.InputShape.Aggregate(1, (a, b) => checked(a * b));
        OutputSize = checked((int)NetworkShapes.Of(spec).OutputShape.Aggregate(1L, (a, b) => a * b));
    }

    /// <summary>The truncated network's spec (the layers up to <see cref="LayerName"/>).</summary>
    public NetworkSpec Spec { get; }
    /// <summary>The layer whose activations are output.</summary>
    public string LayerName { get; }
    /// <summary>The column added.</summary>
    public string OutputColumnName { get; }
    /// <summary>The column of network inputs read.</summary>
    public string InputColumnName { get; }
    /// <summary>Values per input example.</summary>
    public int InputSize { get; }
    /// <summary>Values per output vector.</summary>
    public int OutputSize { get; }

    /// <summary>The activations of one example.</summary>
    public float[] Extract(ReadOnlySpan<float> example)
    {
        if (example.Length != InputSize) throw new ArgumentException($"An example has {InputSize} values; got {example.Length}.", nameof(example));
        var result = new float[OutputSize];
        using var scope = Engine.NewDisposeScope();
        using var noGrad = Engine.NoGrad();
        _net.Forward(Tensor.FromSpan(example, [1, .. _inputShape])).CopyTo<float>(result);
        return result;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input)
    {
        var col = input.RequireSingleVector(InputColumnName, InputSize);
        return
        [
            new(OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, OutputSize), null, [col], cursor =>
            {
                var get = cursor.GetGetter<VBuffer<float>>(col);
                var x = default(VBuffer<float>);
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    get(ref x);
                    dst = new VBuffer<float>(OutputSize, Extract(x.GetValues()));
                });
            }),
        ];
    }

    /// <inheritdoc />
    public string ComponentName => DeepComponents.NetworkFeatures;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("network.json", new NeuralModelBase.NetworkState(Spec, InputColumnName, false), DeepJson.Default.NetworkState);
        context.WriteTensors("weights.mndt", _net.StateDict());
        context.WriteJson("features.json", new[] { LayerName, OutputColumnName }, DeepJson.Default.StringArray);
    }

    internal static ITransformer Load(ModelLoadContext c)
    {
        var names = c.ReadJson("features.json", j => j.GetArray(v => v.GetRequiredString()));
        if (names is not [var layer, var output] || output.Length == 0) throw c.Error("features.json", "expected [layer name, output column name]");
        return NeuralModelBase.LoadNetwork(c, (s, net) => new NetworkFeaturesModel(s.Spec, net, layer, output, s.FeatureColumnName));
    }

    /// <summary>Releases the network.</summary>
    public void Dispose() => _net.Dispose();
}

/// <summary>Feature extraction on <c>ctx.Transforms</c>.</summary>
public static class NetworkFeaturesCatalog
{
    /// <summary>
    /// Outputs the activations of <paramref name="backbone"/>'s layer <paramref name="layerName"/>
    /// (see <see cref="Backbone.LayerNames"/>; null: the last layer below the head) for the network
    /// inputs in <paramref name="inputColumnName"/> (default: <paramref name="outputColumnName"/>, which the features then replace).
    /// </summary>
    public static NetworkFeaturesEstimator ExtractNetworkFeatures(this TransformsCatalog catalog, Backbone backbone, string? layerName = null,
        string outputColumnName = "Features", string? inputColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        return new NetworkFeaturesEstimator(backbone, layerName, outputColumnName, inputColumnName ?? outputColumnName);
    }

    /// <summary>As above, with the deep model in the model zip at <paramref name="backbonePath"/> (the form a pipeline spec writes).</summary>
    public static NetworkFeaturesEstimator ExtractNetworkFeatures(this TransformsCatalog catalog, string backbonePath, string? layerName = null,
        string outputColumnName = "Features", string? inputColumnName = null) =>
        ExtractNetworkFeatures(catalog, Backbone.FromModelFile(backbonePath), layerName, outputColumnName, inputColumnName);
}
