namespace MlNetDeep.Torch.Nn;

/// <summary>Activation layer: Gaussian error linear unit.</summary>
public sealed class GELU : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public GELU(bool tanhApproximation = false) => TanhApproximation = tanhApproximation;

    /// <summary>Whether the tanh approximation is used.</summary>
    public bool TanhApproximation { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Gelu(TanhApproximation);
    }
}
