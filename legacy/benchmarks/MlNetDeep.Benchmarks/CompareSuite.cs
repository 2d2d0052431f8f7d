using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// ./benchmarks/run compare: the main job timed end to end. Runs <c>mlnetdeep compare --quick</c>
/// and then the full comparison over pipelines/fashion-mnist (the README's first command) as
/// child processes and prints their wall times, the best test accuracy, and every pipeline's
/// score and training time. <c>--quick-only</c> skips the full run. There is no Python peer:
/// the targets are absolute (quick ≤ 2 min, full ≤ 15 min on 2 cores, CNN ≥ 0.92).
/// </summary>
internal static class CompareSuite
{
    internal static int Run(string[] args)
    {
        string root = Path.GetDirectoryName(Bench.FindUp("benchmarks"))!;
        string cli = Path.Combine(root, "legacy", "src", "MlNetDeep.Cli", "bin", "Release", "net10.0", "mlnetdeep.dll");
        if (!File.Exists(cli))
        {
            var build = Process.Start(new ProcessStartInfo("dotnet", ["build", Path.Combine(root, "legacy", "src", "MlNetDeep.Cli", "MlNetDeep.Cli.csproj"), "-c", "Release", "-nologo", "-v", "q"]))!;
            build.WaitForExit();
        }
        var inv = CultureInfo.InvariantCulture;
        var runs = args.Contains("--quick-only") ? new[] { "quick" } : ["quick", "full"];
        foreach (string mode in runs)
        {
            string output = Path.Combine(root, "benchmarks", "out", "compare-" + mode);
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, WorkingDirectory = root };
            foreach (string a in new[] { cli, "compare", "--plain", "--output", output }) psi.ArgumentList.Add(a);
            if (mode == "quick") psi.ArgumentList.Add("--quick");
            var clock = Stopwatch.StartNew();
            using (var p = Process.Start(psi)!)
            {
                string? line;
                while ((line = p.StandardOutput.ReadLine()) is not null) Console.Error.WriteLine(line);
                p.WaitForExit();
                if (p.ExitCode != 0) throw new InvalidOperationException($"mlnetdeep compare ({mode}) exited with {p.ExitCode}.");
            }
            double wall = clock.Elapsed.TotalSeconds;
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "leaderboard.json")));
            var results = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
            double best = results.Where(r => r.GetProperty("status").GetString() == "ok" && r.GetProperty("metric").GetString() == "accuracy")
                .Select(r => r.GetProperty("score").GetDouble()).DefaultIfEmpty(double.NaN).Max();
            Console.WriteLine(string.Create(inv, $"compare.{mode}_wall_s={wall:F1}"));
            if (mode == "full" || runs.Length == 1) Console.WriteLine(string.Create(inv, $"compare.best_test_accuracy={best:F4}"));
            else Console.WriteLine(string.Create(inv, $"compare.quick_best_test_accuracy={best:F4}"));
            foreach (var r in results)
            {
                string name = r.GetProperty("name").GetString()!;
                string prefix = $"compare.{mode}.{name}";
                if (r.GetProperty("status").GetString() != "ok") { Console.WriteLine($"{prefix}.status={r.GetProperty("status").GetString()}"); continue; }
                Console.WriteLine(string.Create(inv, $"{prefix}.{r.GetProperty("metric").GetString()}={r.GetProperty("score").GetDouble():F4}"));
                Console.WriteLine(string.Create(inv, $"{prefix}.train_s={r.GetProperty("train_seconds").GetDouble():F1}"));
                Console.WriteLine(string.Create(inv, $"{prefix}.predict_p50_us={r.GetProperty("predict_p50_us").GetDouble():F1}"));
                Console.WriteLine(string.Create(inv, $"{prefix}.peak_memory_mb={r.GetProperty("peak_memory_mb").GetDouble():F0}"));
            }
        }
        return 0;
    }
}
