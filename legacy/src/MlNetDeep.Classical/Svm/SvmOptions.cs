namespace MlNetDeep.Classical.Svm;

/// <summary>The kernel of a libsvm model.</summary>
public enum SvmKernel
{
    /// <summary>u·v.</summary>
    Linear,
    /// <summary>(γ u·v + coef0)^degree.</summary>
    Polynomial,
    /// <summary>exp(−γ‖u − v‖²).</summary>
    Rbf,
    /// <summary>tanh(γ u·v + coef0).</summary>
    Sigmoid,
}

/// <summary>What an SVM learns, which fixes its libsvm type and output columns.</summary>
public enum SvmTask
{
    /// <summary>C-SVC on a Boolean label: <c>Score</c> (decision value, positive for true), <c>PredictedLabel</c>; with probabilities <c>Probability</c> too.</summary>
    Binary,
    /// <summary>C-SVC, one-vs-one, on a key label: <c>Score</c> (votes per class, or probabilities), <c>PredictedLabel</c>.</summary>
    Multiclass,
    /// <summary>ε-SVR on a Single label: <c>Score</c>.</summary>
    Regression,
    /// <summary>One-class SVM (anomaly detection, no label): <c>Score</c> (higher is more anomalous), <c>PredictedLabel</c> (true for anomalies).</summary>
    OneClass,
}

/// <summary>
/// Hyperparameters of the libsvm trainers (names follow scikit-learn's <c>SVC</c>, <c>SVR</c>,
/// <c>OneClassSVM</c>). <see cref="Validate"/> runs when a trainer is created; libsvm's own
/// <c>svm_check_parameter</c> runs before training.
/// </summary>
public sealed record SvmOptions
{
    /// <summary>Column of features (a Vector&lt;Single&gt; of known size, no NaN).</summary>
    public string FeatureColumnName { get; init; } = "Features";
    /// <summary>Column of labels (Boolean, key or Single by task; unused by one-class).</summary>
    public string LabelColumnName { get; init; } = "Label";
    /// <summary>The kernel.</summary>
    public SvmKernel Kernel { get; init; } = SvmKernel.Rbf;
    /// <summary>Penalty of margin violations (C-SVC and ε-SVR).</summary>
    public double C { get; init; } = 1;
    /// <summary>Kernel γ; null is scikit-learn's "scale": 1 / (features × variance of all training values).</summary>
    public double? Gamma { get; init; }
    /// <summary>Degree of the polynomial kernel.</summary>
    public int Degree { get; init; } = 3;
    /// <summary>coef0 of the polynomial and sigmoid kernels.</summary>
    public double Coef0 { get; init; }
    /// <summary>Width of ε-SVR's insensitive tube.</summary>
    public double Epsilon { get; init; } = 0.1;
    /// <summary>ν of the one-class SVM: an upper bound on the fraction of training outliers, a lower bound on the fraction of support vectors.</summary>
    public double Nu { get; init; } = 0.5;
    /// <summary>Stopping tolerance of the solver.</summary>
    public double Tolerance { get; init; } = 1e-3;
    /// <summary>Kernel cache in megabytes.</summary>
    public double CacheSizeMb { get; init; } = 200;
    /// <summary>Use libsvm's shrinking heuristic.</summary>
    public bool Shrinking { get; init; } = true;
    /// <summary>
    /// Up to this many training rows, the whole kernel matrix is computed first (one single-precision GEMM
    /// through libtorch) and libsvm trains on it as a precomputed kernel — libsvm's own kernel evaluation walks
    /// sparse rows one pair at a time, several times slower on dense data. It costs rows² × 16 bytes of memory
    /// (1.6 GB at 10,000 rows). 0: always let libsvm evaluate the kernel. The model keeps the chosen kernel either way.
    /// </summary>
    public int PrecomputedKernelMaxRows { get; init; } = 10_000;
    /// <summary>Seed of the probability fit's shuffles (null: the context's next seed).</summary>
    public int? Seed { get; init; }
    /// <summary>Fit Platt-scaled probabilities (libsvm runs an internal 5-fold cross-validation: about 5× the training time).</summary>
    public bool Probability { get; init; }

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
        Check(Enum.IsDefined(Kernel), $"Kernel must be Linear, Polynomial, Rbf or Sigmoid. Received: {Kernel}.");
        Check(C > 0 && double.IsFinite(C), $"C must be a finite number > 0. Received: {C}.");
        Check(Gamma is null || (Gamma > 0 && double.IsFinite(Gamma.Value)), $"Gamma must be a finite number > 0 (or null for 'scale'). Received: {Gamma}.");
        Check(Degree is >= 1 and <= 100, $"Degree must be in [1, 100]. Received: {Degree}.");
        Check(double.IsFinite(Coef0), $"Coef0 must be finite. Received: {Coef0}.");
        Check(Epsilon >= 0 && double.IsFinite(Epsilon), $"Epsilon must be >= 0. Received: {Epsilon}.");
        Check(Nu is > 0 and <= 1, $"Nu must be in (0, 1]. Received: {Nu}.");
        Check(Tolerance > 0 && double.IsFinite(Tolerance), $"Tolerance must be > 0. Received: {Tolerance}.");
        Check(PrecomputedKernelMaxRows >= 0, $"PrecomputedKernelMaxRows must be >= 0. Received: {PrecomputedKernelMaxRows}.");
        Check(CacheSizeMb > 0 && double.IsFinite(CacheSizeMb), $"CacheSizeMb must be > 0. Received: {CacheSizeMb}.");
    }
}
