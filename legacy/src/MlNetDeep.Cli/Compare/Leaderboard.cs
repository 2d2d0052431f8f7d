using System.Globalization;
using System.Text;
using Spectre.Console;

namespace MlNetDeep.Cli.Compare;

/// <summary>The ranking of a comparison: console table, CSV, and the pick of the best model.</summary>
internal static class Leaderboard
{
    /// <summary>Metrics where lower is better (everything else ranks higher-first).</summary>
    private static readonly HashSet<string> s_lowerIsBetter = ["davies_bouldin", "rmse", "mae", "log_loss"];

    private static double Key(RunResult r) => r.Status != "ok" || double.IsNaN(r.Score) ? double.NegativeInfinity : s_lowerIsBetter.Contains(r.Metric) ? -r.Score : r.Score;

    /// <summary>Successful runs by score (best first; within a metric), then failed ones.</summary>
    public static List<RunResult> Rank(IEnumerable<RunResult> results) =>
        results.OrderBy(r => r.Status == "ok" ? 0 : 1).ThenByDescending(Key).ThenBy(r => r.TrainSeconds).ToList();

    /// <summary>The best run of the most common task (a k-means row beside classifiers is shown but not picked).</summary>
    public static RunResult? Best(IReadOnlyList<RunResult> ranked)
    {
        var ok = ranked.Where(r => r.Status == "ok").ToList();
        if (ok.Count == 0) return null;
        string task = ok.GroupBy(r => r.Task).OrderByDescending(g => g.Count()).First().Key;
        return ok.Where(r => r.Task == task).MaxBy(Key);
    }

    /// <summary>A number for a table cell (invariant culture); NaN, an unmeasured value, is an empty cell.</summary>
    internal static string F(double v, string format) => double.IsNaN(v) ? "" : v.ToString(format, CultureInfo.InvariantCulture);

    public static void WriteConsole(IReadOnlyList<RunResult> ranked)
    {
        if (Console.IsOutputRedirected)
        {
            // A log or a pipe: no colour codes, and room for every column.
            AnsiConsole.Profile.Capabilities.Ansi = false;
            AnsiConsole.Profile.Width = 200;
        }
        var table = new Table().Border(TableBorder.Rounded).Title("Leaderboard");
        foreach (string c in new[] { "#", "pipeline", "trainer", "metric", "score", "train s", "p50 µs", "p99 µs", "size MB", "peak MB", "status" }) table.AddColumn(c);
        for (int i = 0; i < ranked.Count; i++)
        {
            var r = ranked[i];
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Name), Markup.Escape(r.Trainer), Markup.Escape(r.Metric), F(r.Score, "F4"),
                F(r.TrainSeconds, "F1"), F(r.PredictP50Us, "F0"), F(r.PredictP99Us, "F0"), F(r.ModelBytes / 1048576.0, "F2"), F(r.PeakMemoryMb, "F0"),
                Markup.Escape(r.Status == "ok" ? "ok" : $"{r.Status}: {r.Error}"));
        }
        AnsiConsole.Write(table);
    }

    public static void WriteCsv(IReadOnlyList<RunResult> ranked, string path)
    {
        var sb = new StringBuilder("rank,pipeline,trainer,task,metric,score,accuracy,train_rows,train_seconds,predict_p50_us,predict_p99_us,model_bytes,peak_memory_mb,status,error\n");
        for (int i = 0; i < ranked.Count; i++)
        {
            var r = ranked[i];
            string[] cells =
            [
                (i + 1).ToString(CultureInfo.InvariantCulture), r.Name, r.Trainer, r.Task, r.Metric, F(r.Score, "R"),
                r.Metrics.TryGetValue("accuracy", out double a) ? F(a, "R") : "", r.TrainRows.ToString(CultureInfo.InvariantCulture), F(r.TrainSeconds, "F3"),
                F(r.PredictP50Us, "F2"), F(r.PredictP99Us, "F2"), r.ModelBytes.ToString(CultureInfo.InvariantCulture), F(r.PeakMemoryMb, "F1"), r.Status, r.Error ?? "",
            ];
            sb.AppendLine(string.Join(',', cells.Select(CsvCell.Of)));
        }
        File.WriteAllText(path, sb.ToString());
    }
}
