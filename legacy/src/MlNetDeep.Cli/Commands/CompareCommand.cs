using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlNetDeep.Cli.Compare;
using MlNetDeep.Cli.Specs;
using Spectre.Console;

namespace MlNetDeep.Cli.Commands;

/// <summary>
/// <c>mlnetdeep compare</c>: runs pipeline specs one after another on the same test data, each
/// in its own process (so its peak memory is its own, its time budget is enforced, and a crash
/// fails one row rather than the comparison), then writes the leaderboard, the best model's
/// zip and the HTML report.
/// </summary>
internal static class CompareCommand
{
    internal const string Usage = """
        usage: mlnetdeep compare [PIPELINE.yaml|DIR ...] [--output DIR] [--quick] [--budget SECONDS] [--seed N] [--threads N] [--plain] [--verbose]
          Trains and evaluates each pipeline on one identical split and ranks them.
          PIPELINE|DIR       specs, or directories of *.yaml specs (default: the Fashion-MNIST comparison, pipelines/fashion-mnist)
          --output DIR       where the leaderboard (csv, json), best-model.zip, report.html and each model go (default: compare-results)
          --quick            apply each spec's 'quick' overrides (the whole comparison in about two minutes)
          --budget SECONDS   time budget of every pipeline (default: each spec's budget_seconds)
          --seed N           seed of every run (default 1)
          --threads N        libtorch threads per run (default: processor count)
          --plain            progress as plain lines instead of a live table
        """;

    private sealed class Row(PipelineSpec spec)
    {
        public PipelineSpec Spec { get; } = spec;
        public string Status { get; set; } = "waiting";
        public string Detail { get; set; } = "";
        public RunResult? Result { get; set; }
    }

    internal static int Run(string[] args)
    {
        var cl = new CommandLine(args, ["--output", "--budget", "--seed", "--threads"], ["--quick", "--plain", "--verbose"]);
        var paths = cl.Positionals.Count > 0 ? cl.Positionals : [DefaultPipelines()];
        var files = paths.SelectMany(Expand).ToList();
        if (files.Count == 0) throw new UsageException($"No pipeline specs (*.yaml, *.yml, *.json) in {string.Join(", ", paths)}.");
        bool quick = cl.Flag("--quick");
        var specs = files.Select(f => PipelineSpec.Load(f, quick)).ToList();
        var duplicate = specs.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new UsageException($"Two pipelines are named '{duplicate.Key}' ({string.Join(", ", duplicate.Select(s => s.File))}); names must be unique.");
        var differs = specs.FirstOrDefault(s => s.TestDataKey != specs[0].TestDataKey);
        if (differs is not null)
            throw new UsageException($"{differs.File} tests on different data than {specs[0].File}: pipelines compared side by side must share data.test (or data.source, test_fraction, split_seed) and test_limit.");
        // Build and check each pipeline against its data here, so a spec error (an unknown
        // trainer, a wrong option, a missing column or data set) stops the comparison before anything trains.
        foreach (var s in specs)
        {
            var ctx = new MLContext(1);
            s.BuildEstimator(ctx);
            s.CheckColumns(ctx, s.LoadData(ctx).Train.Schema);
        }

        string output = Path.GetFullPath(cl.Value("--output") ?? "compare-results");
        Directory.CreateDirectory(Path.Combine(output, "models"));
        Directory.CreateDirectory(Path.Combine(output, "runs"));
        var rows = specs.Select(s => new Row(s)).ToList();
        var clock = Stopwatch.StartNew();
        bool live = !cl.Flag("--plain") && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        Action refresh = () => { };
        void RunAll()
        {
            foreach (var row in rows) RunOne(row, cl, output, quick, refresh, live);
        }
        if (live)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("pipeline", "trainer", "status", "progress", "score");
            AnsiConsole.Live(table).AutoClear(false).Start(ctx =>
            {
                refresh = () =>
                {
                    lock (rows)
                    {
                        table.Rows.Clear();
                        foreach (var r in rows)
                            table.AddRow(Markup.Escape(r.Spec.Name), Markup.Escape(r.Spec.TrainerName), Markup.Escape(r.Status), Markup.Escape(r.Detail),
                                r.Result is { Status: "ok" } res ? $"{res.Metric} {res.Score:F4}" : "");
                        table.Caption($"elapsed {clock.Elapsed:mm\\:ss}");
                    }
                    ctx.Refresh();
                };
                refresh();
                RunAll();
                refresh();
            });
        }
        else
        {
            refresh = () => { };
            RunAll();
        }

