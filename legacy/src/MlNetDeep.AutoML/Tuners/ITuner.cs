using MlNetDeep.AutoML.SearchSpaces;

namespace MlNetDeep.AutoML.Tuners;

/// <summary>
/// Proposes points of a search space and learns from their results. Losses are minimized; a
/// failed trial reports +∞ (or NaN, read as +∞). Proposals may be outstanding several at once
/// (trials running in parallel); reports may arrive in any order.
/// </summary>
public interface ITuner
{
    /// <summary>The space searched.</summary>
    SearchSpace Space { get; }

    /// <summary>The next point to try, or null when the tuner has nothing left to propose (a finished grid).</summary>
    ParameterSet? Propose();

    /// <summary>Reports the <paramref name="loss"/> and <paramref name="cost"/> (e.g. seconds) of a trial of <paramref name="point"/>.</summary>
    void Report(ParameterSet point, double loss, double cost);
}

/// <summary>A finished trial as a tuner sees it.</summary>
/// <param name="Point">The parameters tried.</param>
/// <param name="Loss">The loss (lower is better; +∞ for a failure).</param>
/// <param name="Cost">What it cost (seconds).</param>
public sealed record Observation(ParameterSet Point, double Loss, double Cost)
{
    /// <summary>The loss with NaN read as +∞.</summary>
    public double SafeLoss => double.IsNaN(Loss) ? double.PositiveInfinity : Loss;
}
