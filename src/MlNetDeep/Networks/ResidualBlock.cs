using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetDeep.Networks;

/// <summary>
/// A basic residual block (He et al., 2016): conv 3x3 (stride) - batch norm - ReLU - conv 3x3 -
/// batch norm, added to a shortcut, then ReLU. The shortcut is the input itself when the channels
/// and stride are unchanged, else a 1x1 convolution with that stride and batch norm. Children are
/// named like torchvision's BasicBlock (conv1, bn1, conv2, bn2, downsample.0/.1), so PyTorch
/// weights map by name.
/// </summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // the field names are the children's names, as in torchvision
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly Sequential? downsample;
#pragma warning restore IDE1006

    /// <summary>Creates a block from <paramref name="inChannels"/> to <paramref name="outChannels"/> channels.</summary>
    public ResidualBlock(long inChannels, long outChannels, long stride = 1) : base(nameof(ResidualBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels);
        if (stride != 1 || inChannels != outChannels)
            downsample = nn.Sequential(nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false), nn.BatchNorm2d(outChannels));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var main = bn2.forward(conv2.forward(nn.functional.relu(bn1.forward(conv1.forward(input)))));
        var shortcut = downsample is null ? input : downsample.forward(input);
        return nn.functional.relu(main + shortcut).MoveToOuterDisposeScope();
    }
}
