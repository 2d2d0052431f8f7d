using System.Diagnostics;
using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Deep.Training;
using Xunit;

namespace MlNetDeep.Cli.Tests;

/// <summary>The mlnetdeep command run as a child process: usage errors, the progress bar, and resume after kill -9.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ProcessStartInfo Command(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlnetdeep.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => RunCli(3, args);

    /// <summary>Runs mlnetdeep to the end (at most <paramref name="minutes"/>) and returns its exit code and output.</summary>
    internal static (int Code, string Out, string Err) RunCli(int minutes, params string[] args)
    {
        using var p = Process.Start(Command(args))!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(minutes)), $"mlnetdeep did not finish within {minutes} minutes");
        return (p.ExitCode, output, err.Result);
    }

    [Fact]
    public void UsageErrorsExitWithTwoAndNameTheProblem()
    {
        var (code, _, err) = Run("train-reference", "--epochs", "zero");
        Assert.Equal(2, code);
        Assert.Contains("--epochs must be a positive integer. Received: 'zero'.", err);
        Assert.Equal(2, Run("no-such-command").Code);
        Assert.Equal(0, Run("--help").Code);
    }

    [Fact]
    public void TheProgressBarShowsEpochBatchLossAndEta()
    {
        var logs = new TrainingLogs(2, 10, 5, 0.3412, new Dictionary<string, double>(), 1830, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(252));
        string bar = ConsoleProgressBar.Render(logs, 10);
        Assert.Equal("epoch 2/10 [###############...............] 5/10 loss 0.3412 1830 samples/s ETA 00:04:12", bar);
        var lines = new StringWriter();
        var screen = new StringWriter();
        var cb = new ConsoleProgressBar(10, lines, screen);
        for (int b = 1; b <= 10; b++) cb.OnBatchEnd(logs with { Batch = b });
        cb.OnEpochEnd(logs with { Batch = 0, Metrics = new Dictionary<string, double> { ["accuracy"] = 0.9, ["learning_rate"] = 1e-3 } });
        Assert.Contains("10/10", screen.ToString());
        Assert.EndsWith("\r", screen.ToString());
        Assert.StartsWith("epoch 2/10: loss 0.3412, accuracy 0.9000, 1830 samples/s", lines.ToString());
    }

    [Fact]
    public void ARunKilledWithSigkillResumesToTheWeightsOfAnUninterruptedRun()
    {
        string[] common = ["train-reference", "--limit", "2000", "--test-limit", "200", "--epochs", "3", "--batch-size", "50", "--seed", "5", "--augment"];
        string whole = Path.Combine(_dir, "whole.zip"), resumed = Path.Combine(_dir, "resumed.zip"), ckpt = Path.Combine(_dir, "run.ckpt");

        var (code, output, err) = Run([.. common, "--output", whole]);
        Assert.True(code == 0, err);
        Assert.Contains("test_accuracy=", output);

        // Kill -9 as soon as the first epoch's checkpoint is reported: the process is then inside epoch 2.
        using (var p = Process.Start(Command([.. common, "--checkpoint", ckpt, "--output", resumed]))!)
        {
            _ = p.StandardError.ReadToEndAsync();
            string? line;
            while ((line = p.StandardOutput.ReadLine()) is not null && !line.StartsWith("epoch 1/3", StringComparison.Ordinal)) { }
            Assert.NotNull(line);
            Assert.False(p.HasExited, "the run ended before it could be killed");
            p.Kill(entireProcessTree: true); // SIGKILL on Linux: no finally blocks, no flush
            p.WaitForExit();
            Assert.NotEqual(0, p.ExitCode);
        }
        Assert.True(File.Exists(ckpt));
        Assert.False(File.Exists(resumed));

        (code, output, err) = Run([.. common, "--checkpoint", ckpt, "--output", resumed]);
        Assert.True(code == 0, err);
        Assert.Contains("Resuming from", output);
        Assert.DoesNotContain("epoch 1/3", output);
        Assert.Contains("epoch 3/3", output);

        var ctx = new MLContext(1);
        var test = ctx.Data.TakeRows(ctx.Data.LoadFashionMnist(train: false), 300);
        var a = ctx.Model.Load(whole, out _);
        var b = ctx.Model.Load(resumed, out _);
        Assert.Equal(EstimatorConformance.Dump(a.Transform(test)), EstimatorConformance.Dump(b.Transform(test)));
        (a as IDisposable)?.Dispose();
        (b as IDisposable)?.Dispose();
    }
}
