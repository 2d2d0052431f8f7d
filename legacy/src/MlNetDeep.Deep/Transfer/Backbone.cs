using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Torch;
using MlNetDeep.Torch.IO;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Transfer;

/// <summary>
/// A trained network to start from: its spec and a copy of its weights (held as managed
/// bytes, so a backbone needs no disposing and can be shared). Made from a fitted deep model
/// (<see cref="FromModel"/>), a model zip (<see cref="FromModelFile"/>), a tensor file of
/// weights mapped onto one of our architectures (<see cref="FromWeights"/>) or a TorchScript
/// file saved by PyTorch (<see cref="FromTorchScript"/>). Fine-tuning
/// (<see cref="FineTuneCatalog"/>) and feature extraction build fresh networks from it.
/// </summary>
public sealed class Backbone
{
    private readonly byte[] _weights;

    private Backbone(NetworkSpec spec, IReadOnlyDictionary<string, Tensor> weights, string source)
        : this(spec, Serialize(weights), source) { }

    private Backbone(NetworkSpec spec, byte[] weights, string source) => (Spec, _weights, Source) = (spec, weights, source);

    private static byte[] Serialize(IReadOnlyDictionary<string, Tensor> weights)
    {
        using var buffer = new MemoryStream();
        TensorFile.Save(buffer, weights);
        return buffer.ToArray();
    }

    /// <summary>The network's spec.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>Where the backbone came from, for messages.</summary>
    public string Source { get; }

    /// <summary>The layers' names (see <see cref="NetworkLayers"/>), for freezing patterns and feature extraction.</summary>
    public IReadOnlyList<string> LayerNames => NetworkLayers.Names(Spec);

    /// <summary>
    /// The backbone of a fitted deep model: a neural classifier, regressor or multi-label model,
    /// or a fitted pipeline holding one (its last).
    /// </summary>
    /// <exception cref="ArgumentException">The model holds no neural network.</exception>
    public static Backbone FromModel(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var net = NeuralModelBase.FindLast<NeuralModelBase>(model) ?? throw new ArgumentException($"{model.GetType().Name} holds no neural network; a backbone comes from a fitted deep model (a neural classifier, regressor or multi-label model).", nameof(model));
        return new Backbone(net.Spec, net.Network.StateDict(), $"a fitted {net.GetType().Name}");
    }

