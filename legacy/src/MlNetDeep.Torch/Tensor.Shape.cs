using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

// Views and reshapes. Methods that return views share storage with this tensor.
public sealed partial class Tensor
{
    private unsafe Tensor ReshapeKind(int kind, ReadOnlySpan<long> dims)
    {
        fixed (long* d = dims)
            return From(NativeMethods.mnd_reshape(kind, Handle, d, dims.Length, out IntPtr r), r);
    }

    private Tensor ShapeOp(int kind, long d0 = 0, long d1 = 0) =>
        From(NativeMethods.mnd_shape_op(kind, Handle, d0, d1, out IntPtr r), r);

    /// <summary>Same elements in a new shape (a view when possible, else a copy). One entry may be -1.</summary>
    public Tensor Reshape(params long[] shape) => ReshapeKind(0, shape);
    /// <summary>A view with a new shape; fails when the memory layout does not allow one.</summary>
    public Tensor View(params long[] shape) => ReshapeKind(1, shape);
    /// <summary>Reorders dimensions (a view).</summary>
    public Tensor Permute(params long[] dims) => ReshapeKind(2, dims);
    /// <summary>Broadcasts size-1 dimensions to <paramref name="shape"/> without copying (-1 keeps a size).</summary>
    public Tensor Expand(params long[] shape) => ReshapeKind(3, shape);
    /// <summary>Tiles the tensor <paramref name="repeats"/> times along each dimension (a copy).</summary>
    public Tensor Repeat(params long[] repeats) => ReshapeKind(4, repeats);
    /// <summary>Swaps two dimensions (a view).</summary>
    public Tensor Transpose(long dim0, long dim1) => ShapeOp(0, dim0, dim1);
    /// <summary>Transpose of a 2-d tensor.</summary>
    public Tensor T() => ShapeOp(7);
    /// <summary>Removes every size-1 dimension.</summary>
    public Tensor Squeeze() => ShapeOp(1, long.MinValue);
    /// <summary>Removes dimension <paramref name="dim"/> if its size is 1.</summary>
    public Tensor Squeeze(long dim) => ShapeOp(1, dim);
    /// <summary>Inserts a size-1 dimension at <paramref name="dim"/>.</summary>
    public Tensor Unsqueeze(long dim) => ShapeOp(2, dim);
    /// <summary>Merges dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one.</summary>
    public Tensor Flatten(long startDim = 0, long endDim = -1) => ShapeOp(3, startDim, endDim);
    /// <summary>The slice at <paramref name="index"/> of dimension <paramref name="dim"/>, which is removed.</summary>
    public Tensor Select(long dim, long index) => ShapeOp(4, dim, index);
    /// <summary>A contiguous tensor with the same elements (this tensor's own handle when already contiguous).</summary>
    public Tensor Contiguous() => ShapeOp(5);
    /// <summary>A copy with its own storage (keeps the autograd history).</summary>
    public Tensor Clone() => ShapeOp(6);
    /// <summary>Lower triangle (elements above <paramref name="diagonal"/> set to zero).</summary>
    public Tensor Tril(long diagonal = 0) => ShapeOp(8, diagonal);
    /// <summary>Upper triangle.</summary>
    public Tensor Triu(long diagonal = 0) => ShapeOp(9, diagonal);
    /// <summary>One-hot encoding of an Int64 tensor of class indices; -1 infers the class count.</summary>
    public Tensor OneHot(long numClasses = -1) => ShapeOp(10, numClasses);

    /// <summary>Elements [start, start + length) of dimension <paramref name="dim"/> (a view).</summary>
    public Tensor Narrow(long dim, long start, long length) =>
        From(NativeMethods.mnd_slice(Handle, dim, start, length, 0, out IntPtr r), r);

    /// <summary>Elements start, start + step, ... before <paramref name="end"/> of dimension <paramref name="dim"/> (a view).</summary>
    public Tensor Slice(long dim, long start, long end, long step = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        return From(NativeMethods.mnd_slice(Handle, dim, start, end, step, out IntPtr r), r);
    }

    private unsafe Tensor[] Split(int kind, long n0, ReadOnlySpan<long> sizes, long dim, int capacity)
    {
        var ptrs = new IntPtr[Math.Max(capacity, 1)];
        int count;
        fixed (long* s = sizes)
        fixed (IntPtr* p = ptrs)
            StatusCheck.Check(NativeMethods.mnd_split(kind, Handle, n0, s, sizes.Length, dim, p, capacity, out count));
        var result = new Tensor[count];
        for (int i = 0; i < count; i++) result[i] = new Tensor(ptrs[i]);
        return result;
    }

    private int SplitCapacity(long dim, long chunk)
    {
        long size = Size((int)dim);
        return (int)Math.Max(1, (size + chunk - 1) / chunk);
    }

    /// <summary>Splits into pieces of <paramref name="splitSize"/> along <paramref name="dim"/> (the last may be smaller).</summary>
    public Tensor[] Split(long splitSize, long dim = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(splitSize);
        return Split(0, splitSize, default, dim, SplitCapacity(dim, splitSize));
    }

    /// <summary>Splits into pieces of the given sizes along <paramref name="dim"/>.</summary>
    public Tensor[] Split(long[] sizes, long dim = 0)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        return Split(1, 0, sizes, dim, sizes.Length);
    }

    /// <summary>Splits into <paramref name="chunks"/> nearly equal pieces along <paramref name="dim"/>.</summary>
    public Tensor[] Chunk(int chunks, long dim = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunks);
        return Split(2, chunks, default, dim, chunks);
    }

    /// <summary>The slices along <paramref name="dim"/>, each without that dimension.</summary>
    public Tensor[] Unbind(long dim = 0) => Split(3, 0, default, dim, (int)Size((int)dim));
}
