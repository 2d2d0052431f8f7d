namespace MlNetDeep.Deep.Models;

/// <summary>
/// Activation and arg-max over one row's handful of outputs, as plain loops. The vectorized
/// generic kernels of System.Numerics.Tensors cost ~10 ms of JIT on the first prediction of a
/// process, far more than they save on ten values.
/// </summary>
internal static class RowMath
{
    /// <summary>Numerically stable softmax in place.</summary>
    public static void Softmax(Span<float> v)
    {
        if (v.IsEmpty) return;
        float max = v[0];
        for (int i = 1; i < v.Length; i++) if (v[i] > max || float.IsNaN(v[i])) max = v[i];
        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = MathF.Exp(v[i] - max);
            sum += v[i];
        }
        float inv = (float)(1.0 / sum);
        for (int i = 0; i < v.Length; i++) v[i] *= inv;
    }

    /// <summary>Logistic sigmoid in place.</summary>
    public static void Sigmoid(Span<float> v)
    {
        for (int i = 0; i < v.Length; i++) v[i] = 1f / (1f + MathF.Exp(-v[i]));
    }

    /// <summary>Index of the largest value (the first on ties; a NaN wins, as it poisons the row).</summary>
    public static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++)
        {
            if (float.IsNaN(v[best])) break;
            if (v[i] > v[best] || float.IsNaN(v[i])) best = i;
        }
        return best;
    }
}
