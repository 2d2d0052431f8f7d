namespace MlNetDeep.Torch.Nn;

/// <summary>2-d average pooling over [N, C, H, W]; the stride defaults to the kernel size.</summary>
public sealed class AvgPool2d : Module<Tensor, Tensor>
{
    private readonly long _kernel, _stride, _padding;

    /// <summary>Creates the layer.</summary>
    public AvgPool2d(long kernelSize, long? stride = null, long padding = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        (_kernel, _stride, _padding) = (kernelSize, stride ?? kernelSize, padding);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.AvgPool2d(input, _kernel, _stride, _padding);
}
