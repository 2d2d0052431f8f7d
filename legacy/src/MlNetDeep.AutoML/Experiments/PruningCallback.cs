using MlNetDeep.Deep.Training;

namespace MlNetDeep.AutoML.Experiments;

/// <summary>
/// Connects a deep trainer to multi-fidelity search: after each epoch it reports the epoch's
/// <see cref="Metric"/> (validation loss by default; the training loss when the epoch has no
/// such metric) to the trial, and stops training when the pruner says so; when the trial's
/// token fires it throws <see cref="OperationCanceledException"/> at the next batch. Add it to the trainer's <c>Callbacks</c> inside the objective. With
/// <paramref name="higherIsBetter"/> (e.g. <c>val_accuracy</c>) it reports 1 − the metric, so
/// intermediate losses are in the units of an objective that returns 1 − accuracy.
/// </summary>
public sealed class PruningCallback(TrialContext trial, string metric = "val_loss", bool higherIsBetter = false) : TrainingCallback
{
    /// <summary>The logged metric reported as the loss.</summary>
    public string Metric { get; } = metric;

    /// <summary>Whether the metric grows as the model improves (reported as 1 − metric).</summary>
    public bool HigherIsBetter { get; } = higherIsBetter;

    /// <summary>A trial whose token fired (budget, timeout, cancellation) stops at the next batch, not at the epoch's end.</summary>
    public override void OnBatchEnd(TrainingLogs logs) => trial.Cancellation.ThrowIfCancellationRequested();

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingLogs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        double loss = logs.Metrics.TryGetValue(Metric, out double v) ? (HigherIsBetter ? 1 - v : v) : logs.Loss;
        if (trial.ShouldPrune(logs.Epoch, loss) || trial.Cancellation.IsCancellationRequested) StopTraining = true;
    }
}
