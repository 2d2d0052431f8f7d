namespace MlNetDeep.Torch;

/// <summary>A device was requested that this machine or this libtorch build does not have (for example CUDA on a CPU-only build).</summary>
public sealed class DeviceUnavailableException : TorchException
{
    /// <summary>Creates the exception with the native message.</summary>
    public DeviceUnavailableException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public DeviceUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
