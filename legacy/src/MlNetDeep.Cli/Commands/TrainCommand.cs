using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetDeep.Cli.Compare;
using MlNetDeep.Cli.Specs;
using MlNetDeep.Torch;

namespace MlNetDeep.Cli.Commands;

/// <summary><c>mlnetdeep train</c>: fits one pipeline spec, evaluates it on the spec's test set and saves the model zip.</summary>
internal static class TrainCommand
{
    internal const string Usage = """
        usage: mlnetdeep train <pipeline.yaml> [--output ZIP] [--quick] [--budget SECONDS] [--seed N] [--threads N] [--result FILE] [--progress-json] [--verbose]
          Fits the pipeline on its training data, evaluates it on its test data, and prints key=value results.
          --output ZIP       save the fitted pipeline as a model zip
          --quick            apply the spec's 'quick' overrides (smaller data, fewer epochs)
          --budget SECONDS   time budget of the fit (deep trainers stop at it; default: the spec's budget_seconds)
          --seed N           seed of the context (default 1)
          --threads N        libtorch intra-op threads (default: processor count)
          --result FILE      also write the full result (metrics, learning curve, confusion matrix) as JSON
          --progress-json    progress as JSON lines on stdout (used by compare)
        """;

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly JsonSerializerOptions ProgressJson = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    internal static int Run(string[] args)
    {
        var cl = new CommandLine(args, ["--output", "--budget", "--seed", "--threads", "--result"], ["--quick", "--progress-json", "--verbose"]);
        string specPath = cl.Positional(0, "the pipeline spec (e.g. pipelines/fashion-mnist/cnn.yaml)");
        cl.AtMostPositionals(1);
        if (cl.PositiveInt("--threads") is { } threads) Engine.NumThreads = threads;
        var spec = PipelineSpec.Load(specPath, cl.Flag("--quick"));
        var budget = cl.PositiveDouble("--budget") is { } b ? TimeSpan.FromSeconds(b) : (TimeSpan?)null;
        bool json = cl.Flag("--progress-json");
        var stdout = Console.Out;
        Action<PipelineRun.Progress> progress = json ? p => Emit(stdout, p) : p =>
        {
            if (p.Epoch is null && p.Batch is null) Console.Error.WriteLine($"[{spec.Name}] {p.Phase}");
        };
        RunResult result;
        try
        {
            result = PipelineRun.Run(spec, cl.PositiveInt("--seed") ?? 1, budget, cl.Value("--output"), progress,
                json ? null : batches => ConsoleProgressBar.ForConsole(batches));
        }
        catch (Exception e) when (json && cl.Value("--result") is not null && e is not SpecException)
        {
            // Compare reads the reason from the result file: the run failed, the experiment goes on.
            result = new RunResult { Name = spec.Name, SpecFile = spec.File, Trainer = spec.TrainerName, Task = PipelineSpec.Snake(spec.Task), Status = "failed", Error = e.Message };
            File.WriteAllText(cl.Value("--result")!, JsonSerializer.Serialize(result, Json));
            Console.Error.WriteLine($"mlnetdeep: {e.Message}");
            return 1;
        }
        if (cl.Value("--result") is { } path) File.WriteAllText(path, JsonSerializer.Serialize(result, Json));
        if (!json) Print(Console.Out, result);
        return 0;
    }

    private static void Emit(TextWriter output, PipelineRun.Progress p)
    {
        var o = new Dictionary<string, object> { ["phase"] = p.Phase };
        if (p.Epoch is { } e) { o["epoch"] = e.Epoch; o["epochs"] = e.Epochs; o["loss"] = e.Loss; foreach (var (k, v) in e.Metrics) o[k] = v; }
        if (p.Batch is { } b) { o["epoch"] = b.Epoch; o["epochs"] = b.Epochs; o["batch"] = b.Batch; o["batches"] = p.BatchesPerEpoch; o["loss"] = b.Loss; o["remaining_s"] = b.Remaining.TotalSeconds; }
        lock (output) output.WriteLine("@progress " + JsonSerializer.Serialize(o, ProgressJson));
        output.Flush();
    }

    internal static void Print(TextWriter o, RunResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine($"pipeline={r.Name}");
        o.WriteLine($"trainer={r.Trainer}");
        foreach (var (k, v) in r.Metrics) o.WriteLine(string.Create(inv, $"{k}={v:F4}"));
        o.WriteLine(string.Create(inv, $"train_rows={r.TrainRows}"));
        o.WriteLine(string.Create(inv, $"train_seconds={r.TrainSeconds:F1}"));
        o.WriteLine(string.Create(inv, $"predict_p50_us={r.PredictP50Us:F1}"));
        o.WriteLine(string.Create(inv, $"predict_p99_us={r.PredictP99Us:F1}"));
        o.WriteLine(string.Create(inv, $"model_bytes={r.ModelBytes}"));
        o.WriteLine(string.Create(inv, $"peak_memory_mb={r.PeakMemoryMb:F0}"));
        if (r.ModelPath is not null) o.WriteLine($"model={r.ModelPath}");
    }
}
