using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Networks;

/// <summary>
/// The module <see cref="NetworkSpec.Build"/> returns: its layers in order, as children "0", "1", …
/// (the names PyTorch's and TorchSharp's nn.Sequential give them, so weights keep the same names),
/// run like TorchSharp's Sequential. On the CPU it also moves convolution outputs to the
/// channels-last memory layout (the tensor keeps its logical [B, C, H, W] shape and values; only
/// its strides change), which every later convolution, batch norm, activation and pooling layer
/// keeps.
/// </summary>
/// <remarks>
/// Why: libtorch's CPU max- and average-pooling kernels are vectorized over channels only in
/// channels-last layout. Measured here (libtorch 2.10, 2 threads, batch 128): max-pool 2 of the
/// reference CNN's first block, [128, 32, 28, 28], took 9.4 ms forward in the default layout and
/// 1.0 ms in channels-last; the reference CNN's forward pass fell from 27 to 12 ms, its training
/// step from 49 to about 34 ms. TorchSharp 0.107 exposes no memory-format argument, so the layout
/// is set by a permute-contiguous-permute, which costs about 1.3 ms once per forward pass. CUDA
/// keeps the default layout, which cuDNN runs at full speed in float32.
/// </remarks>
internal sealed class SpecSequential : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] _layers;
    private readonly bool[] _channelsLastAfter;

    /// <param name="layers">The layers, named "0", "1", ….</param>
    /// <param name="channelsLastAfter">Per layer: whether its 4-D output moves to channels-last on the CPU.</param>
    internal SpecSequential(IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Module)> layers, bool[] channelsLastAfter) : base("Sequential")
    {
        _layers = layers.Select(l => l.Module).ToArray();
        _channelsLastAfter = channelsLastAfter;
        foreach (var (name, module) in layers) register_module(name, module);
    }

    /// <summary>Whether channels-last is used on the CPU (on by default; off gives the default layout everywhere, for comparisons).</summary>
    internal bool ChannelsLast { get; set; } = true;

    public override Tensor forward(Tensor input)
    {
        Tensor x = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            Tensor next = _layers[i].call(x);
            if (ChannelsLast && _channelsLastAfter[i]) next = ToChannelsLast(next);
            // Like TorchSharp's Sequential: drop the handles of intermediate results (autograd keeps what it needs).
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = next;
        }
        return ReferenceEquals(x, input) ? input.alias() : x;
    }

    /// <summary><paramref name="x"/> in channels-last layout when it is a CPU image batch with more than one channel not already in it; otherwise <paramref name="x"/>.</summary>
    internal static Tensor ToChannelsLast(Tensor x)
    {
        if (x.device_type != DeviceType.CPU || x.dim() != 4 || x.shape[1] <= 1 || IsChannelsLast(x)) return x;
        using var nhwc = x.permute(0, 2, 3, 1);
        using var dense = nhwc.contiguous();
        var result = dense.permute(0, 3, 1, 2);
        x.Dispose();
        return result;
    }

    /// <summary>Whether a 4-D tensor's strides are channels-last's: channels adjacent, then width, height, batch.</summary>
    internal static bool IsChannelsLast(Tensor x) =>
        x.dim() == 4 && x.stride(1) == 1 && x.stride(3) == x.shape[1] && x.stride(2) == x.shape[1] * x.shape[3];
}
