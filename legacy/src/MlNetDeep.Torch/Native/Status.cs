using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlNetDeep.Torch.Native;

/// <summary>Status codes of the native shim (mirrors mnd_status in native/mnd.h).</summary>
internal enum Status
{
    Ok = 0,
    Error = 1,
    IndexError = 2,
    TypeError = 3,
    ValueError = 4,
    NotImplemented = 5,
    OutOfMemory = 6,
    InvalidArgument = 7,
}

/// <summary>Turns a non-zero native status into the matching typed exception.</summary>
internal static class StatusCheck
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Check(int status)
    {
        if (status != 0) Throw(status);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(int status)
    {
        string message = Marshal.PtrToStringUTF8(NativeMethods.mnd_last_error()) ?? "unknown native error";
        throw (Status)status switch
        {
            Status.IndexError => new TorchIndexException(message),
            Status.TypeError => new TorchTypeException(message),
            Status.ValueError => new TorchValueException(message),
            Status.NotImplemented => new TorchNotImplementedException(message),
            Status.OutOfMemory => new TorchOutOfMemoryException(message),
            Status.InvalidArgument => new TorchArgumentException(message),
            _ => new TorchException(message),
        };
    }
}
