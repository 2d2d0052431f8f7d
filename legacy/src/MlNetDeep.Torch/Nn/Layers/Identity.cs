namespace MlNetDeep.Torch.Nn;

/// <summary>Activation layer: Returns its input (as a new handle to the same tensor).</summary>
public sealed class Identity : Module<Tensor, Tensor>
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Alias();
    }
}
