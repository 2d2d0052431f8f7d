using System.Globalization;

namespace MlNetDeep.Classical.Trees;

/// <summary>
/// Hyperparameters of the XGBoost trainers (the single source of them: AutoML sweeps these
/// records, cloning is <c>with</c>). Names follow ML.NET's tree trainers; each documents the
/// XGBoost parameter it sets. <see cref="Validate"/> runs when a trainer is created.
/// For a random forest, use <c>XGBoostForest</c> on a catalog (one round of
/// <see cref="ParallelTrees"/> trees, learning rate 1, row and column subsampling).
/// </summary>
public sealed record XGBoostOptions
{
    /// <summary>Column of features (a Vector&lt;Single&gt; of known size; NaN is a missing value).</summary>
    public string FeatureColumnName { get; init; } = "Features";
    /// <summary>Column of labels: a key (multiclass), Boolean (binary) or Single (regression).</summary>
    public string LabelColumnName { get; init; } = "Label";
    /// <summary>Boosting rounds (<c>num_boost_round</c>); each adds one tree per class (times <see cref="ParallelTrees"/>).</summary>
    public int NumberOfRounds { get; init; } = 100;
    /// <summary>Shrinkage of each round's trees (<c>eta</c>).</summary>
    public double LearningRate { get; init; } = 0.3;
    /// <summary>Deepest tree (<c>max_depth</c>).</summary>
    public int MaxDepth { get; init; } = 6;
    /// <summary>Smallest hessian sum in a leaf (<c>min_child_weight</c>).</summary>
    public double MinChildWeight { get; init; } = 1;
    /// <summary>Smallest loss reduction that makes a split (<c>gamma</c>).</summary>
    public double MinSplitGain { get; init; }
    /// <summary>Fraction of rows sampled per tree (<c>subsample</c>), in (0, 1].</summary>
    public double Subsample { get; init; } = 1;
    /// <summary>Fraction of features sampled per tree (<c>colsample_bytree</c>), in (0, 1].</summary>
    public double FeatureFractionPerTree { get; init; } = 1;
    /// <summary>Fraction of features sampled per split (<c>colsample_bynode</c>), in (0, 1].</summary>
    public double FeatureFractionPerNode { get; init; } = 1;
    /// <summary>L2 penalty on leaf weights (<c>lambda</c>).</summary>
    public double L2Regularization { get; init; } = 1;
    /// <summary>L1 penalty on leaf weights (<c>alpha</c>).</summary>
    public double L1Regularization { get; init; }
    /// <summary>Histogram bins per feature (<c>max_bin</c>) of the <c>hist</c> tree method.</summary>
    public int MaxBins { get; init; } = 256;
    /// <summary>Trees grown per class per round (<c>num_parallel_tree</c>): more than 1 with one round is a random forest.</summary>
    public int ParallelTrees { get; init; } = 1;
    /// <summary>Training threads (<c>nthread</c>; null: one per core). Prediction runs single-threaded per row.</summary>
    public int? NumberOfThreads { get; init; }
    /// <summary>Stop when the validation metric has not improved for this many rounds (0: never); the model keeps the best round's trees.</summary>
    public int EarlyStoppingRounds { get; init; }
    /// <summary>Fraction of the training data held out for validation (0: none; or pass a validation set to Fit).</summary>
    public double ValidationFraction { get; init; }
    /// <summary>Seed of row and column sampling (null: the context's next seed).</summary>
    public int? Seed { get; init; }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and gives the value received.</exception>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }
        static bool Fraction(double v) => v > 0 && v <= 1;
        Check(!string.IsNullOrEmpty(FeatureColumnName), "FeatureColumnName must be set.");
        Check(!string.IsNullOrEmpty(LabelColumnName), "LabelColumnName must be set.");
        Check(NumberOfRounds > 0, $"NumberOfRounds must be > 0. Received: {NumberOfRounds}.");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), $"LearningRate must be a finite number > 0. Received: {LearningRate}.");
        Check(MaxDepth is > 0 and <= 64, $"MaxDepth must be in [1, 64]. Received: {MaxDepth}.");
        Check(MinChildWeight >= 0 && double.IsFinite(MinChildWeight), $"MinChildWeight must be >= 0. Received: {MinChildWeight}.");
        Check(MinSplitGain >= 0 && double.IsFinite(MinSplitGain), $"MinSplitGain must be >= 0. Received: {MinSplitGain}.");
        Check(Fraction(Subsample), $"Subsample must be in (0, 1]. Received: {Subsample}.");
        Check(Fraction(FeatureFractionPerTree), $"FeatureFractionPerTree must be in (0, 1]. Received: {FeatureFractionPerTree}.");
        Check(Fraction(FeatureFractionPerNode), $"FeatureFractionPerNode must be in (0, 1]. Received: {FeatureFractionPerNode}.");
        Check(L2Regularization >= 0 && double.IsFinite(L2Regularization), $"L2Regularization must be >= 0. Received: {L2Regularization}.");
        Check(L1Regularization >= 0 && double.IsFinite(L1Regularization), $"L1Regularization must be >= 0. Received: {L1Regularization}.");
        Check(MaxBins is >= 2 and <= 65536, $"MaxBins must be in [2, 65536]. Received: {MaxBins}.");
        Check(ParallelTrees > 0, $"ParallelTrees must be > 0. Received: {ParallelTrees}.");
        Check(NumberOfThreads is null or > 0, $"NumberOfThreads must be > 0. Received: {NumberOfThreads}.");
        Check(EarlyStoppingRounds >= 0, $"EarlyStoppingRounds must be >= 0. Received: {EarlyStoppingRounds}.");
        Check(ValidationFraction is >= 0 and < 1, $"ValidationFraction must be in [0, 1). Received: {ValidationFraction}.");
    }

    /// <summary>The XGBoost parameters these options set (besides the objective).</summary>
    internal IEnumerable<(string Name, string Value)> Parameters(int seed)
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        yield return ("tree_method", "hist");
        yield return ("eta", F(LearningRate));
        yield return ("max_depth", I(MaxDepth));
        yield return ("min_child_weight", F(MinChildWeight));
        yield return ("gamma", F(MinSplitGain));
        yield return ("subsample", F(Subsample));
        yield return ("colsample_bytree", F(FeatureFractionPerTree));
        yield return ("colsample_bynode", F(FeatureFractionPerNode));
        yield return ("lambda", F(L2Regularization));
        yield return ("alpha", F(L1Regularization));
        yield return ("max_bin", I(MaxBins));
        yield return ("num_parallel_tree", I(ParallelTrees));
        yield return ("nthread", I(NumberOfThreads ?? Environment.ProcessorCount));
        yield return ("seed", I(seed));
        yield return ("verbosity", "0");
    }
}
