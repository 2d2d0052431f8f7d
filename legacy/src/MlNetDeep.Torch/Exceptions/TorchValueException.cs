namespace MlNetDeep.Torch;

/// <summary>libtorch rejected a value: c10::ValueError.</summary>
public sealed class TorchValueException : TorchException
{
    /// <summary>Creates the exception with the native message.</summary>
    public TorchValueException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public TorchValueException(string message, Exception innerException) : base(message, innerException) { }
}
