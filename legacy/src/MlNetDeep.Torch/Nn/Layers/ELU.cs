namespace MlNetDeep.Torch.Nn;

/// <summary>Activation layer: x if x &gt; 0 else alpha * (e^x - 1).</summary>
public sealed class ELU : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public ELU(double alpha = 1.0) => Alpha = alpha;

    /// <summary>Scale of the negative branch.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Elu(Alpha);
    }
}