    /// <summary>The backbone of the deep model in a model zip (read with the zip's hardened loader).</summary>
    /// <exception cref="Model.ModelFormatException">The file is not a valid model zip.</exception>
    /// <exception cref="ArgumentException">The zip holds no neural network.</exception>
    public static Backbone FromModelFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var model = new MLContext(0).Model.Load(path, out _);
        try
        {
            var b = FromModel(model);
            return new Backbone(b.Spec, b._weights, path);
        }
        catch (ArgumentException e) when (e.ParamName == "model")
        {
            throw new ArgumentException($"{path} holds no neural network; a backbone comes from a fitted deep model.", nameof(path), e);
        }
        finally
        {
            (model as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// Weights from a tensor file (ours, e.g. converted from a PyTorch state dict) onto
    /// <paramref name="spec"/>. <paramref name="nameMap"/> renames the file's tensors to the
    /// spec's (<c>0.weight</c>, <c>4.bias</c>, … as <see cref="Module.StateDict"/> names them): an
    /// exact key renames one tensor, a key ending in '.' renames a prefix (<c>"features." → ""</c>).
    /// Every weight of the spec must be found with its shape; file tensors left over are an error too.
    /// </summary>
    /// <exception cref="TensorFileException">The file is malformed.</exception>
    /// <exception cref="StateDictMismatchException">The weights do not fit the spec; missing, unexpected and mis-shaped names are listed.</exception>
    public static Backbone FromWeights(NetworkSpec spec, string path, IReadOnlyDictionary<string, string>? nameMap = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var contents = TensorFile.Load(path);
        using var net = Mapped(spec, contents.Tensors, nameMap, path);
        return new Backbone(spec, net.StateDict(), path);
    }

    /// <summary>
    /// A module saved by PyTorch's <c>torch.jit.save</c>, loaded through libtorch's JIT loader
    /// (<see cref="TorchScriptModule"/>), its weights mapped onto <paramref name="spec"/> as in
    /// <see cref="FromWeights"/>. The result is checked: on a seeded probe batch our network must
    /// compute what the script computes (both in evaluation mode), so a spec that does not
    /// describe the script — a wrong layer, order or activation — is an error, not a silently
    /// different model. From then on the backbone is ours: it fine-tunes and saves into model zips
    /// as our spec and weights, so no TorchScript code is ever stored in, or run from, a model zip.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a TorchScript archive.</exception>
    /// <exception cref="StateDictMismatchException">The script's weights do not fit the spec.</exception>
    /// <exception cref="ArgumentException">The spec computes something else than the script (the largest difference is given).</exception>
    public static Backbone FromTorchScript(string path, NetworkSpec spec, IReadOnlyDictionary<string, string>? nameMap = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var script = TorchScriptModule.Load(path);
        script.Eval();
        using var net = Mapped(spec, script.StateDict(), nameMap, path);
        net.Eval();
        using (Engine.NewDisposeScope())
        using (Engine.NoGrad())
        using (var g = new Generator(12345))
        {
            Tensor probe = Tensors.Rand([4, .. spec.InputShape.Select(d => (long)d)], generator: g);
            Tensor theirs, ours = net.Forward(probe);
            try
            {
                theirs = script.Forward(probe);
            }
            catch (TorchException e)
            {
                throw new ArgumentException($"{path}: the TorchScript module does not take a batch shaped [4, {string.Join(", ", spec.InputShape)}]: {e.Message}", e);
            }
            if (!theirs.Shape.AsSpan().SequenceEqual(ours.Shape))
                throw new ArgumentException($"{path}: the TorchScript module outputs [{string.Join(", ", theirs.Shape)}] for a probe batch, the spec [{string.Join(", ", ours.Shape)}]; the spec does not describe the module.");
            double diff = theirs.Sub(ours).Abs().Max().ToDouble(), scale = theirs.Abs().Max().ToDouble();
            if (!(diff <= 1e-4 * (1 + scale)))
                throw new ArgumentException($"{path}: the spec computes something else than the TorchScript module (largest difference {diff:G3} on a probe batch, outputs up to {scale:G3}); check the layers, their order and activations.");
        }
        return new Backbone(spec, net.StateDict(), path);
    }

    /// <summary><paramref name="spec"/> built with <paramref name="state"/>'s tensors renamed by <paramref name="nameMap"/>.</summary>
    private static Sequential Mapped(NetworkSpec spec, IReadOnlyDictionary<string, Tensor> state, IReadOnlyDictionary<string, string>? nameMap, string source)
    {
        var renamed = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in state)
        {
            string ours = Rename(name, nameMap);
            if (!renamed.TryAdd(ours, t)) throw new ArgumentException($"Two tensors of {source} map to '{ours}' (one is '{name}'); fix the name map.", nameof(nameMap));
        }
        var net = spec.Build();
        try
        {
            net.LoadStateDict(renamed);
            return net;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    private static string Rename(string name, IReadOnlyDictionary<string, string>? map)
    {
        if (map is null) return name;
        if (map.TryGetValue(name, out var exact)) return exact;
        var prefix = map.Where(kv => kv.Key.EndsWith('.') && name.StartsWith(kv.Key, StringComparison.Ordinal)).MaxBy(kv => kv.Key.Length);
        return prefix.Key is null ? name : prefix.Value + name[prefix.Key.Length..];
    }

    /// <summary>The weights as tensors (the caller disposes the contents).</summary>
    private TensorFileContents WeightContents() => TensorFile.Load(_weights, Source);

    /// <summary>Copies the weights of the layers <paramref name="layer"/> keeps (by index) into <paramref name="net"/>.</summary>
    /// <exception cref="StateDictMismatchException">They do not fit (with <paramref name="strict"/>, also a weight of <paramref name="net"/> left without one).</exception>
    internal void LoadInto(Sequential net, Func<int, bool> layer, bool strict = true)
    {
        using var contents = WeightContents();
        net.LoadStateDict(contents.Tensors.Where(kv => layer(NetworkLayers.LayerOf(kv.Key))).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), strict);
    }

    /// <summary>The backbone's network with its weights, in evaluation mode.</summary>
    public Sequential Build()
    {
        var net = Spec.Build();
        try
        {
            LoadInto(net, _ => true);
            net.Eval();
            return net;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }
}
