using MlNetDeep.AutoML.SearchSpaces;

namespace MlNetDeep.AutoML.Tuners;

/// <summary>Uniform random search (Bergstra and Bengio, 2012): every point independent of the results.</summary>
public sealed class RandomTuner(SearchSpace space, int seed = 0) : ITuner
{
    private readonly Random _random = new(seed);

    /// <inheritdoc />
    public SearchSpace Space { get; } = space ?? throw new ArgumentNullException(nameof(space));

    /// <inheritdoc />
    public ParameterSet? Propose() => Space.Sample(_random);

    /// <inheritdoc />
    public void Report(ParameterSet point, double loss, double cost)
    {
    }
}
