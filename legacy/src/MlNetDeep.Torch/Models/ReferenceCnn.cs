using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Torch.Models;

/// <summary>
/// The project's reference CNN for 28x28 grey images (used by the main job and the engine
/// benchmark, and mirrored layer for layer by benchmarks/peers/engine.py):
/// conv3x3(32)-BN-ReLU-maxpool2, conv3x3(64)-BN-ReLU-maxpool2, FC128-ReLU-dropout(0.3), FC(classes).
/// Input [N, 1, 28, 28]; output logits [N, classes].
/// </summary>
public sealed class ReferenceCnn : Module<Tensor, Tensor>
{
    private readonly Sequential _net;

    /// <summary>Creates the network with PyTorch's default initialization (from the global generator).</summary>
    public ReferenceCnn(int classes = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        _net = RegisterModule("net", new Sequential(
            new Conv2d(1, 32, 3, padding: 1), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
            new Conv2d(32, 64, 3, padding: 1), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
            new Flatten(),
            new Linear(64 * 7 * 7, 128), new ReLU(), new Dropout(0.3),
            new Linear(128, classes)));
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => _net.Forward(input);
}
