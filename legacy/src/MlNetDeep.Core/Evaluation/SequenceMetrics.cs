namespace MlNetDeep.Evaluation;

/// <summary>Quality of a next-token (language) model over scored positions.</summary>
public sealed record SequenceMetrics
{
    /// <summary>Fraction of positions whose most probable token is the true next token.</summary>
    public required double NextTokenAccuracy { get; init; }
    /// <summary>Mean -ln p(true next token) in nats.</summary>
    public required double CrossEntropy { get; init; }
    /// <summary>exp(<see cref="CrossEntropy"/>): the effective number of equally likely choices.</summary>
    public required double Perplexity { get; init; }
    /// <summary>Positions scored.</summary>
    public required long Positions { get; init; }
}
