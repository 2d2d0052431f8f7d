using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

/// <summary>
/// Dense linear algebra on 2-D floating-point tensors through libtorch's LAPACK kernels. Shapes
/// and dtypes are checked here before the native call; a NaN or infinity is refused natively
/// with a typed exception (LAPACK would otherwise loop or return garbage).
/// </summary>
public static class Linalg
{
    private static void RequireMatrix(Tensor a, string name)
    {
        ArgumentNullException.ThrowIfNull(a, name);
        long[] shape = a.Shape;
        if (shape.Length != 2 || shape[0] == 0 || shape[1] == 0)
            throw new ArgumentException($"'{name}' must be a non-empty 2-D matrix; got shape [{string.Join(", ", shape)}].", name);
        if (!a.DType.IsFloatingPoint()) throw new ArgumentException($"'{name}' must be floating point; got {a.DType}.", name);
    }

    /// <summary>Eigenvalues (ascending) [n] and eigenvectors (as columns) [n, n] of a symmetric matrix (its lower triangle is read).</summary>
    public static (Tensor Values, Tensor Vectors) Eigh(Tensor symmetric)
    {
        RequireMatrix(symmetric, nameof(symmetric));
        if (symmetric.Shape[0] != symmetric.Shape[1]) throw new ArgumentException($"Eigh needs a square matrix; got [{string.Join(", ", symmetric.Shape)}].", nameof(symmetric));
        StatusCheck.Check(NativeMethods.mnd_linalg_eigh(symmetric.Handle, out IntPtr v, out IntPtr w));
        return (new Tensor(v), new Tensor(w));
    }

    /// <summary>Singular value decomposition A = U·diag(S)·Vh; reduced factors unless <paramref name="fullMatrices"/>. S is descending.</summary>
    public static (Tensor U, Tensor S, Tensor Vh) Svd(Tensor a, bool fullMatrices = false)
    {
        RequireMatrix(a, nameof(a));
        StatusCheck.Check(NativeMethods.mnd_linalg_svd(a.Handle, fullMatrices ? 1 : 0, out IntPtr u, out IntPtr s, out IntPtr vh));
        return (new Tensor(u), new Tensor(s), new Tensor(vh));
    }

    /// <summary>Reduced QR decomposition A = Q·R (Q has orthonormal columns, R is upper triangular).</summary>
    public static (Tensor Q, Tensor R) Qr(Tensor a)
    {
        RequireMatrix(a, nameof(a));
        StatusCheck.Check(NativeMethods.mnd_linalg_qr(a.Handle, out IntPtr q, out IntPtr r));
        return (new Tensor(q), new Tensor(r));
    }

    /// <summary>The least-squares solution X [n, k] of A·X = B for A [m, n] and B [m, k] (SVD based: rank-deficient systems get the minimum-norm solution).</summary>
    public static Tensor Lstsq(Tensor a, Tensor b)
    {
        RequireMatrix(a, nameof(a));
        RequireMatrix(b, nameof(b));
        if (a.Shape[0] != b.Shape[0]) throw new ArgumentException($"A has {a.Shape[0]} rows but B has {b.Shape[0]}.", nameof(b));
        if (a.DType != b.DType) throw new ArgumentException($"A is {a.DType} but B is {b.DType}.", nameof(b));
        StatusCheck.Check(NativeMethods.mnd_linalg_lstsq(a.Handle, b.Handle, out IntPtr x));
        return new Tensor(x);
    }
}
