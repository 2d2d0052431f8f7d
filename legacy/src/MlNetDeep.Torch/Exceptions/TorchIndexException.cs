namespace MlNetDeep.Torch;

/// <summary>libtorch rejected an index (out of range, wrong index dtype): c10::IndexError.</summary>
public sealed class TorchIndexException : TorchException
{
    /// <summary>Creates the exception with the native message.</summary>
    public TorchIndexException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public TorchIndexException(string message, Exception innerException) : base(message, innerException) { }
}