        var results = rows.Select(r => r.Result!).ToList();
        var board = Leaderboard.Rank(results);
        Leaderboard.WriteConsole(board);
        Leaderboard.WriteCsv(board, Path.Combine(output, "leaderboard.csv"));
        File.WriteAllText(Path.Combine(output, "leaderboard.json"), JsonSerializer.Serialize(new { wall_seconds = clock.Elapsed.TotalSeconds, quick, results = board }, TrainCommand.Json));
        var best = Leaderboard.Best(board);
        if (best?.ModelPath is { } bestZip && File.Exists(bestZip))
        {
            File.Copy(bestZip, Path.Combine(output, "best-model.zip"), overwrite: true);
            Console.WriteLine($"best={best.Name} {best.Metric}={best.Score.ToString("F4", CultureInfo.InvariantCulture)}");
        }
        string report = Path.Combine(output, "report.html");
        Report.HtmlReport.Write(board, best, clock.Elapsed, quick, report);
        Console.WriteLine($"leaderboard={Path.Combine(output, "leaderboard.csv")}");
        Console.WriteLine($"report={report}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall_seconds={clock.Elapsed.TotalSeconds:F1}"));
        return results.Any(r => r.Status == "ok") ? 0 : 1;
    }

    /// <summary>The shipped Fashion-MNIST comparison: beside the executable, else under the working directory.</summary>
    private static string DefaultPipelines()
    {
        foreach (string root in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            string p = Path.Combine(root, "pipelines", "fashion-mnist");
            if (Directory.Exists(p)) return p;
        }
        throw new UsageException("No pipeline specs given and pipelines/fashion-mnist was not found.");
    }

    private static IEnumerable<string> Expand(string path)
    {
        if (Directory.Exists(path))
            return Directory.EnumerateFiles(path).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || (f.EndsWith(".json", StringComparison.Ordinal) && !f.EndsWith(".schema.json", StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal);
        if (File.Exists(path)) return [path];
        throw new UsageException($"Pipeline spec '{path}' does not exist.");
    }

    private static void RunOne(Row row, CommandLine cl, string output, bool quick, Action refresh, bool live)
    {
        string safe = string.Concat(row.Spec.Name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        string zip = Path.Combine(output, "models", safe + ".zip");
        string resultFile = Path.Combine(output, "runs", safe + ".json");
        File.Delete(resultFile);
        var psi = Program.SelfCommand(["train", row.Spec.File, "--output", zip, "--result", resultFile, "--progress-json", "--seed", cl.Value("--seed") ?? "1"]);
        if (quick) psi.ArgumentList.Add("--quick");
        if (cl.Value("--threads") is { } t) { psi.ArgumentList.Add("--threads"); psi.ArgumentList.Add(t); }
        double? budget = cl.PositiveDouble("--budget") ?? row.Spec.BudgetSeconds;
        if (budget is { } b) { psi.ArgumentList.Add("--budget"); psi.ArgumentList.Add(b.ToString("R", CultureInfo.InvariantCulture)); }
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        Status(row, "starting", "", refresh, live);
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start a pipeline run.");
        var errors = new System.Text.StringBuilder();
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        p.BeginErrorReadLine();
        // A hard stop well past the budget: deep trainers stop at it themselves, classical ones are bounded by their options.
        var deadline = budget is { } limit ? TimeSpan.FromSeconds(limit * 2 + 120) : (TimeSpan?)null;
        using var timer = deadline is { } d ? new Timer(_ => { try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }, null, d, Timeout.InfiniteTimeSpan) : null;
        string? line;
        while ((line = p.StandardOutput.ReadLine()) is not null)
        {
            if (!line.StartsWith("@progress ", StringComparison.Ordinal)) continue;
            using var doc = JsonDocument.Parse(line[10..]);
            var e = doc.RootElement;
            string phase = e.GetProperty("phase").GetString()!;
            string detail = e.TryGetProperty("epoch", out var ep)
                ? string.Create(CultureInfo.InvariantCulture, $"epoch {ep.GetInt32()}/{e.GetProperty("epochs").GetInt32()} loss {e.GetProperty("loss").GetDouble():F4}")
                  + (e.TryGetProperty("val_accuracy", out var va) ? string.Create(CultureInfo.InvariantCulture, $" val_acc {va.GetDouble():F4}") : "")
                : "";
            bool epochEnd = e.TryGetProperty("epoch", out _) && !e.TryGetProperty("batch", out _);
            if (e.TryGetProperty("epoch", out var epochNode))
            {
                // Fraction of the whole fit: finished epochs plus the current epoch's batches.
                double epochs = e.GetProperty("epochs").GetDouble();
                double done = epochEnd ? epochNode.GetDouble()
                    : epochNode.GetDouble() - 1 + (e.TryGetProperty("batches", out var bs) && bs.GetDouble() > 0 ? e.GetProperty("batch").GetDouble() / bs.GetDouble() : 0);
                detail = Bar(done / epochs) + " " + detail;
            }
            Status(row, phase, detail + string.Create(CultureInfo.InvariantCulture, $" ({clock.Elapsed.TotalSeconds:F0} s)"), refresh, live, epochEnd);
        }
        p.WaitForExit();
        RunResult? result = File.Exists(resultFile) ? JsonSerializer.Deserialize<RunResult>(File.ReadAllText(resultFile), TrainCommand.Json) : null;
        if (result is null || (p.ExitCode != 0 && result.Status == "ok"))
        {
            string why = deadline is { } dl && clock.Elapsed >= dl ? $"stopped after {dl.TotalSeconds:F0} s (budget {budget:F0} s)" : LastLine(errors.ToString()) ?? $"exit code {p.ExitCode}";
            result = new RunResult
            {
                Name = row.Spec.Name, SpecFile = row.Spec.File, Trainer = row.Spec.TrainerName, Task = PipelineSpec.Snake(row.Spec.Task),
                Status = deadline is { } d2 && clock.Elapsed >= d2 ? "timed out" : "failed", Error = why,
            };
        }
        row.Result = result;
        Status(row, result.Status == "ok" ? "done" : result.Status,
            result.Status == "ok" ? string.Create(CultureInfo.InvariantCulture, $"{result.TrainSeconds:F0} s training") : result.Error ?? "", refresh, live);
    }

    /// <summary>A 20-cell text progress bar with its percentage.</summary>
    internal static string Bar(double fraction)
    {
        fraction = Math.Clamp(fraction, 0, 1);
        int filled = (int)Math.Round(fraction * 20);
        return string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('.', 20 - filled)}] {fraction * 100,3:F0}%");
    }

    private static string? LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();

    private static void Status(Row row, string status, string detail, Action refresh, bool live, bool epochEnd = false)
    {
        bool changed = row.Status != status;
        row.Status = status;
        row.Detail = detail;
        refresh();
        if (!live && (changed || epochEnd))
            Console.WriteLine($"[{row.Spec.Name}] {status} {detail}".TrimEnd());
    }
}
