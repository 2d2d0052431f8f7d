using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

// Moving elements between managed memory and tensors.
public sealed partial class Tensor
{
    /// <summary>
    /// Creates a tensor of <paramref name="shape"/> holding a copy of <paramref name="data"/>
    /// (row-major). The dtype follows <typeparamref name="T"/> (float: Float32, long: Int64, ...).
    /// </summary>
    /// <exception cref="ArgumentException">The element count does not match the shape.</exception>
    public static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> shape, Device? device = null)
        where T : unmanaged
    {
        DType dtype = DTypeExtensions.Of<T>();
        long numel = 1;
        foreach (long s in shape)
        {
            if (s < 0) throw new ArgumentException($"Shape [{string.Join(", ", shape.ToArray())}] has a negative dimension.", nameof(shape));
            numel = checked(numel * s);
        }
        if (numel != data.Length)
            throw new ArgumentException(
                $"Shape [{string.Join(", ", shape.ToArray())}] needs {numel} elements; the data has {data.Length}.", nameof(data));
        Device dev = (device ?? Device.Cpu).Resolve();
        fixed (T* d = data)
        fixed (long* sh = shape)
        {
            int st = NativeMethods.mnd_tensor_from_data(d, (long)data.Length * sizeof(T), (int)dtype, sh, shape.Length,
                (int)dev.Type, dev.Index, out IntPtr r);
            return From(st, r);
        }
    }

    /// <summary>A 1-d tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray<T>(T[] data, Device? device = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromSpan<T>(data, [data.LongLength], device);
    }

    /// <summary>A tensor of <paramref name="shape"/> holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray<T>(T[] data, params long[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromSpan<T>(data, shape);
    }

    /// <summary>
    /// Copies the elements (row-major, moved to the CPU if needed) into <paramref name="destination"/>,
    /// whose length must equal the element count.
    /// </summary>
    /// <exception cref="TorchTypeException"><typeparamref name="T"/> does not match the dtype.</exception>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        DType expected = DTypeExtensions.Of<T>();
        DType actual = DType;
        if (expected != actual)
            throw new TorchTypeException($"Cannot copy a {actual} tensor into a {typeof(T).Name} buffer (needs {expected}). Convert with .To(DType.{expected}) first.");
        fixed (T* d = destination)
            StatusCheck.Check(NativeMethods.mnd_tensor_copy_to(Handle, d, (long)destination.Length * sizeof(T)));
    }

    /// <summary>Creates a tensor from raw little-endian element bytes (any dtype); the length must match.</summary>
    internal static unsafe Tensor FromBytes(ReadOnlySpan<byte> bytes, DType dtype, ReadOnlySpan<long> shape)
    {
        fixed (byte* d = bytes)
        fixed (long* sh = shape)
            return From(NativeMethods.mnd_tensor_from_data(d, bytes.Length, (int)dtype, sh, shape.Length, 0, -1, out IntPtr r), r);
    }

    /// <summary>Copies the raw element bytes (row-major, on the CPU) into <paramref name="destination"/>.</summary>
    internal unsafe void CopyBytesTo(Span<byte> destination)
    {
        fixed (byte* d = destination)
            StatusCheck.Check(NativeMethods.mnd_tensor_copy_to(Handle, d, destination.Length));
    }

    /// <summary>The elements as a new managed array (row-major).</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var result = new T[checked((int)NumberOfElements)];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>The value of a one-element tensor as a double.</summary>
    /// <exception cref="TorchException">The tensor has more than one element.</exception>
    public double ToDouble()
    {
        StatusCheck.Check(NativeMethods.mnd_tensor_item(Handle, out double d, out _));
        return d;
    }

    /// <summary>The value of a one-element tensor as a float.</summary>
    public float ToSingle() => (float)ToDouble();

    /// <summary>The value of a one-element tensor as a long (floating values are truncated).</summary>
    public long ToInt64()
    {
        StatusCheck.Check(NativeMethods.mnd_tensor_item(Handle, out _, out long l));
        return l;
    }

    /// <summary>The value of a one-element boolean tensor.</summary>
    public bool ToBoolean() => ToInt64() != 0;

    /// <summary>
    /// Runs <paramref name="read"/> over the tensor's storage without copying. Only for
    /// contiguous CPU tensors; the span must not escape the callback.
    /// </summary>
    public unsafe TResult ReadSpan<T, TResult>(ReadSpanFunc<T, TResult> read) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(read);
        DType expected = DTypeExtensions.Of<T>();
        if (expected != DType)
            throw new TorchTypeException($"Cannot read a {DType} tensor as {typeof(T).Name}.");
        TensorHandle h = Handle;
        bool added = false;
        h.DangerousAddRef(ref added);
        try
        {
            StatusCheck.Check(NativeMethods.mnd_tensor_data_ptr(h, out IntPtr p, out long nbytes));
            return read(new ReadOnlySpan<T>((void*)p, checked((int)(nbytes / sizeof(T)))));
        }
        finally
        {
            if (added) h.DangerousRelease();
        }
    }
}
