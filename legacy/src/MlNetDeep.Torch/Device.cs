using System.Globalization;

namespace MlNetDeep.Torch;

/// <summary>
/// Where tensors live and kernels run: <c>cpu</c> or <c>cuda:N</c>. <see cref="Auto"/> picks
/// cuda:0 when a CUDA device is visible to the loaded libtorch, else the CPU.
/// </summary>
/// <param name="Type">CPU or CUDA.</param>
/// <param name="Index">Device ordinal for CUDA (0-based); -1 for the CPU.</param>
public readonly record struct Device(DeviceType Type, int Index)
{
    /// <summary>The CPU.</summary>
    public static Device Cpu { get; } = new(DeviceType.Cpu, -1);

    /// <summary>The CUDA device with ordinal <paramref name="index"/>.</summary>
    public static Device Cuda(int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new Device(DeviceType.Cuda, index);
    }

    /// <summary>cuda:0 when CUDA is available, otherwise the CPU.</summary>
    public static Device Auto => Engine.Cuda.IsAvailable ? Cuda(0) : Cpu;

    /// <summary>Parses <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c> (case-insensitive).</summary>
    /// <exception cref="FormatException">The text names no device.</exception>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim().ToLowerInvariant();
        if (s == "cpu") return Cpu;
        if (s == "auto") return Auto;
        if (s == "cuda") return Cuda(0);
        if (s.StartsWith("cuda:", StringComparison.Ordinal) &&
            int.TryParse(s.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int i))
            return Cuda(i);
        throw new FormatException($"'{text}' is not a device. Expected cpu, cuda, cuda:N or auto.");
    }

    /// <summary>
    /// This device if it exists here; the CPU instead when it does not and
    /// <see cref="Engine.FallbackToCpu"/> is on.
    /// </summary>
    /// <exception cref="DeviceUnavailableException">A CUDA device that is not there, without fallback.</exception>
    public Device Resolve()
    {
        if (Type == DeviceType.Cpu) return this;
        int count = Engine.Cuda.DeviceCount;
        if (Index < count) return this;
        if (Engine.FallbackToCpu) return Cpu;
        string why = count == 0
            ? "the loaded libtorch has no CUDA support or sees no CUDA device"
            : $"only {count} CUDA device(s) are visible";
        throw new DeviceUnavailableException(
            $"Device {this} was requested but {why}. Use Device.Auto, build against a CUDA libtorch " +
            "(docs/cuda.md), or set Engine.FallbackToCpu = true (MLNETDEEP_FALLBACK_TO_CPU=1) to run on the CPU.");
    }

    /// <summary><c>cpu</c> or <c>cuda:N</c>.</summary>
    public override string ToString() => Type == DeviceType.Cpu ? "cpu" : $"cuda:{Index}";
}
