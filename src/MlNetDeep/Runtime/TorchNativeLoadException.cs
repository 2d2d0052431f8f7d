namespace MlNetDeep.Runtime;

/// <summary>TorchSharp's native library cannot be loaded on this system; the message names what is missing and how to fix it.</summary>
public sealed class TorchNativeLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TorchNativeLoadException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public TorchNativeLoadException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with no message.</summary>
    public TorchNativeLoadException() { }
}
