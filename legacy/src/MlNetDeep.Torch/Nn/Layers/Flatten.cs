namespace MlNetDeep.Torch.Nn;

/// <summary>Merges dimensions start..end (default: all but the batch dimension) into one.</summary>
public sealed class Flatten : Module<Tensor, Tensor>
{
    private readonly long _start, _end;

    /// <summary>Creates the layer.</summary>
    public Flatten(long startDim = 1, long endDim = -1) => (_start, _end) = (startDim, endDim);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Flatten(_start, _end);
    }
}
