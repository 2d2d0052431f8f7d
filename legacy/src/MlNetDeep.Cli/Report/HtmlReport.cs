using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlNetDeep.Cli.Compare;
using MlNetDeep.Data.Images;

namespace MlNetDeep.Cli.Report;

/// <summary>
/// The comparison's one-file HTML report. Charts are Vega-Lite specs drawn by Vega, Vega-Lite
/// and vega-embed, whose builds (from npm, see Report/package.json) are embedded in the CLI and
/// inlined into the page, so it opens offline. When every chart has rendered the page sets
/// <c>data-rendered</c> (and <c>data-errors</c>, with the messages in <c>#errors</c>) on its
/// body, which the browser test reads.
/// </summary>
internal static class HtmlReport
{
    private static readonly string[] s_scripts = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"];

    public static void Write(IReadOnlyList<RunResult> ranked, RunResult? best, TimeSpan wall, bool quick, string path)
    {
        string intro = "<p>" + WebUtility.HtmlEncode(string.Create(CultureInfo.InvariantCulture,
                $"{ranked.Count} pipelines, {(quick ? "quick" : "full")} run, {wall.TotalMinutes:F1} minutes, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC."))
            + (best is null ? "" : $" Best: <b>{WebUtility.HtmlEncode(best.Name)}</b> ({WebUtility.HtmlEncode(best.Metric)} {best.Score.ToString("F4", CultureInfo.InvariantCulture)}), saved as best-model.zip.")
            + "</p>\n<h2>Leaderboard</h2>\n" + Table(ranked);
        Page("MlNetDeep comparison", intro, Charts(ranked, best), path);
    }

