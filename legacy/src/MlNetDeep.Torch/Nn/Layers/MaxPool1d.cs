namespace MlNetDeep.Torch.Nn;

/// <summary>1-d max pooling over [N, C, L]; the stride defaults to the kernel size.</summary>
public sealed class MaxPool1d : Module<Tensor, Tensor>
{
    private readonly long _kernel, _stride, _padding;

    /// <summary>Creates the layer.</summary>
    public MaxPool1d(long kernelSize, long? stride = null, long padding = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        (_kernel, _stride, _padding) = (kernelSize, stride ?? kernelSize, padding);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.MaxPool1d(input, _kernel, _stride, _padding);
}
