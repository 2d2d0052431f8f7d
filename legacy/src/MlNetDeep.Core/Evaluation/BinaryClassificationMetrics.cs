namespace MlNetDeep.Evaluation;

/// <summary>Quality of a binary classifier.</summary>
public sealed record BinaryClassificationMetrics
{
    /// <summary>Area under the ROC curve of the scores (ties count half).</summary>
    public required double AreaUnderRocCurve { get; init; }
    /// <summary>Area under the precision-recall curve as average precision (scikit-learn's average_precision_score).</summary>
    public required double AreaUnderPrecisionRecallCurve { get; init; }
    /// <summary>Fraction predicted correctly.</summary>
    public required double Accuracy { get; init; }
    /// <summary>Precision of the positive class.</summary>
    public required double PositivePrecision { get; init; }
    /// <summary>Recall of the positive class.</summary>
    public required double PositiveRecall { get; init; }
    /// <summary>F1 of the positive class.</summary>
    public required double F1Score { get; init; }
    /// <summary>Mean binary cross-entropy of the probabilities (NaN when no probability column).</summary>
    public required double LogLoss { get; init; }
    /// <summary>Counts[true, predicted] with classes (false, true).</summary>
    public required ConfusionMatrix ConfusionMatrix { get; init; }
}
