using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

// Random factories. With a generator they draw from it alone; without, from this thread's
// generator (Engine.UseGenerator) or else libtorch's global one (seeded by ManualSeed).
public static partial class Tensors
{
    private static unsafe Tensor Random(int kind, ReadOnlySpan<long> shape, double lo, double hi, DType dtype, Device? device, Generator? generator)
    {
        Device dev = (device ?? Device.Cpu).Resolve();
        fixed (long* s = shape)
            return Tensor.From(NativeMethods.mnd_random(kind, s, shape.Length, lo, hi, (int)dtype, (int)dev.Type, dev.Index,
                Engine.GeneratorFor(generator), out IntPtr r), r);
    }

    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor Rand(long[] shape, DType dtype = DType.Float32, Device? device = null, Generator? generator = null) =>
        Random(0, shape, 0, 1, dtype, device, generator);
    /// <summary>Uniform Float32 samples in [0, 1) on the CPU.</summary>
    public static Tensor Rand(params long[] shape) => Random(0, shape, 0, 1, DType.Float32, null, null);
    /// <summary>Standard normal samples.</summary>
    public static Tensor Randn(long[] shape, DType dtype = DType.Float32, Device? device = null, Generator? generator = null) =>
        Random(1, shape, 0, 1, dtype, device, generator);
    /// <summary>Standard normal Float32 samples on the CPU.</summary>
    public static Tensor Randn(params long[] shape) => Random(1, shape, 0, 1, DType.Float32, null, null);
    /// <summary>Uniform integers in [low, high).</summary>
    public static Tensor RandInt(long low, long high, long[] shape, DType dtype = DType.Int64, Device? device = null, Generator? generator = null) =>
        Random(2, shape, low, high, dtype, device, generator);
    /// <summary>Normal samples with the given mean and standard deviation.</summary>
    public static Tensor Normal(double mean, double std, long[] shape, DType dtype = DType.Float32, Device? device = null, Generator? generator = null) =>
        Random(3, shape, mean, std, dtype, device, generator);
    /// <summary>Uniform samples in [low, high).</summary>
    public static Tensor Uniform(double low, double high, long[] shape, DType dtype = DType.Float32, Device? device = null, Generator? generator = null) =>
        Random(4, shape, low, high, dtype, device, generator);

    /// <summary>A random permutation of 0..n-1.</summary>
    public static Tensor RandPerm(long n, Device? device = null, Generator? generator = null)
    {
        Device dev = (device ?? Device.Cpu).Resolve();
        return Tensor.From(NativeMethods.mnd_randperm(n, (int)DType.Int64, (int)dev.Type, dev.Index,
            Engine.GeneratorFor(generator), out IntPtr r), r);
    }

    /// <summary>0/1 draws with the per-element probabilities in <paramref name="probabilities"/>.</summary>
    public static Tensor Bernoulli(Tensor probabilities, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return Tensor.From(NativeMethods.mnd_bernoulli(probabilities.Handle, Engine.GeneratorFor(generator), out IntPtr r), r);
    }
}
