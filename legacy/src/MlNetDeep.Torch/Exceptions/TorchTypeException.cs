namespace MlNetDeep.Torch;

/// <summary>libtorch rejected a dtype or type combination: c10::TypeError.</summary>
public sealed class TorchTypeException : TorchException
{
    /// <summary>Creates the exception with the native message.</summary>
    public TorchTypeException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public TorchTypeException(string message, Exception innerException) : base(message, innerException) { }
}
