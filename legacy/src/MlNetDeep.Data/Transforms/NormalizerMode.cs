namespace MlNetDeep.Data.Transforms;

/// <summary>How <see cref="NormalizingEstimator"/> rescales each slot.</summary>
public enum NormalizerMode
{
    /// <summary>
    /// By the observed range. With fixZero (ML.NET's default) x / max(|min|, |max|), which
    /// keeps zeros at zero and maps into [-1, 1]; without, (x - min) / (max - min) into [0, 1].
    /// A constant slot maps to 0.
    /// </summary>
    MinMax,
    /// <summary>
    /// By the mean and the (population) standard deviation. With fixZero (ML.NET's default)
    /// x / std; without, (x - mean) / std. A constant slot maps to 0 (or is left unscaled).
    /// </summary>
    MeanVariance,
    /// <summary>Φ((ln x - μ) / σ) with μ, σ of ln x over positive values: a [0, 1] score for log-normal data; x ≤ 0 maps to 0.</summary>
    LogMeanVariance,
    /// <summary>Equal-frequency bins: the bin index divided by (bins - 1), into [0, 1].</summary>
    Binning,
}
