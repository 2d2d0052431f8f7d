using MlNetDeep.Torch;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>Assertions on tensor contents.</summary>
internal static class TensorAssert
{
    internal static void Close(double[] expected, Tensor actual, double tol = 1e-5)
    {
        using Tensor d = actual.To(DType.Float64);
        double[] a = d.ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(expected[i] - a[i]) <= tol * (1 + Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {a[i]} (all: [{string.Join(", ", a)}])");
    }

    internal static void Shape(long[] expected, Tensor actual) => Assert.Equal(expected, actual.Shape);
}
