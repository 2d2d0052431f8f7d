using MlNetDeep.AutoML.SearchSpaces;

namespace MlNetDeep.AutoML.Experiments;

/// <summary>How a trial ended.</summary>
public enum TrialStatus
{
    /// <summary>Started and not finished (a trial found in this state after a crash was interrupted).</summary>
    Running,
    /// <summary>Finished with a loss.</summary>
    Completed,
    /// <summary>Threw; its error is recorded and the experiment went on.</summary>
    Failed,
    /// <summary>Stopped by the budget, cancellation or its timeout.</summary>
    Stopped,
    /// <summary>Stopped early by the pruner (multi-fidelity): its loss is the last it reported.</summary>
    Pruned,
}

/// <summary>One trial of an experiment, as recorded in the store.</summary>
/// <param name="Id">1-based, in order of proposal.</param>
/// <param name="Parameters">The point tried.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Loss">The loss (lower is better; +∞ unless completed).</param>
/// <param name="Metrics">Further metrics the objective reported (e.g. accuracy).</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Error">The error of a failed trial.</param>
public sealed record Trial(int Id, ParameterSet Parameters, TrialStatus Status, double Loss, IReadOnlyDictionary<string, double> Metrics, double Seconds, string? Error);

/// <summary>What an objective returns: the loss to minimize and any metrics to record.</summary>
/// <param name="Loss">Lower is better (e.g. 1 − accuracy).</param>
/// <param name="Metrics">Recorded beside the loss.</param>
public sealed record TrialResult(double Loss, IReadOnlyDictionary<string, double>? Metrics = null);

/// <summary>
/// What an objective gets: its parameters, its id, a token that fires at the budget, on
/// cancellation or at the trial timeout, and <see cref="ShouldPrune"/> for intermediate results.
/// </summary>
public sealed class TrialContext
{
    private readonly IPruner? _pruner;

    /// <summary>Creates the context of one trial.</summary>
    public TrialContext(int id, ParameterSet parameters, CancellationToken cancellation, IPruner? pruner = null) =>
        (Id, Parameters, Cancellation, _pruner) = (id, parameters, cancellation, pruner);

    /// <summary>The trial's id.</summary>
    public int Id { get; }
    /// <summary>The point to evaluate.</summary>
    public ParameterSet Parameters { get; }
    /// <summary>Stop when signalled.</summary>
    public CancellationToken Cancellation { get; }
    /// <summary>Whether the pruner stopped the trial.</summary>
    public bool Pruned { get; private set; }

    private readonly List<(int Resource, double Loss)> _reports = [];

    /// <summary>The last intermediate loss reported (+∞ before any).</summary>
    public double LastLoss
    {
        get { lock (_reports) return _reports.Count == 0 ? double.PositiveInfinity : _reports[^1].Loss; }
    }

    /// <summary>The last resource reported (epochs, rounds; 0 before any).</summary>
    public int LastResource
    {
        get { lock (_reports) return _reports.Count == 0 ? 0 : _reports[^1].Resource; }
    }

    /// <summary>Every intermediate loss reported, in order (recorded with the trial as <c>loss@resource</c> metrics, so a resumed experiment can rebuild its pruner).</summary>
    public IReadOnlyList<(int Resource, double Loss)> Reports
    {
        get { lock (_reports) return _reports.ToArray(); }
    }

    /// <summary>
    /// Reports the loss after <paramref name="resource"/> units (e.g. the validation loss after an
    /// epoch); true means stop now — return (the trial is recorded as pruned with this loss).
    /// Always false without a pruner.
    /// </summary>
    public bool ShouldPrune(int resource, double loss)
    {
        lock (_reports) _reports.Add((resource, loss));
        if (_pruner is null || Pruned) return Pruned;
        return Pruned = _pruner.ShouldStop(Id, resource, loss);
    }
}
