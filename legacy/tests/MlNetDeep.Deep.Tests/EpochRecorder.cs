using MlNetDeep.Deep.Training;

namespace MlNetDeep.Deep.Tests;

/// <summary>Records every epoch's logs, then runs <paramref name="then"/> (to cancel, stamp files, …).</summary>
internal sealed class EpochRecorder(List<TrainingLogs> epochs, Action<TrainingLogs>? then = null) : TrainingCallback
{
    public override void OnEpochEnd(TrainingLogs logs)
    {
        epochs.Add(logs);
        then?.Invoke(logs);
    }
}
