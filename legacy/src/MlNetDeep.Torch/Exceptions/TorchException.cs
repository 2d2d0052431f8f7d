namespace MlNetDeep.Torch;

/// <summary>An error raised by libtorch (or the native shim) for an operation, carrying libtorch's own message.</summary>
public class TorchException : Exception
{
    /// <summary>Creates the exception with the native message.</summary>
    public TorchException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public TorchException(string message, Exception innerException) : base(message, innerException) { }
}
