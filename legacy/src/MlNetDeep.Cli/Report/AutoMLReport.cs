using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MlNetDeep.AutoML;
using MlNetDeep.AutoML.Experiments;

namespace MlNetDeep.Cli.Report;

/// <summary>
/// The AutoML command's one-file HTML report: the leaderboard of trainer families, the best
/// pipeline's parameters and test metrics, and charts of validation accuracy over time (each
/// completed trial, and the best so far), parameter importance per family, and the trials per
/// family by how they ended.
/// </summary>
internal static class AutoMLReport
{
    /// <param name="result">The experiment's result.</param>
    /// <param name="endSeconds">Seconds from the start of this run at which each trial ended (resumed trials have none).</param>
    /// <param name="test">The refit best pipeline's test metrics (empty without refit).</param>
    /// <param name="wall">The run's wall time.</param>
    /// <param name="path">The file to write.</param>
    public static void Write(AutoMLResult result, IReadOnlyDictionary<int, double> endSeconds, IReadOnlyDictionary<string, double> test, TimeSpan wall, string path)
    {
        var inv = CultureInfo.InvariantCulture;
        var intro = new StringBuilder("<p>")
            .Append(WebUtility.HtmlEncode(string.Create(inv, $"{result.Trials.Count} trials in {wall.TotalMinutes:F1} minutes, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. ")))
            .Append(CultureInfo.InvariantCulture, $"Best: <b>{WebUtility.HtmlEncode(result.BestTrainer)}</b>, trial {result.Best.Id}, validation accuracy {result.Best.Metrics.GetValueOrDefault("accuracy"):F4}")
            .Append(result.Ensemble is { } e ? WebUtility.HtmlEncode(string.Create(inv,
                $". Refit as a weighted ensemble of {Commands.AutoMLCommand.Members(result)}: validation accuracy {e.ValidationAccuracy:F4} against the best trial's {e.BestSingleValidationAccuracy:F4}")) : "")
            .Append(test.TryGetValue("accuracy", out double acc) ? string.Create(inv, $"; refit on all the training data, test accuracy <b>{acc:F4}</b>") : "")
            .Append(".</p>\n<h2>Trainer families</h2>\n<table><tr><th>family</th><th>best validation accuracy</th><th>trials</th><th>completed</th><th>pruned</th><th>failed</th><th>stopped</th></tr>\n");
        foreach (var (trainer, accuracy, count) in result.Leaderboard)
        {
            var own = result.Trials.Where(t => t.Parameters.GetString(AutoMLExperiment.TrainerParameter) == trainer).ToList();
            intro.Append(CultureInfo.InvariantCulture, $"<tr><td>{WebUtility.HtmlEncode(trainer)}</td><td>{accuracy:F4}</td><td>{count}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{own.Count(t => t.Status == TrialStatus.Completed)}</td><td>{own.Count(t => t.Status == TrialStatus.Pruned)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{own.Count(t => t.Status == TrialStatus.Failed)}</td><td>{own.Count(t => t.Status == TrialStatus.Stopped)}</td></tr>\n");
        }
        intro.Append("</table>\n<h2>Best pipeline</h2>\n<table><tr><th>parameter</th><th>value</th></tr>\n");
        foreach (var (k, v) in result.Best.Parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            intro.Append("<tr><td>").Append(WebUtility.HtmlEncode(k)).Append("</td><td>").Append(WebUtility.HtmlEncode(Convert.ToString(v, inv))).Append("</td></tr>\n");
        intro.Append("</table>\n");
        var failures = result.Trials.Where(t => t.Error is not null && t.Status == TrialStatus.Failed).GroupBy(t => t.Error!).ToList();
        if (failures.Count > 0)
        {
            intro.Append("<h2>Failed trials</h2>\n<table><tr><th>trials</th><th>error</th></tr>\n");
            foreach (var g in failures)
                intro.Append("<tr><td>").Append(string.Join(", ", g.Select(t => t.Id))).Append("</td><td class=\"failed\">").Append(WebUtility.HtmlEncode(g.Key)).Append("</td></tr>\n");
            intro.Append("</table>\n");
        }
        HtmlReport.Page("MlNetDeep AutoML", intro.ToString(), Charts(result, endSeconds), path);
    }

    internal static List<(string Id, string Title, JsonObject Spec)> Charts(AutoMLResult result, IReadOnlyDictionary<int, double> endSeconds)
    {
        var charts = new List<(string, string, JsonObject)>();
        const string schema = "https://vega.github.io/schema/vega-lite/v5.json";
        // Score over time: each completed trial, and the best validation accuracy so far.
        var completed = result.Trials.Where(t => t.Status == TrialStatus.Completed && endSeconds.ContainsKey(t.Id)).OrderBy(t => endSeconds[t.Id]).ToList();
        if (completed.Count > 0)
        {
            double best = double.NegativeInfinity;
            var points = new JsonArray();
            foreach (var t in completed)
            {
                double a = t.Metrics.GetValueOrDefault("accuracy");
                best = Math.Max(best, a);
                points.Add(new JsonObject
                {
                    ["trial"] = t.Id, ["trainer"] = t.Parameters.GetString(AutoMLExperiment.TrainerParameter), ["seconds"] = endSeconds[t.Id],
                    ["accuracy"] = a, ["best"] = best, ["parameters"] = t.Parameters.ToString(),
                });
            }
            charts.Add(("score-over-time", "Validation accuracy over time", new JsonObject
            {
                ["$schema"] = schema,
                ["width"] = 640,
                ["height"] = 320,
                ["data"] = new JsonObject { ["values"] = points },
                ["layer"] = new JsonArray(
                    new JsonObject
                    {
                        ["mark"] = new JsonObject { ["type"] = "line", ["interpolate"] = "step-after", ["color"] = "#444" },
                        ["encoding"] = new JsonObject
                        {
                            ["x"] = new JsonObject { ["field"] = "seconds", ["type"] = "quantitative", ["title"] = "seconds since the start" },
                            ["y"] = new JsonObject { ["field"] = "best", ["type"] = "quantitative", ["title"] = "validation accuracy", ["scale"] = new JsonObject { ["zero"] = false } },
                        },
                    },
                    new JsonObject
                    {
                        ["mark"] = new JsonObject { ["type"] = "point", ["filled"] = true, ["size"] = 50, ["tooltip"] = new JsonObject { ["content"] = "data" } },
                        ["encoding"] = new JsonObject
                        {
                            ["x"] = new JsonObject { ["field"] = "seconds", ["type"] = "quantitative" },
                            ["y"] = new JsonObject { ["field"] = "accuracy", ["type"] = "quantitative" },
                            ["color"] = new JsonObject { ["field"] = "trainer", ["type"] = "nominal" },
                        },
                    }),
            }));
        }
        var importance = ParameterImportance.Compute(result.Trials);
        if (importance.Count > 0)
        {
            charts.Add(("parameter-importance", "Parameter importance", new JsonObject
            {
                ["$schema"] = schema,
                ["title"] = "Share of the validation loss's variance each parameter explains, per family (ε², completed trials)",
                ["width"] = 560,
                ["data"] = new JsonObject
                {
                    ["values"] = new JsonArray(importance.Select(i => (JsonNode)new JsonObject
                    {
                        // Parameters carry their family's prefix (XGBoost.MaxDepth): shown once.
                        ["family"] = i.Family, ["importance"] = i.Importance, ["trials"] = i.Trials,
                        ["parameter"] = i.Family + " · " + (i.Parameter.StartsWith(i.Family + ".", StringComparison.Ordinal) ? i.Parameter[(i.Family.Length + 1)..] : i.Parameter),
                    }).ToArray()),
                },
                ["mark"] = new JsonObject { ["type"] = "bar", ["tooltip"] = true },
                ["encoding"] = new JsonObject
                {
                    ["y"] = new JsonObject { ["field"] = "parameter", ["type"] = "nominal", ["sort"] = null, ["title"] = null, ["axis"] = new JsonObject { ["labelLimit"] = 320 } },
                    ["x"] = new JsonObject { ["field"] = "importance", ["type"] = "quantitative", ["title"] = "ε²", ["scale"] = new JsonObject { ["domain"] = new JsonArray(0, 1) } },
                    ["color"] = new JsonObject { ["field"] = "family", ["type"] = "nominal" },
                },
            }));
        }
        var counts = result.Trials.GroupBy(t => (Trainer: t.Parameters.GetString(AutoMLExperiment.TrainerParameter), Status: t.Status.ToString()))
            .Select(g => (JsonNode)new JsonObject { ["trainer"] = g.Key.Trainer, ["status"] = g.Key.Status, ["trials"] = g.Count() }).ToArray();
        charts.Add(("trials", "Trials per family", new JsonObject
        {
            ["$schema"] = schema,
            ["width"] = 560,
            ["data"] = new JsonObject { ["values"] = new JsonArray(counts) },
            ["mark"] = new JsonObject { ["type"] = "bar", ["tooltip"] = true },
            ["encoding"] = new JsonObject
            {
                ["y"] = new JsonObject { ["field"] = "trainer", ["type"] = "nominal", ["title"] = null },
                ["x"] = new JsonObject { ["field"] = "trials", ["type"] = "quantitative", ["aggregate"] = "sum", ["title"] = "trials" },
                ["color"] = new JsonObject { ["field"] = "status", ["type"] = "nominal" },
            },
        }));
        return charts;
    }
}
