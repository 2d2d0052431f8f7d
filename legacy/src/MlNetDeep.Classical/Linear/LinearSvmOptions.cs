namespace MlNetDeep.Classical.Linear;

/// <summary>The loss of a linear SVM.</summary>
public enum SvmLoss
{
    /// <summary>max(0, 1 − y·w·x): the classic SVM (L1-loss).</summary>
    Hinge,
    /// <summary>max(0, 1 − y·w·x)²: differentiable, scikit-learn's and liblinear's default (L2-loss).</summary>
    SquaredHinge,
}

/// <summary>
/// Hyperparameters of the linear SVM (scikit-learn's <c>LinearSVC</c>, liblinear's dual solvers):
/// minimizes ½‖w‖² + C Σ loss, with the bias learned as the weight of a constant feature
/// <see cref="BiasFeature"/> (so it is regularized too, as in liblinear).
/// </summary>
public sealed record LinearSvmOptions
{
    /// <summary>Column of features (a Vector&lt;Single&gt; of known size, no NaN).</summary>
    public string FeatureColumnName { get; init; } = "Features";
    /// <summary>Column of labels: Boolean (binary) or a key (one-vs-rest multiclass).</summary>
    public string LabelColumnName { get; init; } = "Label";
    /// <summary>Penalty of margin violations.</summary>
    public double C { get; init; } = 1;
    /// <summary>The loss.</summary>
    public SvmLoss Loss { get; init; } = SvmLoss.SquaredHinge;
    /// <summary>Stop when the projected gradient's spread over a pass is below this (liblinear's eps).</summary>
    public double Tolerance { get; init; } = 1e-4;
    /// <summary>Passes over the data at most.</summary>
    public int MaximumIterations { get; init; } = 1000;
    /// <summary>Value of the constant feature whose weight is the bias (scikit-learn's <c>intercept_scaling</c>; 0: no bias).</summary>
    public double BiasFeature { get; init; } = 1;
    /// <summary>Seed of the coordinate order (null: the context's next seed).</summary>
    public int? Seed { get; init; }

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
        Check(C > 0 && double.IsFinite(C), $"C must be a finite number > 0. Received: {C}.");
        Check(Enum.IsDefined(Loss), $"Loss must be Hinge or SquaredHinge. Received: {Loss}.");
        Check(Tolerance > 0 && double.IsFinite(Tolerance), $"Tolerance must be > 0. Received: {Tolerance}.");
        Check(MaximumIterations > 0, $"MaximumIterations must be > 0. Received: {MaximumIterations}.");
        Check(BiasFeature >= 0 && double.IsFinite(BiasFeature), $"BiasFeature must be >= 0. Received: {BiasFeature}.");
    }
}
