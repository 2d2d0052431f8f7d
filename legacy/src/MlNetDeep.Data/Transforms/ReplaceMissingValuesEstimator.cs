namespace MlNetDeep.Data.Transforms;

/// <summary>
/// ReplaceMissingValues: replaces NaN in Single columns (scalar or fixed-size vector, per
/// slot) with a value learned from the non-missing ones: the mean, minimum, maximum, or a
/// constant default (0). A slot with no value at all while fitting is filled with 0.
/// </summary>
public sealed class ReplaceMissingValuesEstimator : IEstimator<ReplaceMissingValuesTransformer>
{
    private readonly (string OutputColumnName, string InputColumnName)[] _columns;

    /// <summary>What replaces a missing value.</summary>
    public enum ReplacementMode
    {
        /// <summary>0.</summary>
        DefaultValue,
        /// <summary>The slot's mean.</summary>
        Mean,
        /// <summary>The slot's minimum.</summary>
        Minimum,
        /// <summary>The slot's maximum.</summary>
        Maximum,
    }

    /// <summary>Creates the estimator.</summary>
    public ReplaceMissingValuesEstimator((string OutputColumnName, string InputColumnName)[] columns, ReplacementMode mode = ReplacementMode.Mean)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new ArgumentException("Name at least one column.", nameof(columns));
        _columns = columns.ToArray();
        Mode = mode;
    }

    /// <summary>The replacement.</summary>
    public ReplacementMode Mode { get; }

    /// <inheritdoc />
    public ReplaceMissingValuesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShape.Create(input.Schema));
        var fills = _columns.Select(c => Learn(input, input.Schema[c.InputColumnName])).ToArray();
        return new ReplaceMissingValuesTransformer(_columns, fills);
    }

    private float[] Learn(IDataView data, DataViewSchema.Column col)
    {
        int slots = ColumnTypes.SlotCount(col.Type);
        var sum = new double[slots]; var n = new long[slots];
        var min = Enumerable.Repeat(double.PositiveInfinity, slots).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, slots).ToArray();
        long rows = 0;
        using (var cursor = data.GetRowCursor([col]))
        {
            void Visit(int i, float x)
            {
                if (float.IsNaN(x)) return;
                sum[i] += x; n[i]++; min[i] = Math.Min(min[i], x); max[i] = Math.Max(max[i], x);
            }
            if (col.Type is VectorDataViewType)
            {
                var g = cursor.GetGetter<VBuffer<float>>(col);
                var b = default(VBuffer<float>);
                while (cursor.MoveNext()) { g(ref b); var v = b.GetValues(); for (int i = 0; i < v.Length; i++) Visit(i, v[i]); rows++; }
            }
            else
            {
                var g = cursor.GetGetter<float>(col);
                float x = 0;
                while (cursor.MoveNext()) { g(ref x); Visit(0, x); rows++; }
            }
        }
        if (rows == 0 && Mode != ReplacementMode.DefaultValue)
            throw new ArgumentException($"Cannot learn replacement values for column '{col.Name}': the data has no rows.");
        return Enumerable.Range(0, slots).Select(i => n[i] == 0 ? 0f : Mode switch
        {
            ReplacementMode.Mean => (float)(sum[i] / n[i]),
            ReplacementMode.Minimum => (float)min[i],
            ReplacementMode.Maximum => (float)max[i],
            _ => 0f,
        }).ToArray();
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return inputSchema.With(_columns.Select(c => ColumnTypes.RequireSingle(inputSchema, c.InputColumnName, NormalizingEstimator.Expected) with { Name = c.OutputColumnName }).ToArray());
    }
}
