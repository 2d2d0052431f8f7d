namespace MlNetDeep.Evaluation;

/// <summary>Quality of a multi-class classifier (see <see cref="MulticlassEvaluator"/> for definitions).</summary>
public sealed record MulticlassClassificationMetrics
{
    /// <summary>Fraction of rows predicted correctly (accuracy).</summary>
    public required double MicroAccuracy { get; init; }
    /// <summary>Mean over classes of each class's recall (balanced accuracy).</summary>
    public required double MacroAccuracy { get; init; }
    /// <summary>Mean of -ln p(true class), probabilities clipped to [1e-15, 1 - 1e-15].</summary>
    public required double LogLoss { get; init; }
    /// <summary>1 - LogLoss / (log-loss of predicting the class frequencies of the data): 0 is no better than the prior, 1 is perfect.</summary>
    public required double LogLossReduction { get; init; }
    /// <summary>Fraction of rows whose true class is among the top <see cref="TopKPredictionCount"/> scores (0 when not requested).</summary>
    public required double TopKAccuracy { get; init; }
    /// <summary>The k of <see cref="TopKAccuracy"/> (0: not computed).</summary>
    public required int TopKPredictionCount { get; init; }
    /// <summary>Per-class precision (0 for a class never predicted).</summary>
    public required IReadOnlyList<double> PerClassPrecision { get; init; }
    /// <summary>Per-class recall (0 for a class never present).</summary>
    public required IReadOnlyList<double> PerClassRecall { get; init; }
    /// <summary>Per-class F1 (0 when precision + recall is 0).</summary>
    public required IReadOnlyList<double> PerClassF1 { get; init; }
    /// <summary>Mean of the per-class F1.</summary>
    public required double MacroF1 { get; init; }
    /// <summary>Per-class log-loss (mean over rows of that class).</summary>
    public required IReadOnlyList<double> PerClassLogLoss { get; init; }
    /// <summary>The confusion matrix with class names.</summary>
    public required ConfusionMatrix ConfusionMatrix { get; init; }
}
