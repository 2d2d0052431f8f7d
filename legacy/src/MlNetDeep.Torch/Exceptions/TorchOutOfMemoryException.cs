namespace MlNetDeep.Torch;

/// <summary>libtorch could not allocate memory for the operation.</summary>
public sealed class TorchOutOfMemoryException : TorchException
{
    /// <summary>Creates the exception with the native message.</summary>
    public TorchOutOfMemoryException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public TorchOutOfMemoryException(string message, Exception innerException) : base(message, innerException) { }
}
