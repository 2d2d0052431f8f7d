using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Networks;

/// <summary>
/// A basic residual block (He et al., 2016): conv 3x3 (stride) - batch norm - ReLU - conv 3x3 -
/// batch norm, added to a shortcut, then ReLU. The shortcut is the input itself when the
/// channels and stride are unchanged, else a 1x1 convolution with that stride and batch norm.
/// Children are named like torchvision's BasicBlock: conv1, bn1, conv2, bn2, and downsample.0/.1.
/// </summary>
public sealed class ResidualBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d _conv1, _conv2;
    private readonly BatchNorm2d _bn1, _bn2;
    private readonly Sequential? _downsample;

    /// <summary>Creates a block from <paramref name="inChannels"/> to <paramref name="outChannels"/>.</summary>
    public ResidualBlock(long inChannels, long outChannels, long stride = 1)
    {
        _conv1 = RegisterModule("conv1", new Conv2d(inChannels, outChannels, 3, stride, 1, bias: false));
        _bn1 = RegisterModule("bn1", new BatchNorm2d(outChannels));
        _conv2 = RegisterModule("conv2", new Conv2d(outChannels, outChannels, 3, 1, 1, bias: false));
        _bn2 = RegisterModule("bn2", new BatchNorm2d(outChannels));
        if (stride != 1 || inChannels != outChannels)
            _downsample = RegisterModule("downsample", new Sequential(new Conv2d(inChannels, outChannels, 1, stride, 0, bias: false), new BatchNorm2d(outChannels)));
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var c1 = _conv1.Forward(input);
        using var b1 = _bn1.Forward(c1);
        using var r1 = b1.Relu();
        using var c2 = _conv2.Forward(r1);
        using var b2 = _bn2.Forward(c2);
        using var shortcut = _downsample is null ? input.Alias() : _downsample.Forward(input);
        using var sum = b2 + shortcut;
        return sum.Relu();
    }
}
