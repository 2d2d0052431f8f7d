namespace MlNetDeep.Model;

/// <summary>How a model was made, stored in its zip: the training options and the final metrics.</summary>
/// <param name="TrainingOptions">Option names and values (as text).</param>
/// <param name="Metrics">Metric names and values.</param>
public sealed record ModelProvenance(IReadOnlyDictionary<string, string> TrainingOptions, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>No provenance.</summary>
    public static ModelProvenance Empty { get; } = new(new Dictionary<string, string>(), new Dictionary<string, double>());
}
