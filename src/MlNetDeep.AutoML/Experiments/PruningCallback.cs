using MlNetDeep.Deep.Training;

namespace MlNetDeep.AutoML.Experiments;

/// <summary>
/// Connects a deep trainer to multi-fidelity search: after each epoch it reports the epoch's
/// <see cref="Metric"/> (validation loss by default; the training loss when the epoch has no
/// such metric) to the trial, and stops training when the pruner says so or the trial's
/// budget runs out. Add it to the trainer's <c>Callbacks</c> inside the objective.
/// </summary>
public sealed class PruningCallback(TrialContext trial, string metric = "val_loss") : TrainingCallback
{
    /// <summary>The logged metric reported as the loss (lower is better; for accuracy report 1 − accuracy yourself).</summary>
    public string Metric { get; } = metric;

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingLogs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        double loss = logs.Metrics.TryGetValue(Metric, out double v) ? v : logs.Loss;
        if (trial.ShouldPrune(logs.Epoch, loss) || trial.Cancellation.IsCancellationRequested) StopTraining = true;
    }
}
