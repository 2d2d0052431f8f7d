namespace MlNetDeep.Evaluation;

/// <summary>Quality of a regression model.</summary>
public sealed record RegressionMetrics
{
    /// <summary>Mean |label - score|.</summary>
    public required double MeanAbsoluteError { get; init; }
    /// <summary>Mean (label - score)².</summary>
    public required double MeanSquaredError { get; init; }
    /// <summary>sqrt of <see cref="MeanSquaredError"/>.</summary>
    public required double RootMeanSquaredError { get; init; }
    /// <summary>Coefficient of determination 1 - SSres / SStot (can be negative).</summary>
    public required double RSquared { get; init; }
}
