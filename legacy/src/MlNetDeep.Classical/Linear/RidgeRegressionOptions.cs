namespace MlNetDeep.Classical.Linear;

/// <summary>
/// Hyperparameters of ridge regression: minimizes ‖y − Xw − b‖² + <see cref="L2Regularization"/>·‖w‖²
/// (scikit-learn's <c>Ridge(alpha)</c>; Bishop's λ in E(w) = ½Σ(y − t)² + λ/2‖w‖²), the
/// intercept unpenalized.
/// </summary>
public sealed record RidgeRegressionOptions
{
    /// <summary>Column of features (a Vector&lt;Single&gt; of known size, no NaN).</summary>
    public string FeatureColumnName { get; init; } = "Features";
    /// <summary>Column of the target (Single, finite).</summary>
    public string LabelColumnName { get; init; } = "Label";
    /// <summary>Weight of the L2 penalty λ (0: ordinary least squares, minimum-norm when the features are collinear).</summary>
    public double L2Regularization { get; init; } = 1;
    /// <summary>Fit an unpenalized intercept (centre the features and target first).</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and gives the value received.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(FeatureColumnName)) throw new ArgumentException("FeatureColumnName must be set.");
        if (string.IsNullOrEmpty(LabelColumnName)) throw new ArgumentException("LabelColumnName must be set.");
        if (!(L2Regularization >= 0 && double.IsFinite(L2Regularization))) throw new ArgumentException($"L2Regularization must be >= 0. Received: {L2Regularization}.");
    }
}
