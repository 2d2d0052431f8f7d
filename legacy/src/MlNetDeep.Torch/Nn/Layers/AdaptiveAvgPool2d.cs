namespace MlNetDeep.Torch.Nn;

/// <summary>Average pooling of [N, C, H, W] to a fixed [N, C, h, w], whatever H and W are.</summary>
public sealed class AdaptiveAvgPool2d : Module<Tensor, Tensor>
{
    private readonly long _h, _w;

    /// <summary>Creates the layer with output size h x w.</summary>
    public AdaptiveAvgPool2d(long outputHeight, long outputWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputWidth);
        (_h, _w) = (outputHeight, outputWidth);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool2d(input, _h, _w);
}
