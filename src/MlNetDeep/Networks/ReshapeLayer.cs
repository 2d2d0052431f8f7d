using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Networks;

/// <summary>Reshapes each example of a batch [N, ..] to [N, shape..] (a Reshape layer of a spec, e.g. a generator's Linear output to [C, H, W]).</summary>
public sealed class ReshapeLayer : nn.Module<Tensor, Tensor>
{
    private readonly long[] _shape;

    /// <summary>Creates the layer for one example's new <paramref name="shape"/>.</summary>
    public ReshapeLayer(IReadOnlyList<int> shape) : base(nameof(ReshapeLayer))
    {
        ArgumentNullException.ThrowIfNull(shape);
        _shape = shape.Select(d => (long)d).ToArray();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => input.reshape([input.shape[0], .. _shape]);
}
