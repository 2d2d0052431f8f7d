using System.Globalization;

namespace MlNetDeep.Deep.Training;

/// <summary>Writes one line per epoch (loss, metrics, samples/s, ETA) to a sink such as Console.WriteLine.</summary>
public sealed class ProgressCallback(Action<string> write) : TrainingCallback
{
    /// <inheritdoc />
    public override void OnEpochEnd(TrainingLogs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        string metrics = string.Join(", ", logs.Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F4}")));
        write(string.Create(CultureInfo.InvariantCulture,
            $"epoch {logs.Epoch}/{logs.Epochs}: loss {logs.Loss:F4}, {metrics}, {logs.SamplesPerSecond:F0} samples/s, ETA {logs.Remaining:hh\\:mm\\:ss}"));
    }
}
