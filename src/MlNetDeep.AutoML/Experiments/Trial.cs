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

/// <summary>What an objective gets: its parameters, its id, and a token that fires at the budget, on cancellation or at the trial timeout.</summary>
/// <param name="Id">The trial's id.</param>
/// <param name="Parameters">The point to evaluate.</param>
/// <param name="Cancellation">Stop when signalled.</param>
public sealed record TrialContext(int Id, ParameterSet Parameters, CancellationToken Cancellation);
