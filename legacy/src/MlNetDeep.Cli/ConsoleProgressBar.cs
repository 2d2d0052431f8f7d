using System.Diagnostics;
using System.Globalization;
using MlNetDeep.Deep.Training;

namespace MlNetDeep.Cli;

/// <summary>
/// The CLI's training progress: on a terminal, one bar redrawn in place (epoch, batch, loss,
/// samples/s, ETA; at most ten redraws a second); always, one summary line per epoch. The bar goes
/// to stderr so stdout stays the command's results.
/// </summary>
internal sealed class ConsoleProgressBar(int batchesPerEpoch, TextWriter lines, TextWriter? bar) : TrainingCallback
{
    private const int Width = 30;
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private int _drawn; // length of the bar on screen (0: none)

    /// <summary>A bar on stderr when stderr is a terminal, epoch lines on stdout.</summary>
    public static ConsoleProgressBar ForConsole(int batchesPerEpoch) =>
        new(batchesPerEpoch, Console.Out, Console.IsErrorRedirected ? null : Console.Error);

    /// <inheritdoc />
    public override void OnBatchEnd(TrainingLogs logs)
    {
        if (bar is null || (_sinceDraw.ElapsedMilliseconds < 100 && logs.Batch < batchesPerEpoch)) return;
        _sinceDraw.Restart();
        string line = Render(logs, batchesPerEpoch);
        bar.Write("\r" + line.PadRight(_drawn));
        _drawn = line.Length;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingLogs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (_drawn > 0) bar!.Write("\r" + new string(' ', _drawn) + "\r");
        _drawn = 0;
        string metrics = string.Concat(logs.Metrics.Where(m => m.Key != "learning_rate")
            .Select(m => string.Create(CultureInfo.InvariantCulture, $", {m.Key.Replace('_', ' ')} {m.Value:F4}")));
        lines.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {logs.Epoch}/{logs.Epochs}: loss {logs.Loss:F4}{metrics}, {logs.SamplesPerSecond:F0} samples/s, {logs.Elapsed:hh\\:mm\\:ss} elapsed"));
    }

    /// <summary>One bar line, e.g. <c>epoch 2/10 [#########.....] 512/938 loss 0.3412 1830 samples/s ETA 00:04:12</c>.</summary>
    internal static string Render(TrainingLogs logs, int batchesPerEpoch)
    {
        int total = Math.Max(1, batchesPerEpoch), done = Math.Clamp(logs.Batch, 0, total);
        int filled = done * Width / total;
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {logs.Epoch}/{logs.Epochs} [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total} loss {logs.Loss:F4} {logs.SamplesPerSecond:F0} samples/s ETA {logs.Remaining:hh\\:mm\\:ss}");
    }
}
