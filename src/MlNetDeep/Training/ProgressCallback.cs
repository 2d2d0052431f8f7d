using System.Diagnostics;
using System.Globalization;

namespace MlNetDeep.Training;

/// <summary>
/// Writes progress to a sink such as <c>Console.WriteLine</c>: within an epoch at most one line per
/// <see cref="Interval"/> (batch, loss, samples/s, ETA), and one line per epoch with its metrics.
/// </summary>
public sealed class ProgressCallback : TrainingCallback
{
    private readonly Action<string> _write;
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();

    /// <summary>Writes to <paramref name="write"/>; batch lines at most every <paramref name="interval"/> (default 10 s; <see cref="TimeSpan.Zero"/> for epoch lines only).</summary>
    public ProgressCallback(Action<string> write, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        (_write, Interval) = (write, interval ?? TimeSpan.FromSeconds(10));
    }

    /// <summary>The least time between two batch lines.</summary>
    public TimeSpan Interval { get; }

    /// <inheritdoc />
    public override void OnBatchEnd(TrainingLogs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (Interval <= TimeSpan.Zero || _sinceLine.Elapsed < Interval) return;
        _sinceLine.Restart();
        string of = logs.Batches > 0 ? $"/{logs.Batches}" : "";
        _write(string.Create(CultureInfo.InvariantCulture,
            $"epoch {logs.Epoch}/{logs.Epochs} batch {logs.Batch}{of}: loss {logs.Loss:F4}, {logs.SamplesPerSecond:F0} samples/s, ETA {Format(logs.Remaining)}"));
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingLogs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        _sinceLine.Restart();
        _write(Line(logs));
    }

    /// <summary>The epoch line, e.g. "epoch 2/10: loss 0.4123, accuracy 0.8512, val_loss 0.3981, 5210 samples/s, ETA 00:01:12".</summary>
    public static string Line(TrainingLogs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        string metrics = string.Concat(logs.Metrics.Where(m => m.Key != "learning_rate").Select(m => string.Create(CultureInfo.InvariantCulture, $", {m.Key} {m.Value:F4}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {logs.Epoch}/{logs.Epochs}: loss {logs.Loss:F4}{metrics}, {logs.SamplesPerSecond:F0} samples/s, ETA {Format(logs.Remaining)}");
    }

    private static string Format(TimeSpan t) => t.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
}
