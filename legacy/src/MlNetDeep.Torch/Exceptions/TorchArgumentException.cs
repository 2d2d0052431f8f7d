namespace MlNetDeep.Torch;

/// <summary>The native shim rejected an argument before calling libtorch (a null tensor, a bad size, an unknown code).</summary>
public sealed class TorchArgumentException : TorchException
{
    /// <summary>Creates the exception with the native message.</summary>
    public TorchArgumentException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public TorchArgumentException(string message, Exception innerException) : base(message, innerException) { }
}
