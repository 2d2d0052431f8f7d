using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Networks;

/// <summary>A module that draws from a generator of its own (its state is saved in training checkpoints).</summary>
public interface IRandomModule
{
    /// <summary>The module's generator.</summary>
    Generator Generator { get; }
}

/// <summary>
/// Dropout that draws its masks from a generator of its own instead of TorchSharp's process-wide
/// one, so a training run's draws do not depend on what other threads of the process draw (the
/// reason a seed reproduces a run bit for bit). While training, zeroes each value with probability
/// P and scales the rest by 1 / (1 − P); the identity in evaluation mode, as PyTorch's Dropout.
/// </summary>
public sealed class SeededDropout : nn.Module<Tensor, Tensor>, IRandomModule
{
    /// <summary>Creates the layer with drop probability <paramref name="p"/> in [0, 1) and a generator seeded with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1).</exception>
    public SeededDropout(double p, long seed) : base(nameof(SeededDropout))
    {
        if (p is < 0 or >= 1 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), p, "The drop probability must be in [0, 1).");
        P = p;
        Generator = new Generator(unchecked((ulong)seed));
    }

    /// <summary>The probability of zeroing a value.</summary>
    public double P { get; }

    /// <inheritdoc />
    public Generator Generator { get; private set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (!training || P == 0) return input.alias();
        using var scope = NewDisposeScope();
        var keep = empty_like(input).bernoulli_(1 - P, Generator);
        return (input * keep).div_(1 - P).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override nn.Module _to(Device device, ScalarType dtype, bool non_blocking)
    {
        MoveGenerator(device);
        return base._to(device, dtype, non_blocking);
    }

    /// <inheritdoc />
    protected override nn.Module _to(DeviceType deviceType, int deviceIndex, bool non_blocking)
    {
        MoveGenerator(new Device(deviceType, deviceIndex));
        return base._to(deviceType, deviceIndex, non_blocking);
    }

    /// <summary>A generator lives on one device: draws for tensors on a GPU need a GPU generator (seeded from this one).</summary>
    private void MoveGenerator(Device device)
    {
        if (Generator.device.type == device.type && Generator.device.index == device.index) return;
        long seed = Generator.initial_seed();
        Generator.Dispose();
        Generator = new Generator((ulong)seed, device);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) Generator.Dispose();
        base.Dispose(disposing);
    }
}
