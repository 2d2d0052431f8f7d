using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

// Reductions, arg-reductions, sorting and top-k.
public sealed partial class Tensor
{
    private unsafe Tensor Reduce(ReduceOp op, ReadOnlySpan<long> dims, bool keepDim, bool all)
    {
        fixed (long* d = dims)
            return From(NativeMethods.mnd_reduce((int)op, Handle, d, all ? -1 : dims.Length, keepDim ? 1 : 0, out IntPtr r), r);
    }

    /// <summary>Sum of all elements (a 0-d tensor).</summary>
    public Tensor Sum() => Reduce(ReduceOp.Sum, default, false, true);
    /// <summary>Sum over <paramref name="dims"/>.</summary>
    public Tensor Sum(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Sum, dims, keepDim, false);
    /// <summary>Sum over one dimension.</summary>
    public Tensor Sum(long dim, bool keepDim = false) => Reduce(ReduceOp.Sum, [dim], keepDim, false);
    /// <summary>Mean of all elements.</summary>
    public Tensor Mean() => Reduce(ReduceOp.Mean, default, false, true);
    /// <summary>Mean over <paramref name="dims"/>.</summary>
    public Tensor Mean(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Mean, dims, keepDim, false);
    /// <summary>Mean over one dimension.</summary>
    public Tensor Mean(long dim, bool keepDim = false) => Reduce(ReduceOp.Mean, [dim], keepDim, false);
    /// <summary>Product of all elements.</summary>
    public Tensor Prod() => Reduce(ReduceOp.Prod, default, false, true);
    /// <summary>Product over one dimension.</summary>
    public Tensor Prod(long dim, bool keepDim = false) => Reduce(ReduceOp.Prod, [dim], keepDim, false);
    /// <summary>Largest element.</summary>
    public Tensor Max() => Reduce(ReduceOp.Amax, default, false, true);
    /// <summary>Largest element over <paramref name="dims"/> (values only; see <see cref="MaxWithIndices"/>).</summary>
    public Tensor Amax(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Amax, dims, keepDim, false);
    /// <summary>Smallest element.</summary>
    public Tensor Min() => Reduce(ReduceOp.Amin, default, false, true);
    /// <summary>Smallest element over <paramref name="dims"/>.</summary>
    public Tensor Amin(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Amin, dims, keepDim, false);
    /// <summary>Unbiased standard deviation of all elements.</summary>
    public Tensor Std() => Reduce(ReduceOp.Std, default, false, true);
    /// <summary>Unbiased standard deviation over <paramref name="dims"/>.</summary>
    public Tensor Std(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Std, dims, keepDim, false);
    /// <summary>Unbiased variance of all elements.</summary>
    public Tensor Var() => Reduce(ReduceOp.Var, default, false, true);
    /// <summary>Unbiased variance over <paramref name="dims"/>.</summary>
    public Tensor Var(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Var, dims, keepDim, false);
    /// <summary>log(sum(exp(x))) over <paramref name="dims"/>, computed stably.</summary>
    public Tensor LogSumExp(long[] dims, bool keepDim = false) => Reduce(ReduceOp.LogSumExp, dims, keepDim, false);
    /// <summary>Euclidean norm of all elements.</summary>
    public Tensor Norm() => Reduce(ReduceOp.Norm, default, false, true);
    /// <summary>Euclidean norm over <paramref name="dims"/>.</summary>
    public Tensor Norm(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Norm, dims, keepDim, false);
    /// <summary>True when every element is non-zero.</summary>
    public Tensor All() => Reduce(ReduceOp.All, default, false, true);
    /// <summary>True when any element is non-zero.</summary>
    public Tensor Any() => Reduce(ReduceOp.Any, default, false, true);
    /// <summary>Index of the largest element of the flattened tensor.</summary>
    public Tensor ArgMax() => Reduce(ReduceOp.ArgMax, default, false, true);
    /// <summary>Indices of the largest elements along <paramref name="dim"/>.</summary>
    public Tensor ArgMax(long dim, bool keepDim = false) => Reduce(ReduceOp.ArgMax, [dim], keepDim, false);
    /// <summary>Index of the smallest element of the flattened tensor.</summary>
    public Tensor ArgMin() => Reduce(ReduceOp.ArgMin, default, false, true);
    /// <summary>Indices of the smallest elements along <paramref name="dim"/>.</summary>
    public Tensor ArgMin(long dim, bool keepDim = false) => Reduce(ReduceOp.ArgMin, [dim], keepDim, false);
    /// <summary>Cumulative sum along <paramref name="dim"/>.</summary>
    public Tensor CumSum(long dim) => Reduce(ReduceOp.CumSum, [dim], false, false);

    private (Tensor, Tensor) ValuesIndices(int kind, long dim, long k, bool f0, bool f1)
    {
        int st = NativeMethods.mnd_values_indices(kind, Handle, dim, k, f0 ? 1 : 0, f1 ? 1 : 0, out IntPtr v, out IntPtr i);
        StatusCheck.Check(st);
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>Largest values along <paramref name="dim"/> and their indices.</summary>
    public (Tensor Values, Tensor Indices) MaxWithIndices(long dim, bool keepDim = false) => ValuesIndices(0, dim, 0, keepDim, false);
    /// <summary>Smallest values along <paramref name="dim"/> and their indices.</summary>
    public (Tensor Values, Tensor Indices) MinWithIndices(long dim, bool keepDim = false) => ValuesIndices(1, dim, 0, keepDim, false);
    /// <summary>Sorts along <paramref name="dim"/>; returns sorted values and their original indices.</summary>
    public (Tensor Values, Tensor Indices) Sort(long dim = -1, bool descending = false) => ValuesIndices(2, dim, 0, descending, false);

    /// <summary>Indices that sort along <paramref name="dim"/>.</summary>
    public Tensor ArgSort(long dim = -1, bool descending = false)
    {
        var (values, indices) = Sort(dim, descending);
        values.Dispose();
        return indices;
    }

    /// <summary>The <paramref name="k"/> largest (or smallest) values along <paramref name="dim"/> and their indices.</summary>
    public (Tensor Values, Tensor Indices) TopK(long k, long dim = -1, bool largest = true, bool sorted = true) =>
        ValuesIndices(3, dim, k, largest, sorted);
}
