using System.Globalization;
using MlNetDeep.Runtime;
using TorchSharp;

namespace MlNetDeep.Training;

/// <summary>Turns a device setting ("auto", "cpu", "cuda", "cuda:N") into a TorchSharp device, checking that it exists.</summary>
public static class DeviceSelection
{
    /// <summary>Checks the form of <paramref name="device"/> without touching TorchSharp.</summary>
    /// <exception cref="ArgumentException">Not one of the accepted forms.</exception>
    public static void Parse(string device)
    {
        if (device is "auto" or "cpu" or "cuda") return;
        if (device is not null && device.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(device.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out _)) return;
        throw new ArgumentException($"Device must be \"auto\", \"cpu\", \"cuda\" or \"cuda:N\". Received: \"{device}\".");
    }

    /// <summary>
    /// The device to use: for "auto", CUDA when TorchSharp reports a CUDA device and the CPU otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The setting is malformed.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for and TorchSharp sees no CUDA device, or not that many.</exception>
    public static torch.Device Resolve(string device)
    {
        Parse(device);
        TorchRuntime.Initialize();
        if (device == "cpu") return torch.CPU;
        bool cuda = torch.cuda.is_available();
        if (device == "auto") return cuda ? torch.CUDA : torch.CPU;
        if (!cuda)
            throw new InvalidOperationException(
                $"Device \"{device}\" was requested, but TorchSharp sees no CUDA device: this process loaded a libtorch without CUDA " +
                "(TorchSharp-cpu), or no NVIDIA driver is installed. Reference TorchSharp-cuda-linux or TorchSharp-cuda-windows instead of " +
                "TorchSharp-cpu on a machine with an NVIDIA GPU (docs/cuda.md), or set Device to \"auto\" or \"cpu\".");
        int index = device == "cuda" ? 0 : int.Parse(device.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture);
        int count = torch.cuda.device_count();
        if (index >= count) throw new InvalidOperationException($"Device \"{device}\" was requested; this machine has {count} CUDA device(s) (cuda:0 to cuda:{count - 1}).");
        return new torch.Device(DeviceType.CUDA, index);
    }
}
