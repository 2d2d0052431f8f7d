namespace MlNetDeep.Training;

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>All planned epochs ran.</summary>
    Completed,
    /// <summary>The validation loss stopped improving (early stopping); the best weights were restored.</summary>
    EarlyStopping,
    /// <summary>The time budget ran out; the model is the one trained so far.</summary>
    TimeBudget,
    /// <summary>A callback asked to stop.</summary>
    Callback,
}

/// <summary>A fitted model's training history: one <see cref="TrainingLogs"/> per epoch (resumed epochs included), and how it ended.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<TrainingLogs> epochs, StopReason stop, int? bestEpoch)
    {
        (Epochs, Stop, BestEpoch) = (epochs, stop, bestEpoch);
    }

    /// <summary>The epochs, in order.</summary>
    public IReadOnlyList<TrainingLogs> Epochs { get; }

    /// <summary>Why training ended.</summary>
    public StopReason Stop { get; }

    /// <summary>The epoch whose weights the model holds when early stopping restored them (null otherwise).</summary>
    public int? BestEpoch { get; }

    /// <summary>The last epoch's logs, if any epoch ran.</summary>
    public TrainingLogs? Last => Epochs.Count > 0 ? Epochs[^1] : null;

    /// <summary>A metric per epoch, e.g. <c>Metric("val_loss")</c> (NaN where an epoch lacks it); "loss" gives the training loss.</summary>
    public IReadOnlyList<double> Metric(string name) =>
        Epochs.Select(e => name == "loss" ? e.Loss : e.Metrics.TryGetValue(name, out double v) ? v : double.NaN).ToArray();
}
