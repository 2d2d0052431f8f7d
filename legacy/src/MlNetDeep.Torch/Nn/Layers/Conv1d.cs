namespace MlNetDeep.Torch.Nn;

/// <summary>1-d convolution over [N, Cin, L] to [N, Cout, L'].</summary>
public sealed class Conv1d : Module<Tensor, Tensor>
{
    private readonly long _stride, _padding, _dilation, _groups;

    /// <summary>Creates the layer with PyTorch's default initialization.</summary>
    public Conv1d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, long dilation = 1, long groups = 1, bool bias = true)
    {
        ConvChecks.Validate(inChannels, outChannels, kernelSize, stride, padding, dilation, groups);
        (_stride, _padding, _dilation, _groups) = (stride, padding, dilation, groups);
        Weight = RegisterParameter("weight", Tensors.Empty([outChannels, inChannels / groups, kernelSize]));
        if (bias) Bias = RegisterParameter("bias", Tensors.Empty([outChannels]));
        Init.DefaultLayer(Weight, Bias);
    }

    /// <summary>[Cout, Cin/groups, K].</summary>
    public Tensor Weight { get; }
    /// <summary>[Cout], or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Conv1d(input, Weight, Bias, _stride, _padding, _dilation, _groups);
}
