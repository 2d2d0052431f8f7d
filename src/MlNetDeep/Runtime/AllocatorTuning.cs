using System.Runtime.InteropServices;

namespace MlNetDeep.Runtime;

/// <summary>
/// Tunes glibc's malloc for tensor workloads, once, before libtorch allocates. libtorch's CPU
/// allocator takes each buffer from malloc; with glibc's defaults, activations of several
/// megabytes are mmapped and unmapped (or trimmed off the heap top) on every step, and every
/// reuse faults the pages back in: measured on the legacy stack, about a quarter of a reference-CNN
/// training step on this 2-core machine (672k minor faults in a 45-step run, 77k after tuning).
/// The settings keep freed buffers in the heap for the next step: mmap threshold 32 MiB, trim
/// threshold 1 GiB, top pad 64 MiB. The cost: the process keeps its peak heap resident.
/// <c>MLNETDEEP_MALLOC_TUNING=0</c> turns it off. A process can give any program the same settings
/// through glibc's variables <see cref="EnvironmentVariables"/> (the benchmarks give them to PyTorch).
/// </summary>
internal static partial class AllocatorTuning
{
    private const int MTrimThreshold = -1, MTopPad = -2, MMmapThreshold = -3;
    internal const int MmapThreshold = 32 << 20, TrimThreshold = 1 << 30, TopPad = 64 << 20;

    /// <summary>glibc's environment variables for the same settings.</summary>
    internal static IReadOnlyDictionary<string, string> EnvironmentVariables { get; } = new Dictionary<string, string>
    {
        ["MALLOC_MMAP_THRESHOLD_"] = MmapThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MALLOC_TRIM_THRESHOLD_"] = TrimThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MALLOC_TOP_PAD_"] = TopPad.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    /// <summary>Applies the settings; returns whether it did (not on a system without glibc, or when turned off).</summary>
    internal static bool Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MLNETDEEP_MALLOC_TUNING") == "0") return false;
        try
        {
            return MallOpt(MMmapThreshold, MmapThreshold) == 1 & MallOpt(MTrimThreshold, TrimThreshold) == 1 & MallOpt(MTopPad, TopPad) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (musl has no mallopt tuning of this kind)
        }
    }
}
