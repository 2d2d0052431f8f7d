using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

// Gathers, scatters and masks. Indices are Int64 tensors; out-of-range indices raise
// TorchIndexException (libtorch checks them before reading).
public sealed partial class Tensor
{
    private Tensor Index(int kind, long dim, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return From(NativeMethods.mnd_index(kind, Handle, dim, index.Handle, out IntPtr r), r);
    }

    private Tensor Scatter(int kind, long dim, Tensor index, Tensor source)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(source);
        return From(NativeMethods.mnd_scatter(kind, Handle, dim, index.Handle, source.Handle, out IntPtr r), r);
    }

    /// <summary>The entries of dimension <paramref name="dim"/> listed by the 1-d <paramref name="index"/>.</summary>
    public Tensor IndexSelect(long dim, Tensor index) => Index(0, dim, index);
    /// <summary>out[i][j] = this[index[i][j]][j] for dim 0 (and likewise for other dims).</summary>
    public Tensor Gather(long dim, Tensor index) => Index(1, dim, index);
    /// <summary>The elements where <paramref name="mask"/> is true, as a 1-d tensor.</summary>
    public Tensor MaskedSelect(Tensor mask) => Index(2, 0, mask);
    /// <summary>Elements of the flattened tensor at <paramref name="index"/>.</summary>
    public Tensor Take(Tensor index) => Index(3, 0, index);
    /// <summary>A copy with <paramref name="source"/> written at <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public Tensor Scatter(long dim, Tensor index, Tensor source) => Scatter(0, dim, index, source);
    /// <summary>A copy with <paramref name="source"/> added at <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public Tensor ScatterAdd(long dim, Tensor index, Tensor source) => Scatter(1, dim, index, source);
    /// <summary>A copy with rows of <paramref name="source"/> added at the 1-d <paramref name="index"/> of <paramref name="dim"/>.</summary>
    public Tensor IndexAdd(long dim, Tensor index, Tensor source) => Scatter(2, dim, index, source);

    /// <summary>A copy with <paramref name="value"/> where <paramref name="mask"/> is true (broadcast).</summary>
    public Tensor MaskedFill(Tensor mask, double value)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return From(NativeMethods.mnd_masked_fill(Handle, mask.Handle, value, 0, out IntPtr r), r);
    }

    /// <summary>Writes <paramref name="value"/> where <paramref name="mask"/> is true, in place.</summary>
    public Tensor MaskedFill_(Tensor mask, double value)
    {
        ArgumentNullException.ThrowIfNull(mask);
        StatusCheck.Check(NativeMethods.mnd_masked_fill(Handle, mask.Handle, value, 1, out _));
        return this;
    }

    /// <summary>Element-wise choice: <paramref name="ifTrue"/> where <paramref name="condition"/> holds, else <paramref name="ifFalse"/>.</summary>
    public static Tensor Where(Tensor condition, Tensor ifTrue, Tensor ifFalse)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(ifTrue);
        ArgumentNullException.ThrowIfNull(ifFalse);
        return From(NativeMethods.mnd_where(condition.Handle, ifTrue.Handle, ifFalse.Handle, out IntPtr r), r);
    }
}
