namespace MlNetDeep.Torch.Nn;

/// <summary>
/// Runs child modules one after another. Children are named "0", "1", ... (or as given),
/// matching PyTorch's nn.Sequential state-dict names. Intermediate outputs are disposed as
/// soon as the next module has consumed them.
/// </summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly List<Module<Tensor, Tensor>> _layers = new();

    /// <summary>Creates a sequence of <paramref name="layers"/>, named by position.</summary>
    public Sequential(params Module<Tensor, Tensor>[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers) Append(layer);
    }

    /// <summary>Creates a sequence of named layers.</summary>
    public Sequential(params (string Name, Module<Tensor, Tensor> Layer)[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var (name, layer) in layers) Append(name, layer);
    }

    /// <summary>Number of layers.</summary>
    public int Count => _layers.Count;

    /// <summary>The layer at <paramref name="index"/>.</summary>
    public Module<Tensor, Tensor> this[int index] => _layers[index];

    /// <summary>Appends a layer named by its position.</summary>
    public Sequential Append(Module<Tensor, Tensor> layer) => Append(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);

    /// <summary>Appends a named layer.</summary>
    public Sequential Append(string name, Module<Tensor, Tensor> layer)
    {
        _layers.Add(RegisterModule(name, layer));
        return this;
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor x = input;
        foreach (var layer in _layers)
        {
            Tensor y = layer.Forward(x);
            if (!ReferenceEquals(x, input) && !ReferenceEquals(x, y)) x.Dispose();
            x = y;
        }
        return ReferenceEquals(x, input) ? input.Alias() : x;
    }
}
