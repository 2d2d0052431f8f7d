using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetDeep.Networks;

/// <summary>
/// PyTorch's default initialization, drawn from a given generator instead of TorchSharp's
/// process-wide one (its modules initialize themselves from that one when constructed, so two
/// threads building networks at once would change each other's weights): Linear and Conv2d
/// weights and biases U(−1/√fan_in, 1/√fan_in) (kaiming_uniform with a = √5), ConvTranspose2d the
/// same with PyTorch's fan-in of its weight ([in, out, k, k]: out × k × k), LSTM and GRU
/// U(−1/√hidden, 1/√hidden), Embedding N(0, 1); batch norm keeps weight 1 and bias 0.
/// Draws through <c>Tensor.uniform_</c>/<c>normal_</c> with the generator: TorchSharp 0.107's
/// <c>nn.init.uniform_</c> and <c>normal_</c> accept a generator but ignore it (two generators of one
/// seed gave different weights), which a test now catches.
/// </summary>
internal static class Initialization
{
    /// <summary>Re-initializes every parameter of the layer types above in <paramref name="network"/>, in module order.</summary>
    internal static void Reset(nn.Module network, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in network.named_modules())
        {
            switch (module)
            {
                case Linear linear:
                    Uniform(linear.weight, linear.bias, linear.weight!.shape[1], generator);
                    break;
                case Conv2d conv:
                    Uniform(conv.weight, conv.bias, conv.weight!.shape[1] * conv.weight.shape[2] * conv.weight.shape[3], generator);
                    break;
                case ConvTranspose2d deconv:
                    Uniform(deconv.weight, deconv.bias, deconv.weight!.shape[1] * deconv.weight.shape[2] * deconv.weight.shape[3], generator);
                    break;
                case LSTM or GRU:
                    foreach (var (name, p) in module.named_parameters(recurse: false))
                    {
                        long hidden = name.StartsWith("weight_hh", StringComparison.Ordinal) ? p.shape[1] : p.shape[0] / (module is LSTM ? 4 : 3);
                        double bound = 1 / Math.Sqrt(hidden);
                        p.uniform_(-bound, bound, generator);
                    }
                    break;
                case Embedding embedding:
                    embedding.weight!.normal_(0, 1, generator);
                    break;
            }
        }
    }

    private static void Uniform(Tensor? weight, Tensor? bias, long fanIn, Generator generator)
    {
        double bound = 1 / Math.Sqrt(Math.Max(1, fanIn));
        weight?.uniform_(-bound, bound, generator);
        bias?.uniform_(-bound, bound, generator);
    }
}