    /// <summary>
    /// Writes a one-file page: <paramref name="title"/>, the <paramref name="intro"/> HTML, then
    /// each chart under its heading, drawn by the inlined Vega scripts; the body's data attributes
    /// say how many charts rendered and how many errors there were.
    /// </summary>
    internal static void Page(string title, string intro, IReadOnlyList<(string Id, string Title, JsonObject Spec)> charts, string path)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
            .Append("td:nth-child(2),td:nth-child(3),th{text-align:left}.chart{margin:12px 0 28px}.failed{color:#a00}h2{margin-top:32px}#errors{color:#a00;white-space:pre-wrap}</style>\n");
        foreach (string s in s_scripts) html.Append("<script>").Append(Script(s).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)).Append("</script>\n");
        html.Append("</head><body>\n<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n").Append(intro);
        foreach (var (id, heading, _) in charts)
            html.Append("<h2>").Append(WebUtility.HtmlEncode(heading)).Append("</h2><div class=\"chart\" id=\"").Append(id).Append("\"></div>\n");
        html.Append("<pre id=\"errors\"></pre>\n<script>\nconst specs = ")
            .Append(new JsonObject(charts.Select(c => KeyValuePair.Create(c.Id, (JsonNode?)c.Spec.DeepClone()))).ToJsonString())
            .Append(";\n")
            .Append("""
            const errors = [];
            window.addEventListener('error', e => errors.push(String(e.message)));
            const consoleError = console.error;
            console.error = (...args) => { errors.push(args.map(String).join(' ')); consoleError(...args); };
            Promise.allSettled(Object.entries(specs).map(([id, spec]) => vegaEmbed('#' + id, spec, { actions: false, renderer: 'svg' })))
              .then(results => {
                results.filter(r => r.status === 'rejected').forEach(r => errors.push(String(r.reason)));
                document.body.dataset.charts = String(results.length);
                document.body.dataset.rendered = String(results.filter(r => r.status === 'fulfilled').length);
                document.body.dataset.errors = String(errors.length);
                document.getElementById('errors').textContent = errors.join('\n');
              });
            </script>
            </body></html>

            """);
        File.WriteAllText(path, html.ToString());
    }

    private static string Script(string name)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("MlNetDeep.Cli.Report." + name)
            ?? throw new InvalidOperationException($"The report script {name} is not embedded in mlnetdeep (was src/MlNetDeep.Cli/Report restored with npm ci?).");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    private static string Table(IReadOnlyList<RunResult> ranked)
    {
        var sb = new StringBuilder("<table><tr><th>#</th><th>pipeline</th><th>trainer</th><th>metric</th><th>score</th><th>train s</th><th>p50 µs</th><th>p99 µs</th><th>size MB</th><th>peak MB</th><th>status</th></tr>\n");
        for (int i = 0; i < ranked.Count; i++)
        {
            var r = ranked[i];
            sb.Append(r.Status == "ok" ? "<tr>" : "<tr class=\"failed\">")
              .Append(CultureInfo.InvariantCulture, $"<td>{i + 1}</td><td>{WebUtility.HtmlEncode(r.Name)}</td><td>{WebUtility.HtmlEncode(r.Trainer)}</td><td>{WebUtility.HtmlEncode(r.Metric)}</td>")
              .Append(CultureInfo.InvariantCulture, $"<td>{Leaderboard.F(r.Score, "F4")}</td><td>{Leaderboard.F(r.TrainSeconds, "F1")}</td><td>{Leaderboard.F(r.PredictP50Us, "F0")}</td><td>{Leaderboard.F(r.PredictP99Us, "F0")}</td>")
              .Append(CultureInfo.InvariantCulture, $"<td>{Leaderboard.F(r.ModelBytes / 1048576.0, "F2")}</td><td>{Leaderboard.F(r.PeakMemoryMb, "F0")}</td><td>{WebUtility.HtmlEncode(r.Status == "ok" ? "ok" : $"{r.Status}: {r.Error}")}</td></tr>\n");
        }
        return sb.Append("</table>\n").ToString();
    }

    private static JsonNode Node(object value) => JsonSerializer.SerializeToNode(value)!;

    private static JsonObject Bars(string title, JsonArray values, string field, string axisTitle) => new()
    {
        ["$schema"] = "https://vega.github.io/schema/vega-lite/v5.json",
        ["title"] = title,
        ["width"] = 560,
        ["data"] = new JsonObject { ["values"] = values },
        ["mark"] = new JsonObject { ["type"] = "bar", ["tooltip"] = true },
        ["encoding"] = new JsonObject
        {
            ["y"] = new JsonObject { ["field"] = "pipeline", ["type"] = "nominal", ["sort"] = "-x", ["title"] = null },
            ["x"] = new JsonObject { ["field"] = field, ["type"] = "quantitative", ["title"] = axisTitle },
            ["color"] = new JsonObject { ["field"] = "metric", ["type"] = "nominal" },
        },
    };

    /// <summary>(element id, heading, Vega-Lite spec) of every chart the results allow.</summary>
    internal static List<(string Id, string Title, JsonObject Spec)> Charts(IReadOnlyList<RunResult> ranked, RunResult? best)
    {
        var charts = new List<(string, string, JsonObject)>();
        var ok = ranked.Where(r => r.Status == "ok").ToList();
        if (ok.Count == 0) return charts;
        var rows = new JsonArray(ok.Select(r => (JsonNode)new JsonObject
        {
            ["pipeline"] = r.Name, ["metric"] = r.Metric, ["score"] = r.Score, ["train_seconds"] = r.TrainSeconds,
            ["p50_us"] = Math.Max(r.PredictP50Us, 0.01), ["p99_us"] = Math.Max(r.PredictP99Us, 0.01), ["model_mb"] = r.ModelBytes / 1048576.0, ["peak_mb"] = r.PeakMemoryMb,
        }).ToArray());
        charts.Add(("scores", "Test score", Bars("Test score (accuracy; purity for clustering)", rows, "score", "score")));
        charts.Add(("train-time", "Training time", Bars("Training time", rows.DeepClone().AsArray(), "train_seconds", "seconds")));
        charts.Add(("latency", "Prediction latency", new JsonObject
        {
            // A log axis has no zero for bars to start from: a rule from p50 to p99 with a dot at p50.
            ["$schema"] = "https://vega.github.io/schema/vega-lite/v5.json",
            ["title"] = "Single-row prediction latency: p50 (dot) to p99, log scale",
            ["width"] = 560,
            ["data"] = new JsonObject { ["values"] = rows.DeepClone() },
            ["encoding"] = new JsonObject
            {
                ["y"] = new JsonObject { ["field"] = "pipeline", ["type"] = "nominal", ["sort"] = new JsonObject { ["field"] = "p50_us" }, ["title"] = null },
            },
            ["layer"] = new JsonArray(
                new JsonObject
                {
                    ["mark"] = new JsonObject { ["type"] = "rule", ["strokeWidth"] = 2 },
                    ["encoding"] = new JsonObject
                    {
                        ["x"] = new JsonObject { ["field"] = "p50_us", ["type"] = "quantitative", ["scale"] = new JsonObject { ["type"] = "log" }, ["title"] = "microseconds" },
                        ["x2"] = new JsonObject { ["field"] = "p99_us" },
                    },
                },
                new JsonObject
                {
                    ["mark"] = new JsonObject { ["type"] = "point", ["filled"] = true, ["size"] = 60, ["tooltip"] = true },
                    ["encoding"] = new JsonObject
                    {
                        ["x"] = new JsonObject { ["field"] = "p50_us", ["type"] = "quantitative" },
                        ["color"] = new JsonObject { ["field"] = "metric", ["type"] = "nominal" },
                    },
                }),
        }));
        charts.Add(("size", "Model size", Bars("Model zip size", rows.DeepClone().AsArray(), "model_mb", "MiB")));

        var curve = new JsonArray();
        foreach (var r in ok)
            foreach (var e in r.History)
            {
                curve.Add(new JsonObject { ["pipeline"] = r.Name, ["epoch"] = e.Epoch, ["series"] = "loss", ["value"] = e.Loss });
                foreach (var (k, v) in e.Metrics)
                    if (double.IsFinite(v)) curve.Add(new JsonObject { ["pipeline"] = r.Name, ["epoch"] = e.Epoch, ["series"] = k, ["value"] = v });
            }
        if (curve.Count > 0)
            charts.Add(("curves", "Learning curves", new JsonObject
            {
                ["$schema"] = "https://vega.github.io/schema/vega-lite/v5.json",
                ["title"] = "Learning curves (per epoch)",
                ["data"] = new JsonObject { ["values"] = curve },
                ["facet"] = new JsonObject { ["field"] = "series", ["type"] = "nominal", ["title"] = null },
                ["columns"] = 2,
                ["resolve"] = new JsonObject { ["scale"] = new JsonObject { ["y"] = "independent" } },
                ["spec"] = new JsonObject
                {
                    ["width"] = 320, ["height"] = 200,
                    ["mark"] = new JsonObject { ["type"] = "line", ["point"] = true, ["tooltip"] = true },
                    ["encoding"] = new JsonObject
                    {
                        ["x"] = new JsonObject { ["field"] = "epoch", ["type"] = "quantitative", ["axis"] = new JsonObject { ["tickMinStep"] = 1 } },
                        ["y"] = new JsonObject { ["field"] = "value", ["type"] = "quantitative", ["scale"] = new JsonObject { ["zero"] = false } },
                        ["color"] = new JsonObject { ["field"] = "pipeline", ["type"] = "nominal" },
                    },
                },
            }));

        if (best is { Confusion: { } confusion, ClassNames: { } classes })
        {
            var cells = new JsonArray();
            for (int i = 0; i < confusion.Length; i++)
                for (int j = 0; j < confusion[i].Length; j++)
                    cells.Add(new JsonObject { ["actual"] = classes[i], ["predicted"] = classes[j], ["count"] = confusion[i][j] });
            var order = Node(classes);
            charts.Add(("confusion", $"Confusion matrix of {best.Name}", new JsonObject
            {
                ["$schema"] = "https://vega.github.io/schema/vega-lite/v5.json",
                ["title"] = $"Confusion matrix: {best.Name} (rows: actual class)",
                ["data"] = new JsonObject { ["values"] = cells },
                ["width"] = 440, ["height"] = 440,
                ["encoding"] = new JsonObject
                {
                    ["x"] = new JsonObject { ["field"] = "predicted", ["type"] = "nominal", ["sort"] = order },
                    ["y"] = new JsonObject { ["field"] = "actual", ["type"] = "nominal", ["sort"] = order.DeepClone() },
                },
                ["layer"] = new JsonArray(
                    new JsonObject
                    {
                        ["mark"] = new JsonObject { ["type"] = "rect", ["tooltip"] = true },
                        ["encoding"] = new JsonObject { ["color"] = new JsonObject { ["field"] = "count", ["type"] = "quantitative", ["scale"] = new JsonObject { ["type"] = "symlog", ["scheme"] = "blues" } } },
                    },
                    new JsonObject
                    {
                        ["mark"] = new JsonObject { ["type"] = "text", ["fontSize"] = 10 },
                        ["encoding"] = new JsonObject { ["text"] = new JsonObject { ["field"] = "count", ["type"] = "quantitative" } },
                    }),
            }));
        }

        var f1 = new JsonArray();
        foreach (var r in ok)
            if (r is { PerClassF1: { } scores, ClassNames: { } names })
                for (int c = 0; c < scores.Length && c < names.Length; c++)
                    f1.Add(new JsonObject { ["pipeline"] = r.Name, ["class"] = names[c], ["f1"] = scores[c] });
        if (f1.Count > 0)
            charts.Add(("per-class-f1", "Per-class F1", new JsonObject
            {
                ["$schema"] = "https://vega.github.io/schema/vega-lite/v5.json",
                ["title"] = "Per-class F1 on the test set",
                ["data"] = new JsonObject { ["values"] = f1 },
                ["width"] = 720, ["height"] = 260,
                ["mark"] = new JsonObject { ["type"] = "bar", ["tooltip"] = true },
                ["encoding"] = new JsonObject
                {
                    ["x"] = new JsonObject { ["field"] = "class", ["type"] = "nominal", ["sort"] = null },
                    ["xOffset"] = new JsonObject { ["field"] = "pipeline", ["type"] = "nominal" },
                    ["y"] = new JsonObject { ["field"] = "f1", ["type"] = "quantitative", ["scale"] = new JsonObject { ["domain"] = new JsonArray(0, 1) } },
                    ["color"] = new JsonObject { ["field"] = "pipeline", ["type"] = "nominal" },
                },
            }));

        if (best is { Misclassified: { Count: > 0 } wrong } && wrong.Any(m => m.Pixels is not null))
        {
            var images = new JsonArray();
            int k = 0;
            foreach (var m in wrong.Where(m => m.Pixels is not null).Take(24))
            {
                images.Add(new JsonObject
                {
                    ["url"] = GreyPng.DataUrl(m.Pixels, m.Width, m.Height), ["col"] = k % 8, ["row"] = k / 8,
                    ["caption"] = $"{m.Label} → {m.Predicted}", ["test_row"] = m.Row,
                });
                k++;
            }
            charts.Add(("misclassified", $"Misclassified test images ({best.Name})", new JsonObject
            {
                ["$schema"] = "https://vega.github.io/schema/vega-lite/v5.json",
                ["title"] = $"Misclassified by {best.Name}: actual → predicted",
                ["data"] = new JsonObject { ["values"] = images },
                ["width"] = 8 * 96, ["height"] = ((k + 7) / 8) * 96,
                ["encoding"] = new JsonObject
                {
                    ["x"] = new JsonObject { ["field"] = "col", ["type"] = "ordinal", ["axis"] = null },
                    ["y"] = new JsonObject { ["field"] = "row", ["type"] = "ordinal", ["axis"] = null },
                },
                ["layer"] = new JsonArray(
                    new JsonObject
                    {
                        ["mark"] = new JsonObject { ["type"] = "image", ["width"] = 64, ["height"] = 64 },
                        ["encoding"] = new JsonObject { ["url"] = new JsonObject { ["field"] = "url", ["type"] = "nominal" }, ["tooltip"] = new JsonObject { ["field"] = "caption" } },
                    },
                    new JsonObject
                    {
                        ["mark"] = new JsonObject { ["type"] = "text", ["dy"] = 42, ["fontSize"] = 9 },
                        ["encoding"] = new JsonObject { ["text"] = new JsonObject { ["field"] = "caption" } },
                    }),
            }));
        }
        return charts;
    }
}
