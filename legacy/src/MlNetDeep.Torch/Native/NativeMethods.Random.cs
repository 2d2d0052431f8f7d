using System.Runtime.InteropServices;

namespace MlNetDeep.Torch.Native;

// Random area (shim_random.cpp).
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int mnd_manual_seed(long seed);
    [LibraryImport(Lib)] internal static partial int mnd_generator_new(long seed, out IntPtr result);
    [LibraryImport(Lib)] internal static partial void mnd_generator_free(IntPtr g);
    [LibraryImport(Lib)] internal static partial int mnd_generator_get_state(GeneratorHandle g, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_generator_set_state(GeneratorHandle g, TensorHandle state);
    [LibraryImport(Lib)] internal static partial int mnd_random(int kind, long* shape, int ndim, double lo, double hi, int dtype, int deviceType, int deviceIndex, GeneratorHandle g, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_random_(int kind, TensorHandle a, double lo, double hi, GeneratorHandle g);
    [LibraryImport(Lib)] internal static partial int mnd_randperm(long n, int dtype, int deviceType, int deviceIndex, GeneratorHandle g, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_bernoulli(TensorHandle p, GeneratorHandle g, out IntPtr result);
}
