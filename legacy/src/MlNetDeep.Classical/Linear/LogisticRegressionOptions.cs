namespace MlNetDeep.Classical.Linear;

/// <summary>
/// Hyperparameters of logistic regression (binary on a Boolean label, multinomial on a key
/// label). The objective is scikit-learn's: the summed log loss plus
/// <see cref="L2Regularization"/>/2·‖W‖² plus <see cref="L1Regularization"/>·‖W‖₁ (biases
/// unpenalized), so <c>L2Regularization = 1/C</c> of scikit-learn's <c>LogisticRegression</c>.
/// Solved by L-BFGS from zero weights (OWL-QN when L1 &gt; 0): deterministic, no seed.
/// </summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>Column of features (a Vector&lt;Single&gt; of known size, no NaN).</summary>
    public string FeatureColumnName { get; init; } = "Features";
    /// <summary>Column of labels: a key (multinomial) or Boolean (binary).</summary>
    public string LabelColumnName { get; init; } = "Label";
    /// <summary>Weight of the L2 penalty (1/C in scikit-learn).</summary>
    public double L2Regularization { get; init; } = 1;
    /// <summary>Weight of the L1 penalty (0: none; above 0 the solver is OWL-QN and drives weights to exactly 0).</summary>
    public double L1Regularization { get; init; }
    /// <summary>L-BFGS iterations (scikit-learn's <c>max_iter</c>).</summary>
    public int MaximumIterations { get; init; } = 100;
    /// <summary>Stop when no gradient entry exceeds this (scikit-learn's <c>tol</c>).</summary>
    public double GradientTolerance { get; init; } = 1e-4;
    /// <summary>Correction pairs L-BFGS keeps.</summary>
    public int HistorySize { get; init; } = 10;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and gives the value received.</exception>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }
        Check(!string.IsNullOrEmpty(FeatureColumnName), "FeatureColumnName must be set.");
        Check(!string.IsNullOrEmpty(LabelColumnName), "LabelColumnName must be set.");
        Check(L2Regularization >= 0 && double.IsFinite(L2Regularization), $"L2Regularization must be >= 0. Received: {L2Regularization}.");
        Check(L1Regularization >= 0 && double.IsFinite(L1Regularization), $"L1Regularization must be >= 0. Received: {L1Regularization}.");
        Check(MaximumIterations > 0, $"MaximumIterations must be > 0. Received: {MaximumIterations}.");
        Check(GradientTolerance >= 0 && double.IsFinite(GradientTolerance), $"GradientTolerance must be >= 0. Received: {GradientTolerance}.");
        Check(HistorySize > 0, $"HistorySize must be > 0. Received: {HistorySize}.");
    }
}
