using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>Eigh, SVD, QR and least squares reconstruct what they decompose; bad input is a typed error, not a LAPACK hang.</summary>
public class LinalgTests
{
    private static Tensor Matrix(double[,] values)
    {
        int r = values.GetLength(0), c = values.GetLength(1);
        return Tensor.FromArray(values.Cast<double>().ToArray(), r, c);
    }

    private static void Close(Tensor expected, Tensor actual, double tolerance = 1e-9)
    {
        double[] e = expected.Contiguous().ToArray<double>(), a = actual.Contiguous().ToArray<double>();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) < tolerance, $"entry {i}: {e[i]} vs {a[i]}");
    }

    [Fact]
    public void EighReconstructsASymmetricMatrixWithAscendingValues()
    {
        using var scope = Engine.NewDisposeScope();
        var a = Matrix(new double[,] { { 4, 1, 0 }, { 1, 3, 1 }, { 0, 1, 2 } });
        var (values, vectors) = Linalg.Eigh(a);
        double[] v = values.ToArray<double>();
        Assert.True(v[0] <= v[1] && v[1] <= v[2]);
        Close(a, vectors.Mul(values.Unsqueeze(0)).Mm(vectors.T()));
        Assert.Equal(9, v.Sum(), 9); // the trace
    }

    [Fact]
    public void SvdAndQrReconstructAndLstsqSolves()
    {
        using var scope = Engine.NewDisposeScope();
        var a = Matrix(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 7 } });
        var (u, s, vh) = Linalg.Svd(a);
        Assert.Equal([3L, 2L], u.Shape);
        Close(a, u.Mul(s.Unsqueeze(0)).Mm(vh));
        var (q, r) = Linalg.Qr(a);
        Close(a, q.Mm(r));
        Close(Matrix(new double[,] { { 1, 0 }, { 0, 1 } }), q.T().Mm(q));
        // An exactly consistent system: lstsq returns its solution.
        var x = Matrix(new double[,] { { 2 }, { -1 } });
        Close(x, Linalg.Lstsq(a, a.Mm(x)), 1e-9);
    }

    [Fact]
    public void BadInputIsRefusedBeforeOrByTheNativeCheck()
    {
        using var scope = Engine.NewDisposeScope();
        Assert.Contains("non-empty 2-D matrix", Assert.Throws<ArgumentException>(() => Linalg.Svd(Tensor.FromArray(new double[] { 1, 2, 3 }))).Message);
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => Linalg.Eigh(Tensors.Zeros([2, 3], DType.Float64))).Message);
        Assert.Contains("floating point", Assert.Throws<ArgumentException>(() => Linalg.Qr(Tensors.Zeros([2, 2], DType.Int64))).Message);
        Assert.Contains("2 rows", Assert.Throws<ArgumentException>(() => Linalg.Lstsq(Tensors.Zeros([2, 2], DType.Float64), Tensors.Zeros([3, 1], DType.Float64))).Message);
        var nan = Matrix(new double[,] { { 1, double.NaN }, { 0, 1 } });
        Assert.Contains("NaN", Assert.ThrowsAny<TorchException>(() => Linalg.Eigh(nan)).Message);
    }
}
