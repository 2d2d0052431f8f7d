using System.Text.Json;
using MlNetDeep.Model;
using Xunit;

namespace MlNetDeep.Cli.Tests;

/// <summary>
/// <c>mlnetdeep automl</c> end to end on a small Fashion-MNIST spec: trials in their own
/// processes with live progress, the refit best pipeline saved as a model zip the other commands
/// use, the trials and leaderboard files, and the report rendered in headless Chromium.
/// </summary>
public sealed class AutoMLCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-automl-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Spec(string automl)
    {
        string path = Path.Combine(_dir, "search.yaml");
        File.WriteAllText(path, $$"""
            name: small-search
            task: multiclass
            data:
              train: { load_fashion_mnist: { train: true } }
              test: { load_fashion_mnist: { train: false } }
              train_limit: 600
              test_limit: 200
            {{automl}}
            """);
        return path;
    }

    [Fact]
    public void AutoMLSearchesSavesTheBestPipelineAndReportsTheTrials()
    {
        string output = Path.Combine(_dir, "out");
        // Two families over 12 trials: one has at least 6 completed trials, enough for parameter importance.
        // (Deep families in their own processes are covered by AutoMLExperimentTests.)
        string spec = Spec("automl:\n  trainers: [LogisticRegression, XGBoost]\n  memory_limit_mb: 3000\n");
        var (code, stdout, err) = CliTests.RunCli(6, "automl", spec, "--output", output, "--trials", "12", "--budget", "240", "--threads", "2");
        Assert.True(code == 0, err + stdout);
        // Live progress: one line per trial as it ends, with the best so far and the clock.
        var trialLines = stdout.Split('\n').Where(l => l.StartsWith("trial ", StringComparison.Ordinal)).ToList();
        Assert.Equal(12, trialLines.Count);
        Assert.All(trialLines, l => Assert.Matches(@"\| (best 0\.\d{4} \w+ #\d+|no trial completed yet) \| \d+:\d\d of 4:00$", l));
        Assert.Contains("best_trainer=", stdout);

        var csv = File.ReadAllLines(Path.Combine(output, "trials.csv"));
        Assert.Equal(13, csv.Length);
        Assert.StartsWith("id,trainer,status,validation_accuracy", csv[0]);
        using var board = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "leaderboard.json")));
        string best = board.RootElement.GetProperty("best_trainer").GetString()!;
        Assert.Contains(best, new[] { "LogisticRegression", "XGBoost" });
        double testAccuracy = board.RootElement.GetProperty("test").GetProperty("accuracy").GetDouble();
        Assert.True(testAccuracy > 0.6, $"test accuracy {testAccuracy}");

        // The zip holds the whole refit pipeline, its provenance names the search, and evaluate reproduces the test score.
        string zip = Path.Combine(output, "model.zip");
        var info = new MLContext(1).Model.LoadWithInfo(zip);
        Assert.Equal(best, info.Provenance!.TrainingOptions["trainer"]);
        Assert.Equal("12", info.Provenance.TrainingOptions["automl_trials"]);
        (info.Model as IDisposable)?.Dispose();
        var (evalCode, evalOut, evalErr) = CliTests.RunCli(3, "evaluate", zip, spec);
        Assert.True(evalCode == 0, evalErr);
        Assert.Contains($"accuracy={testAccuracy:F4}", evalOut);

        CompareTests.CheckReportRenders(Path.Combine(output, "report.html"), ["score-over-time", "parameter-importance", "trials"], "automl-report.png");
    }

    [Fact]
    public void AutoMLRefusesWhatItCannotSearchWithAClearError()
    {
        string regression = Path.Combine(_dir, "regression.yaml");
        File.WriteAllText(regression, File.ReadAllText(Spec("automl: {}")).Replace("task: multiclass", "task: regression", StringComparison.Ordinal));
        var (code, _, err) = CliTests.RunCli(2, "automl", regression);
        Assert.Equal(2, code);
        Assert.Contains("automl searches multiclass pipelines so far", err);

        string both = Spec("automl: {}\ntrainer: { logistic_regression: {} }\n");
        (code, _, err) = CliTests.RunCli(2, "automl", both);
        Assert.Equal(3, code);
        Assert.Contains("a spec has either a trainer or an automl section", err);

        string typo = Spec("automl:\n  trainer: [Cnn]\n");
        (code, _, err) = CliTests.RunCli(2, "automl", typo);
        Assert.Equal(3, code);
        Assert.Contains("search.yaml:9:3", err);
        Assert.Contains("has no setting 'trainer'. Did you mean 'Trainers'?", err);

        // Out-of-range settings are refused before any data is read, naming the setting and the file.
        (code, _, err) = CliTests.RunCli(2, "automl", Spec("automl: { max_epochs: 0 }"), "--output", Path.Combine(_dir, "never"));
        Assert.Equal(2, code);
        Assert.Contains("search.yaml: automl settings: MaxEpochs must be at least 1. Received: 0.", err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "never")));
        (code, _, err) = CliTests.RunCli(2, "automl", Spec("automl: {}"), "--isolation", "thread", "--memory-limit-mb", "500");
        Assert.Equal(2, code);
        Assert.Contains("MemoryLimitMb needs TrialProcess", err);

        // A search spec given to train says which command runs it.
        (code, _, err) = CliTests.RunCli(2, "train", Spec("automl: { trainers: [Mlp] }"));
        Assert.Equal(3, code);
        Assert.Contains("run it with 'mlnetdeep automl'", err);
    }
}
