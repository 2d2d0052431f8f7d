namespace MlNetDeep.Classical.Xgb;

/// <summary>
/// An XGBoost data matrix built from a dense row-major float block (NaN marks a missing value,
/// which XGBoost routes down each split's learned default branch), with optional labels and
/// row weights. Sizes and values are checked here before XGBoost sees them.
/// </summary>
internal sealed class DMatrix : IDisposable
{
    private readonly XgbHandle _handle = new(XgbNative.XGDMatrixFree);

    /// <summary>Rows.</summary>
    public int Rows { get; }
    /// <summary>Columns (features).</summary>
    public int Columns { get; }

    /// <exception cref="ArgumentException">The block is not <paramref name="rows"/> × <paramref name="columns"/>, or holds an infinity.</exception>
    public unsafe DMatrix(ReadOnlySpan<float> data, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if ((long)rows * columns != data.Length)
            throw new ArgumentException($"A {rows} x {columns} matrix needs {(long)rows * columns} values; got {data.Length}.", nameof(data));
        int bad = IndexOfInfinity(data);
        if (bad >= 0) throw new ArgumentException($"Feature value at row {bad / columns}, column {bad % columns} is infinite; XGBoost takes finite values or NaN (missing).", nameof(data));
        (Rows, Columns) = (rows, columns);
        fixed (float* p = data)
        {
            XgbNative.Check(XgbNative.XGDMatrixCreateFromMat(p, (ulong)rows, (ulong)columns, float.NaN, out IntPtr h));
            _handle.Set(h);
        }
    }

    private static int IndexOfInfinity(ReadOnlySpan<float> v)
    {
        for (int i = 0; i < v.Length; i++)
            if (float.IsInfinity(v[i])) return i;
        return -1;
    }

    internal IntPtr DangerousHandle => _handle.DangerousGetHandle();

    /// <summary>Sets the labels (one per row, finite).</summary>
    public void SetLabels(ReadOnlySpan<float> labels) => SetInfo("label", labels, "label");

    /// <summary>Sets per-row weights (one per row, finite and non-negative).</summary>
    public void SetWeights(ReadOnlySpan<float> weights)
    {
        for (int i = 0; i < weights.Length; i++)
            if (weights[i] < 0) throw new ArgumentException($"Weight of row {i} is {weights[i]}; weights must be >= 0.", nameof(weights));
        SetInfo("weight", weights, "weight");
    }

    private unsafe void SetInfo(string field, ReadOnlySpan<float> values, string what)
    {
        if (values.Length != Rows) throw new ArgumentException($"{Rows} rows need {Rows} {what}s; got {values.Length}.", nameof(values));
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) throw new ArgumentException($"The {what} of row {i} is {values[i]}; it must be finite.", nameof(values));
        fixed (float* p = values)
            XgbNative.Check(XgbNative.XGDMatrixSetFloatInfo(DangerousHandle, field, p, (ulong)values.Length));
    }

    /// <summary>Frees the native matrix.</summary>
    public void Dispose() => _handle.Dispose();
}
