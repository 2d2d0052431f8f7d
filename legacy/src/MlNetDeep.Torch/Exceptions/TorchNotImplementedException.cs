namespace MlNetDeep.Torch;

/// <summary>The operation has no kernel for these inputs in this libtorch build: c10::NotImplementedError.</summary>
public sealed class TorchNotImplementedException : TorchException
{
    /// <summary>Creates the exception with the native message.</summary>
    public TorchNotImplementedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public TorchNotImplementedException(string message, Exception innerException) : base(message, innerException) { }
}
