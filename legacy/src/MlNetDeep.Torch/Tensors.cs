using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

/// <summary>
/// Tensor factories and joins: <c>Tensors.Zeros(2, 3)</c>, <c>Tensors.Randn(...)</c>,
/// <c>Tensors.Cat(...)</c>. Shapes are row-major sizes; dtype defaults to Float32 and the device
/// to the CPU.
/// </summary>
public static partial class Tensors
{
    private static unsafe Tensor New(int kind, ReadOnlySpan<long> shape, double value, DType dtype, Device? device)
    {
        Device dev = (device ?? Device.Cpu).Resolve();
        fixed (long* s = shape)
            return Tensor.From(NativeMethods.mnd_tensor_new(kind, s, shape.Length, value, (int)dtype, (int)dev.Type, dev.Index, out IntPtr r), r);
    }

    /// <summary>An uninitialized tensor.</summary>
    public static Tensor Empty(long[] shape, DType dtype = DType.Float32, Device? device = null) => New(0, shape, 0, dtype, device);
    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(long[] shape, DType dtype = DType.Float32, Device? device = null) => New(1, shape, 0, dtype, device);
    /// <summary>A Float32 CPU tensor of zeros.</summary>
    public static Tensor Zeros(params long[] shape) => New(1, shape, 0, DType.Float32, null);
    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(long[] shape, DType dtype = DType.Float32, Device? device = null) => New(2, shape, 0, dtype, device);
    /// <summary>A Float32 CPU tensor of ones.</summary>
    public static Tensor Ones(params long[] shape) => New(2, shape, 0, DType.Float32, null);
    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(long[] shape, double value, DType dtype = DType.Float32, Device? device = null) => New(3, shape, value, dtype, device);

    /// <summary>Zeros with the shape, dtype and device of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Zeros(like.Shape, like.DType, like.Device);
    }

    /// <summary>Ones with the shape, dtype and device of <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Ones(like.Shape, like.DType, like.Device);
    }

    private static Tensor Range(int kind, double a, double b, double c, DType dtype, Device? device)
    {
        Device dev = (device ?? Device.Cpu).Resolve();
        return Tensor.From(NativeMethods.mnd_tensor_range(kind, a, b, c, (int)dtype, (int)dev.Type, dev.Index, out IntPtr r), r);
    }

    /// <summary>start, start + step, ... below end.</summary>
    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DType.Float32, Device? device = null) =>
        Range(0, start, end, step, dtype, device);
    /// <summary>0, 1, ..., end - 1 as Int64.</summary>
    public static Tensor Arange(long end, Device? device = null) => Range(0, 0, end, 1, DType.Int64, device);
    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor Linspace(double start, double end, long steps, DType dtype = DType.Float32, Device? device = null) =>
        Range(1, start, end, steps, dtype, device);
    /// <summary>The n x m identity (m defaults to n).</summary>
    public static Tensor Eye(long n, long m = -1, DType dtype = DType.Float32, Device? device = null) =>
        Range(2, n, m < 0 ? n : m, 0, dtype, device);

    /// <summary>Concatenates tensors along an existing dimension.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(0, tensors, dim);
    /// <summary>Stacks tensors of equal shape along a new dimension.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(1, tensors, dim);

    private static unsafe Tensor Join(int kind, IReadOnlyList<Tensor> tensors, long dim)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        using var list = new HandleList(tensors);
        fixed (IntPtr* p = list.Pointers)
            return Tensor.From(NativeMethods.mnd_join(kind, p, tensors.Count, dim, out IntPtr r), r);
    }

    /// <summary>Element-wise choice (see <see cref="Tensor.Where"/>).</summary>
    public static Tensor Where(Tensor condition, Tensor ifTrue, Tensor ifFalse) =>
        Tensor.Where(condition, ifTrue, ifFalse);
}
