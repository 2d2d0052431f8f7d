namespace MlNetDeep.Evaluation;

/// <summary>Quality of a multi-label classifier.</summary>
public sealed record MultiLabelClassificationMetrics
{
    /// <summary>Fraction of (row, label) decisions that are wrong.</summary>
    public required double HammingLoss { get; init; }
    /// <summary>Fraction of rows whose whole label set is predicted exactly.</summary>
    public required double SubsetAccuracy { get; init; }
    /// <summary>F1 over all (row, label) decisions pooled.</summary>
    public required double MicroF1 { get; init; }
    /// <summary>Mean of the per-label F1 (0 for a label never present nor predicted).</summary>
    public required double MacroF1 { get; init; }
    /// <summary>F1 of each label.</summary>
    public required IReadOnlyList<double> PerLabelF1 { get; init; }
}
