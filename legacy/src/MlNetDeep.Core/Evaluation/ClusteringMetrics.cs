namespace MlNetDeep.Evaluation;

/// <summary>Quality of a clustering.</summary>
public sealed record ClusteringMetrics
{
    /// <summary>Mean squared Euclidean distance of each row to the centre of its assigned cluster.</summary>
    public required double AverageDistance { get; init; }
    /// <summary>Davies-Bouldin index over the clusters' means (lower is better).</summary>
    public required double DaviesBouldinIndex { get; init; }
    /// <summary>Normalized mutual information with the labels (arithmetic normalization), NaN without labels.</summary>
    public required double NormalizedMutualInformation { get; init; }
}
