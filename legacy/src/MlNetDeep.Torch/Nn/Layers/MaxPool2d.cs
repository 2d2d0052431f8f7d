namespace MlNetDeep.Torch.Nn;

/// <summary>2-d max pooling over [N, C, H, W]; the stride defaults to the kernel size.</summary>
public sealed class MaxPool2d : Module<Tensor, Tensor>
{
    private readonly long _kernel, _stride, _padding;
    private readonly bool _ceilMode;

    /// <summary>Creates the layer.</summary>
    public MaxPool2d(long kernelSize, long? stride = null, long padding = 0, bool ceilMode = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        (_kernel, _stride, _padding, _ceilMode) = (kernelSize, stride ?? kernelSize, padding, ceilMode);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.MaxPool2d(input, _kernel, _stride, _padding, 1, _ceilMode);
}
