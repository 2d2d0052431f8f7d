namespace MlNetDeep.Data.Transforms;

/// <summary>
/// Learns per-slot statistics of Single columns (scalar or fixed-size vector) and rescales
/// them (see <see cref="NormalizerMode"/>). NaN values are ignored while fitting and stay
/// NaN in the output.
/// </summary>
public sealed class NormalizingEstimator : IEstimator<NormalizingTransformer>
{
    private readonly (string OutputColumnName, string InputColumnName)[] _columns;

    /// <summary>Creates the estimator.</summary>
    public NormalizingEstimator(NormalizerMode mode, (string OutputColumnName, string InputColumnName)[] columns, bool fixZero = true, int maximumNumberOfBins = 1024)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new ArgumentException("Name at least one column.", nameof(columns));
        if (maximumNumberOfBins < 2) throw new ArgumentOutOfRangeException(nameof(maximumNumberOfBins), maximumNumberOfBins, "Binning needs at least 2 bins.");
        Mode = mode;
        FixZero = fixZero;
        MaximumNumberOfBins = maximumNumberOfBins;
        _columns = columns.ToArray();
    }

    /// <summary>The rescaling.</summary>
    public NormalizerMode Mode { get; }
    /// <summary>Whether MinMax and MeanVariance keep zero at zero (no shift).</summary>
    public bool FixZero { get; }
    /// <summary>Bins for <see cref="NormalizerMode.Binning"/>.</summary>
    public int MaximumNumberOfBins { get; }

    internal const string Expected = "Single or a fixed-size Vector<Single>";

    /// <inheritdoc />
    public NormalizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShape.Create(input.Schema));
        var fns = _columns.Select(c => SlotStatistics.Fit(input, input.Schema[c.InputColumnName], Mode, FixZero, MaximumNumberOfBins)).ToArray();
        return new NormalizingTransformer(_columns, fns);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return inputSchema.With(_columns.Select(c => ColumnTypes.RequireSingle(inputSchema, c.InputColumnName, Expected) with { Name = c.OutputColumnName }).ToArray());
    }
}
