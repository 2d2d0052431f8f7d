using MlNetDeep.Catalogs;
using MlNetDeep.Data.Transforms;

namespace MlNetDeep.Data;

/// <summary>
/// Transform factories on <c>ctx.Transforms</c>: column operations, concatenation,
/// normalization, key mapping. Input column names default to the output name.
/// </summary>
public static class TransformsCatalogExtensions
{
    /// <summary>Copies <paramref name="inputColumnName"/> to <paramref name="outputColumnName"/>.</summary>
    public static IEstimator<ColumnCopyingTransformer> CopyColumns(this TransformsCatalog catalog, string outputColumnName, string inputColumnName)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ColumnCopyingTransformer((outputColumnName, inputColumnName));
    }

    /// <summary>Removes the named columns.</summary>
    public static IEstimator<ColumnSelectingTransformer> DropColumns(this TransformsCatalog catalog, params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ColumnSelectingTransformer(columnNames, keep: false);
    }

    /// <summary>Keeps only the named columns.</summary>
    public static IEstimator<ColumnSelectingTransformer> SelectColumns(this TransformsCatalog catalog, params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ColumnSelectingTransformer(columnNames, keep: true);
    }

    /// <summary>Joins scalar and vector columns of one item type into a vector column.</summary>
    public static IEstimator<ColumnConcatenatingTransformer> Concatenate(this TransformsCatalog catalog, string outputColumnName, params string[] inputColumnNames)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ColumnConcatenatingTransformer(outputColumnName, inputColumnNames);
    }

    /// <summary>Rescales by the observed range (see <see cref="NormalizerMode.MinMax"/>).</summary>
    public static NormalizingEstimator NormalizeMinMax(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, bool fixZero = true) =>
        Normalize(catalog, NormalizerMode.MinMax, [new InputOutputColumnPair(outputColumnName, inputColumnName)], fixZero);

    /// <summary>Rescales by mean and standard deviation (see <see cref="NormalizerMode.MeanVariance"/>).</summary>
    public static NormalizingEstimator NormalizeMeanVariance(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, bool fixZero = true) =>
        Normalize(catalog, NormalizerMode.MeanVariance, [new InputOutputColumnPair(outputColumnName, inputColumnName)], fixZero);

    /// <summary>Maps log-normal data to [0, 1] (see <see cref="NormalizerMode.LogMeanVariance"/>).</summary>
    public static NormalizingEstimator NormalizeLogMeanVariance(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null) =>
        Normalize(catalog, NormalizerMode.LogMeanVariance, [new InputOutputColumnPair(outputColumnName, inputColumnName)]);

    /// <summary>Equal-frequency binning into [0, 1] (see <see cref="NormalizerMode.Binning"/>).</summary>
    public static NormalizingEstimator NormalizeBinning(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, int maximumNumberOfBins = 1024) =>
        Normalize(catalog, NormalizerMode.Binning, [new InputOutputColumnPair(outputColumnName, inputColumnName)], maximumNumberOfBins: maximumNumberOfBins);

    /// <summary>Normalizes several columns with one mode.</summary>
    public static NormalizingEstimator Normalize(this TransformsCatalog catalog, NormalizerMode mode, InputOutputColumnPair[] columns, bool fixZero = true, int maximumNumberOfBins = 1024)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columns);
        return new NormalizingEstimator(mode, columns.Select(c => c.Pair).ToArray(), fixZero, maximumNumberOfBins);
    }

    /// <summary>Learns the values of a column and maps them to keys (class names kept as key values).</summary>
    public static ValueToKeyMappingEstimator MapValueToKey(this TransformsCatalog.ConversionTransforms catalog, string outputColumnName, string? inputColumnName = null,
        int maximumNumberOfKeys = 1_000_000, ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality = ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence) =>
        MapValueToKey(catalog, [new InputOutputColumnPair(outputColumnName, inputColumnName)], maximumNumberOfKeys, keyOrdinality);

    /// <summary>Maps several columns to keys.</summary>
    public static ValueToKeyMappingEstimator MapValueToKey(this TransformsCatalog.ConversionTransforms catalog, InputOutputColumnPair[] columns,
        int maximumNumberOfKeys = 1_000_000, ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality = ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columns);
        return new ValueToKeyMappingEstimator(columns.Select(c => c.Pair).ToArray(), maximumNumberOfKeys, keyOrdinality);
    }

    /// <summary>Maps keys back to their value names (text).</summary>
    public static IEstimator<KeyToValueMappingTransformer> MapKeyToValue(this TransformsCatalog.ConversionTransforms catalog, string outputColumnName, string? inputColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new KeyToValueMappingTransformer((outputColumnName, inputColumnName ?? outputColumnName));
    }

    /// <summary>Indicator vectors of the learned values of a column (see <see cref="OneHotEncodingEstimator"/>).</summary>
    public static OneHotEncodingEstimator OneHotEncoding(this TransformsCatalog.CategoricalTransforms catalog, string outputColumnName, string? inputColumnName = null,
        int maximumNumberOfKeys = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new OneHotEncodingEstimator([(outputColumnName, inputColumnName ?? outputColumnName)], maximumNumberOfKeys);
    }

    /// <summary>Indicator vectors of hashed values, without a vocabulary (see <see cref="OneHotHashEncodingTransformer"/>).</summary>
    public static IEstimator<OneHotHashEncodingTransformer> OneHotHashEncoding(this TransformsCatalog.CategoricalTransforms catalog, string outputColumnName,
        string? inputColumnName = null, int numberOfBits = 16)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new OneHotHashEncodingTransformer(outputColumnName, inputColumnName, numberOfBits);
    }

    /// <summary>Replaces NaN with a learned value (see <see cref="ReplaceMissingValuesEstimator"/>).</summary>
    public static ReplaceMissingValuesEstimator ReplaceMissingValues(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        ReplaceMissingValuesEstimator.ReplacementMode replacementMode = ReplaceMissingValuesEstimator.ReplacementMode.Mean)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ReplaceMissingValuesEstimator([(outputColumnName, inputColumnName ?? outputColumnName)], replacementMode);
    }

    /// <summary>All monomials of the input up to <paramref name="degree"/> (see <see cref="PolynomialFeaturesTransformer"/>).</summary>
    public static IEstimator<PolynomialFeaturesTransformer> PolynomialFeatures(this TransformsCatalog catalog, string outputColumnName, string inputColumnName, int degree,
        bool includeBias = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PolynomialFeaturesTransformer(outputColumnName, inputColumnName, degree, includeBias);
    }
}
