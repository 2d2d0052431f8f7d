namespace MlNetDeep.Torch.Nn;

/// <summary>2-d transposed convolution (upsampling, as in DCGAN generators) with a square kernel.</summary>
public sealed class ConvTranspose2d : Module<Tensor, Tensor>
{
    private readonly long _stride, _padding, _outputPadding, _dilation, _groups;

    /// <summary>Creates the layer with PyTorch's default initialization.</summary>
    public ConvTranspose2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, long outputPadding = 0,
        long groups = 1, bool bias = true, long dilation = 1)
    {
        ConvChecks.Validate(inChannels, outChannels, kernelSize, stride, padding, dilation, groups);
        if (outputPadding < 0 || (outputPadding >= stride && outputPadding >= dilation))
            throw new ArgumentOutOfRangeException(nameof(outputPadding), outputPadding, "Output padding must be smaller than the stride or the dilation.");
        (_stride, _padding, _outputPadding, _dilation, _groups) = (stride, padding, outputPadding, dilation, groups);
        Weight = RegisterParameter("weight", Tensors.Empty([inChannels, outChannels / groups, kernelSize, kernelSize]));
        if (bias) Bias = RegisterParameter("bias", Tensors.Empty([outChannels]));
        Init.DefaultLayer(Weight, Bias);
    }

    /// <summary>[Cin, Cout/groups, K, K].</summary>
    public Tensor Weight { get; }
    /// <summary>[Cout], or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) =>
        Functional.ConvTranspose2d(input, Weight, Bias, _stride, _padding, _outputPadding, _groups, _dilation);
}
