using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

/// <summary>
/// An n-dimensional array on a device, backed by a libtorch tensor. Disposable: each
/// instance owns one native handle, released by <see cref="Dispose"/>, by the
/// <see cref="DisposeScope"/> it was created in, or (as a last resort) by the finalizer.
/// Views (reshape, slicing, transpose) share storage with their source but have their own
/// handle. Instances are not thread-safe.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly TensorHandle _handle;

    /// <summary>The scope that will dispose this tensor, if any.</summary>
    internal DisposeScope? Scope;

    internal Tensor(IntPtr native)
    {
        if (native == IntPtr.Zero) throw new TorchException("The native call returned no tensor.");
        _handle = new TensorHandle(native);
        DisposeScope.Track(this);
    }

    /// <summary>The native handle; throws once the tensor is disposed.</summary>
    internal TensorHandle Handle
    {
        get
        {
            if (_handle.IsClosed)
                throw new ObjectDisposedException(nameof(Tensor),
                    "This tensor was disposed (by Dispose or by the DisposeScope that owned it) and cannot be used.");
            return _handle;
        }
    }

    /// <summary>Wraps a handle written by a native call that returned <paramref name="status"/>.</summary>
    internal static Tensor From(int status, IntPtr native)
    {
        StatusCheck.Check(status);
        return new Tensor(native);
    }

    /// <summary>True once the native tensor has been released.</summary>
    public bool IsDisposed => _handle.IsClosed;

    /// <summary>Releases the native tensor now. Safe to call more than once.</summary>
    public void Dispose()
    {
        _handle.Dispose();
        Scope?.Forget(this);
        Scope = null;
    }

    private (DType dtype, int dim, Device device, bool requiresGrad) Info()
    {
        StatusCheck.Check(NativeMethods.mnd_tensor_info(Handle, out int dt, out int nd, out int devType, out int devIndex, out int rg));
        var device = devType == 0 ? Device.Cpu : new Device((DeviceType)devType, devIndex);
        return ((DType)dt, nd, device, rg != 0);
    }

    /// <summary>Element type.</summary>
    public DType DType => Info().dtype;

    /// <summary>Number of dimensions.</summary>
    public int Dim => Info().dim;

    /// <summary>Device holding the storage.</summary>
    public Device Device => Info().device;

    /// <summary>Size of each dimension.</summary>
    public unsafe long[] Shape
    {
        get
        {
            int nd = Dim;
            var shape = new long[nd];
            fixed (long* p = shape) StatusCheck.Check(NativeMethods.mnd_tensor_shape(Handle, p, nd));
            return shape;
        }
    }

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public long Size(int dim)
    {
        long[] s = Shape;
        int d = dim < 0 ? dim + s.Length : dim;
        if (d < 0 || d >= s.Length)
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"Tensor has {s.Length} dimensions.");
        return s[d];
    }

    /// <summary>Total number of elements.</summary>
    public long NumberOfElements
    {
        get
        {
            StatusCheck.Check(NativeMethods.mnd_tensor_numel(Handle, out long n));
            return n;
        }
    }

    /// <summary>A short description: shape, dtype and device, e.g. <c>Tensor[2, 3] Float32 cpu</c>.</summary>
    public override string ToString() =>
        IsDisposed ? "Tensor(disposed)" : $"Tensor[{string.Join(", ", Shape)}] {DType} {Device}";
}
