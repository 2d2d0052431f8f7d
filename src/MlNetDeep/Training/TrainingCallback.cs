namespace MlNetDeep.Training;

/// <summary>
/// Keras-style hooks into training; every method is a no-op by default. Setting
/// <see cref="StopTraining"/> ends training after the current epoch.
/// </summary>
public abstract class TrainingCallback
{
    /// <summary>Set to true to stop after the current epoch.</summary>
    public bool StopTraining { get; protected set; }

    /// <summary>Before the first epoch (of this process: a resumed run begins after its checkpoint).</summary>
    public virtual void OnTrainBegin() { }

    /// <summary>After each batch.</summary>
    public virtual void OnBatchEnd(TrainingLogs logs) { }

    /// <summary>After each epoch, with the validation metrics when there is validation data.</summary>
    public virtual void OnEpochEnd(TrainingLogs logs) { }

    /// <summary>After training ends, normally or not (<paramref name="last"/>: the last epoch's logs, if any).</summary>
    public virtual void OnTrainEnd(TrainingLogs? last) { }
}
