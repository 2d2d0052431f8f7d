using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

/// <summary>
/// Engine-wide settings and entry points: seeding, threads, grad mode, dispose scopes,
/// devices and the live-handle counter. Tensor factories live in <see cref="Tensors"/>.
/// </summary>
public static class Engine
{
    private static volatile bool s_fallbackToCpu =
        Environment.GetEnvironmentVariable("MLNETDEEP_FALLBACK_TO_CPU") is "1" or "true";

    /// <summary>Number of threads libtorch uses inside one operation. Settable.</summary>
    public static int NumThreads
    {
        get
        {
            StatusCheck.Check(NativeMethods.mnd_get_num_threads(out int n));
            return n;
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            StatusCheck.Check(NativeMethods.mnd_set_num_threads(value));
        }
    }

    /// <summary>
    /// Deterministic mode (process-wide): libtorch runs only deterministic algorithms (an op
    /// without one raises a <see cref="TorchException"/> rather than running
    /// nondeterministically), cuDNN is deterministic and not autotuned. On the CPU, with a fixed
    /// thread count, training is repeatable either way; on CUDA this setting is what makes it so.
    /// </summary>
    public static bool Deterministic
    {
        get
        {
            StatusCheck.Check(NativeMethods.mnd_get_deterministic(out int on));
            return on != 0;
        }
        set => StatusCheck.Check(NativeMethods.mnd_set_deterministic(value ? 1 : 0));
    }

    /// <summary>
    /// When true, a request for a missing CUDA device runs on the CPU instead of throwing
    /// <see cref="DeviceUnavailableException"/>. Defaults to the environment variable
    /// MLNETDEEP_FALLBACK_TO_CPU (1 or true).
    /// </summary>
    public static bool FallbackToCpu
    {
        get => s_fallbackToCpu;
        set => s_fallbackToCpu = value;
    }

    [ThreadStatic] private static Generator? t_generator;

    /// <summary>
    /// Makes <paramref name="generator"/> this thread's source of randomness for initializers,
    /// dropout and random factories called without an explicit generator, until the returned
    /// scope is disposed. Training code uses it so that concurrent trainings on other threads
    /// cannot disturb each other's draws (the global generator is process-wide).
    /// </summary>
    public static IDisposable UseGenerator(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var previous = t_generator;
        t_generator = generator;
        return new GeneratorScope(previous);
    }

    /// <summary>This thread's generator set by <see cref="UseGenerator"/>, or null (the global one is used).</summary>
    public static Generator? CurrentGenerator => t_generator;

    /// <summary>The handle to draw from: an explicit generator, else this thread's, else the global one.</summary>
    internal static Native.GeneratorHandle GeneratorFor(Generator? explicitGenerator) =>
        (explicitGenerator ?? t_generator)?.Handle ?? Native.GeneratorHandle.Null;

    private sealed class GeneratorScope(Generator? previous) : IDisposable
    {
        public void Dispose() => t_generator = previous;
    }

    /// <summary>Seeds libtorch's global CPU (and CUDA) generators.</summary>
    public static void ManualSeed(long seed) => StatusCheck.Check(NativeMethods.mnd_manual_seed(seed));

    /// <summary>Native tensor handles currently alive in this process (for leak tests).</summary>
    public static long LiveTensorCount => NativeMethods.mnd_live_tensors();

    /// <summary>Opens a <see cref="DisposeScope"/> on this thread.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>
    /// Disables gradient recording on this thread until the returned guard is disposed:
    /// <code>using (Torch.NoGrad()) { ... }</code>
    /// </summary>
    public static GradModeGuard NoGrad() => new(false);

    /// <summary>Enables gradient recording on this thread until the returned guard is disposed.</summary>
    public static GradModeGuard EnableGrad() => new(true);

    /// <summary>Whether gradient recording is on for this thread.</summary>
    public static bool IsGradEnabled
    {
        get
        {
            StatusCheck.Check(NativeMethods.mnd_set_grad_enabled(1, out int prev));
            StatusCheck.Check(NativeMethods.mnd_set_grad_enabled(prev, out _));
            return prev != 0;
        }
    }

    /// <summary>libtorch's build configuration: version, BLAS, OpenMP, oneDNN, CUDA.</summary>
    public static unsafe string BuildInfo
    {
        get
        {
            StatusCheck.Check(NativeMethods.mnd_build_info(null, 0, out int len));
            var buf = new byte[len + 1];
            fixed (byte* p = buf) StatusCheck.Check(NativeMethods.mnd_build_info(p, buf.Length, out _));
            return System.Text.Encoding.UTF8.GetString(buf, 0, len);
        }
    }

    /// <summary>CUDA facts of the loaded libtorch.</summary>
    public static class Cuda
    {
        private static readonly Lazy<int> s_count = new(() =>
        {
            StatusCheck.Check(NativeMethods.mnd_cuda_device_count(out int n));
            return n;
        });

        /// <summary>Number of CUDA devices visible (0 with a CPU-only libtorch).</summary>
        public static int DeviceCount => s_count.Value;

        /// <summary>True when at least one CUDA device is usable.</summary>
        public static bool IsAvailable => DeviceCount > 0;
    }
}
