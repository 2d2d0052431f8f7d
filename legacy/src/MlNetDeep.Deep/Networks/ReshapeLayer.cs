using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Networks;

/// <summary>Reshapes each example of a batch [N, ..] to [N, shape..] (a Reshape layer of a spec, e.g. a generator's Linear output to [C, H, W]).</summary>
public sealed class ReshapeLayer(int[] shape) : Module<Tensor, Tensor>
{
    private readonly long[] _shape = shape.Select(d => (long)d).ToArray();

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Reshape([input.Shape[0], .. _shape]);
    }
}
