namespace MlNetDeep.Torch.Nn;

/// <summary>Activation layer: softmax along a dimension.</summary>
public sealed class Softmax : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public Softmax(long dim) => Dim = dim;

    /// <summary>Dimension normalized.</summary>
    public long Dim { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Softmax(Dim);
    }
}
