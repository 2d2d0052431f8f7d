using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace MlNetDeep.Cli.Tests;

/// <summary>
/// <c>mlnetdeep compare</c> end to end on a small Fashion-MNIST comparison, run as a child
/// process: the leaderboard files, the best model (inspected, evaluated and used to predict by
/// the other commands), and the HTML report rendered in headless Chromium with every chart drawn.
/// </summary>
public sealed partial class CompareTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-compare").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliTests.RunCli(5, args);

    private const string Data = """
        data:
          train: { load_fashion_mnist: { train: true } }
          test: { load_fashion_mnist: { train: false } }
          train_limit: 800
          test_limit: 300
        """;

    private string Specs()
    {
        string dir = Path.Combine(_dir, "specs");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "mlp.yaml"), $"name: mlp\ntask: multiclass\n{Data}\ntrainer:\n  neural_network:\n    network: {{ mlp: {{ input_shape: [1, 28, 28], hidden: [32], outputs: 10 }} }}\n    epochs: 3\n    validation_fraction: 0.1\n");
        File.WriteAllText(Path.Combine(dir, "logreg.yaml"), $"name: logreg\ntask: multiclass\n{Data}\ntrainer:\n  logistic_regression: {{ maximum_iterations: 30 }}\n");
        File.WriteAllText(Path.Combine(dir, "kmeans.yaml"), $"name: kmeans\ntask: clustering\n{Data}\ntrainer:\n  kmeans: {{ number_of_clusters: 10, number_of_restarts: 1, seed: 1 }}\n");
        return dir;
    }

    [Fact]
    public void CompareRanksThePipelinesAndTheOtherCommandsUseItsBestModel()
    {
        string output = Path.Combine(_dir, "out");
        var (code, stdout, err) = Run("compare", Specs(), "--output", output, "--plain", "--threads", "2");
        Assert.True(code == 0, err + stdout);

        // Leaderboard: three ranked rows, all ok; the k-means row scores purity.
        var csv = File.ReadAllLines(Path.Combine(output, "leaderboard.csv"));
        Assert.Equal(4, csv.Length);
        Assert.StartsWith("rank,pipeline,trainer,task,metric,score", csv[0]);
        Assert.All(csv[1..], line => Assert.Contains(",ok,", line));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "leaderboard.json")));
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        var mlp = results.Single(r => r.GetProperty("name").GetString() == "mlp");
        var history = mlp.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(3, history.Count);
        Assert.True(history[0].GetProperty("metrics").TryGetProperty("val_accuracy", out _), "the learning curve has validation accuracy");
        Assert.Equal("purity", results.Single(r => r.GetProperty("name").GetString() == "kmeans").GetProperty("metric").GetString());
        foreach (var r in results)
        {
            Assert.True(r.GetProperty("train_seconds").GetDouble() > 0);
            Assert.True(r.GetProperty("predict_p50_us").GetDouble() > 0);
            Assert.True(r.GetProperty("predict_p99_us").GetDouble() >= r.GetProperty("predict_p50_us").GetDouble());
            Assert.True(r.GetProperty("model_bytes").GetInt64() > 0);
            Assert.True(r.GetProperty("peak_memory_mb").GetDouble() > 10);
        }

        // The best classifier (never the k-means row) is saved; the other commands read it.
        var best = results.Where(r => r.GetProperty("task").GetString() == "multiclass").MaxBy(r => r.GetProperty("score").GetDouble());
        string bestName = best.GetProperty("name").GetString()!;
        Assert.Contains($"best={bestName} ", stdout);
        string zip = Path.Combine(output, "best-model.zip");
        var inspect = Run("inspect", zip);
        Assert.True(inspect.Code == 0, inspect.Err);
        Assert.Contains("input schema:", inspect.Out);
        Assert.Contains($"pipeline: {bestName}", inspect.Out);
        Assert.Contains("accuracy: ", inspect.Out);

        string spec = Path.Combine(_dir, "specs", bestName + ".yaml");
        var evaluate = Run("evaluate", zip, spec);
        Assert.True(evaluate.Code == 0, evaluate.Err);
        double accuracy = double.Parse(AccuracyLine().Match(evaluate.Out).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(best.GetProperty("metrics").GetProperty("accuracy").GetDouble(), accuracy, 4);

        string predictions = Path.Combine(_dir, "predictions.csv");
        var predict = Run("predict", zip, spec, "--rows", "5", "--output", predictions);
        Assert.True(predict.Code == 0, predict.Err);
        Assert.Equal(6, predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // 5 rows + the file line
        Assert.Equal(301, File.ReadAllLines(predictions).Length);

        // scores, train time, latency, size, learning curves, confusion, per-class F1, misclassified images
        CheckReportRenders(Path.Combine(output, "report.html"), ["scores", "train-time", "latency", "size", "curves", "confusion", "per-class-f1", "misclassified"], "compare-report.png");
    }

    /// <summary>Opens the report in headless Chromium: every chart must render to SVG with no script errors; the screenshot is kept.</summary>
    internal static void CheckReportRenders(string report, string[] ids, string screenshot)
    {
        string dom = Chromium("--dump-dom", "file://" + report);
        var body = BodyTag().Match(dom);
        Assert.True(body.Success, "the report's body tag was not found in the rendered DOM");
        int charts = int.Parse(body.Groups["charts"].Value, CultureInfo.InvariantCulture);
        Assert.Equal(ids.Length, charts);
        Assert.Equal(charts, int.Parse(body.Groups["rendered"].Value, CultureInfo.InvariantCulture));
        Assert.True(body.Groups["errors"].Value == "0", "script errors: " + ErrorsBlock().Match(dom).Groups[1].Value);
        foreach (string id in ids)
        {
            int at = dom.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
            Assert.True(at >= 0, $"chart {id} is missing");
            int next = dom.IndexOf("<h2", at, StringComparison.Ordinal);
            Assert.Contains("<svg", dom[at..(next < 0 ? dom.Length : next)]);
        }
        string shots = Path.Combine(SpecTests.RepoRoot(), "artifacts", "test-screenshots");
        Directory.CreateDirectory(shots);
        string png = Path.Combine(shots, screenshot);
        File.Delete(png);
        Chromium("--hide-scrollbars", "--window-size=1300,5400", "--screenshot=" + png, "file://" + report);
        Assert.True(new FileInfo(png).Length > 10_000, "the screenshot is empty");
    }

    private static string Chromium(params string[] args)
    {
        var psi = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=20000" }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("chromium could not be started (./setup.sh installs Debian's chromium).");
        _ = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "chromium did not finish");
        return output;
    }

    [Fact]
    public void ASpecErrorStopsTheComparisonBeforeAnythingTrains()
    {
        string dir = Specs();
        File.WriteAllText(Path.Combine(dir, "typo.yaml"), $"name: typo\ntask: multiclass\n{Data}\ntrainer:\n  logistic_regresion: {{}}\n");
        var (code, stdout, err) = Run("compare", dir, "--output", Path.Combine(_dir, "out"), "--plain");
        Assert.Equal(3, code);
        Assert.Contains($"{Path.Combine(dir, "typo.yaml")}:9:3: no multiclass trainer 'logistic_regresion'. Did you mean 'LogisticRegression'?", err);
        Assert.DoesNotContain("training", stdout);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void InspectingACorruptZipGivesTheLoadersMessageAndExitCodeFour()
    {
        string bad = Path.Combine(_dir, "bad.zip");
        File.WriteAllBytes(bad, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
        var (code, _, err) = Run("inspect", bad);
        Assert.Equal(4, code);
        Assert.StartsWith($"mlnetdeep: {bad}: ", err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var missing = Run("inspect", Path.Combine(_dir, "none.zip"));
        Assert.Equal(1, missing.Code);
        Assert.DoesNotContain("   at ", missing.Err);
    }

    [Fact]
    public void EveryCommandHasHelpAndUnknownOptionsAreUsageErrors()
    {
        foreach (string command in new[] { "compare", "train", "evaluate", "predict", "inspect", "schema", "train-reference" })
        {
            var (code, stdout, _) = Run(command, "--help");
            Assert.Equal(0, code);
            Assert.Contains("usage: mlnetdeep " + command, stdout);
        }
        var bad = Run("train", "x.yaml", "--epocs", "3");
        Assert.Equal(2, bad.Code);
        Assert.Contains("Unknown option '--epocs'.", bad.Err);
        var typo = Run("compair");
        Assert.Equal(2, typo.Code);
        Assert.Contains("Did you mean 'compare'?", typo.Err);
    }

    [Fact]
    public void TheLiveTablesProgressBarFillsWithTheFit()
    {
        Assert.Equal("[....................]   0%", Commands.CompareCommand.Bar(0));
        Assert.Equal("[##########..........]  50%", Commands.CompareCommand.Bar(0.5));
        Assert.Equal("[####################] 100%", Commands.CompareCommand.Bar(1.7));
    }

    [GeneratedRegex(@"<body[^>]*data-charts=""(?<charts>\d+)""[^>]*data-rendered=""(?<rendered>\d+)""[^>]*data-errors=""(?<errors>\d+)""")]
    private static partial Regex BodyTag();

    [GeneratedRegex(@"<pre id=""errors"">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ErrorsBlock();

    [GeneratedRegex(@"(?m)^accuracy=([0-9.]+)")]
    private static partial Regex AccuracyLine();
}
