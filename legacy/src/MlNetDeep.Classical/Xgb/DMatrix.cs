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

    /// <summary>Copies the block into a new matrix, using <paramref name="threads"/> threads (0: one per core).</summary>
    /// <exception cref="ArgumentException">The block is not <paramref name="rows"/> × <paramref name="columns"/>, or holds an infinity.</exception>
    public unsafe DMatrix(ReadOnlySpan<float> data, int rows, int columns, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if ((long)rows * columns != data.Length)
            throw new ArgumentException($"A {rows} x {columns} matrix needs {(long)rows * columns} values; got {data.Length}.", nameof(data));
        int bad = IndexOfInfinity(data);
        if (bad >= 0) throw new ArgumentException($"Feature value at row {bad / columns}, column {bad % columns} is infinite; XGBoost takes finite values or NaN (missing).", nameof(data));
        (Rows, Columns) = (rows, columns);
        fixed (float* p = data)
        {
            string config = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{\"missing\": NaN, \"nthread\": {threads}}}");
            XgbNative.Check(XgbNative.XGDMatrixCreateFromDense(XgbNative.ArrayInterface(p, rows, columns), config, out IntPtr h));
            _handle.Set(h);
        }
    }

    private static int IndexOfInfinity(ReadOnlySpan<float> v) => v.IndexOfAny(float.PositiveInfinity, float.NegativeInfinity);

    internal IntPtr DangerousHandle => _handle.DangerousGetHandle();

    /// <summary>The labels set by <see cref="SetLabels"/> (empty before).</summary>
    public float[] Labels { get; private set; } = [];

    /// <summary>Sets the labels (one per row, finite).</summary>
    public void SetLabels(ReadOnlySpan<float> labels)
    {
        SetInfo("label", labels, "label");
        Labels = labels.ToArray();
    }

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

    /// <summary>A matrix of the view's rows (labels set when a label column is named), built with <paramref name="threads"/> threads (0: one per core).</summary>
    public static DMatrix FromView(IDataView data, string featureColumn, string? labelColumn, int threads = 0)
    {
        var (x, rows, width, y) = DenseData.Read(data, featureColumn, labelColumn);
        var d = new DMatrix(x, rows, width, threads);
        try
        {
            if (y is not null) d.SetLabels(y);
            return d;
        }
        catch
        {
            d.Dispose();
            throw;
        }
    }

    /// <summary>Frees the native matrix.</summary>
    public void Dispose() => _handle.Dispose();
}
