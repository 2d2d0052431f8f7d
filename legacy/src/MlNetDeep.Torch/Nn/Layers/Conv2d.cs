namespace MlNetDeep.Torch.Nn;

/// <summary>2-d convolution over [N, Cin, H, W] to [N, Cout, H', W'] with a square kernel.</summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    private readonly long _stride, _padding, _dilation, _groups;

    /// <summary>Creates the layer with PyTorch's default initialization.</summary>
    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, long dilation = 1, long groups = 1, bool bias = true)
    {
        ConvChecks.Validate(inChannels, outChannels, kernelSize, stride, padding, dilation, groups);
        (_stride, _padding, _dilation, _groups) = (stride, padding, dilation, groups);
        Weight = RegisterParameter("weight", Tensors.Empty([outChannels, inChannels / groups, kernelSize, kernelSize]));
        if (bias) Bias = RegisterParameter("bias", Tensors.Empty([outChannels]));
        Init.DefaultLayer(Weight, Bias);
    }

    /// <summary>[Cout, Cin/groups, K, K].</summary>
    public Tensor Weight { get; }
    /// <summary>[Cout], or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias, _stride, _padding, _dilation, _groups);
}
