using System.Diagnostics;
using MlNetDeep.AutoML.Experiments;
using MlNetDeep.AutoML.SearchSpaces;
using MlNetDeep.AutoML.Tuners;
using Xunit;

namespace MlNetDeep.AutoML.Tests;

/// <summary>
/// Out-of-process trials, against the TrialHost test worker: results and pruning cross the
/// process boundary; throwing, hanging, crashing and memory-eating trials are recorded and the
/// experiment completes; an experiment killed with -9 resumes without redoing finished trials.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class ProcessTrialTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-proc").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly SearchSpace Space = new SearchSpace().Float("x", -1, 1);

    /// <summary>Runs the test worker (copied beside the tests by the project reference) with <paramref name="args"/>.</summary>
    internal static ProcessStartInfo Host(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "MlNetDeep.AutoML.TrialHost.dll");
        Assert.True(File.Exists(dll), $"the test worker is missing: {dll}");
        var psi = new ProcessStartInfo(Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet") { ArgumentList = { dll } };
        foreach (string a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    private static ExperimentResult Run(Func<TrialContext, string> mode, ExperimentOptions options, ProcessTrialOptions? processOptions = null, IPruner? pruner = null)
    {
        var objective = new ProcessTrialObjective(t => Host("serve", mode(t)), processOptions);
        return new Experiment(new RandomTuner(Space, 3), objective.Run, options with { Pruner = pruner }).Run();
    }

    [Fact]
    public void ResultsMetricsAndConsoleNoiseCrossTheProcessBoundary()
    {
        var result = Run(t => t.Id == 2 ? "chatty" : "quadratic", new ExperimentOptions { MaxTrials = 3 });
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        var quadratic = result.Trials[0];
        double x = quadratic.Parameters.GetDouble("x");
        Assert.Equal((x - 0.3) * (x - 0.3) + 0.2, quadratic.Loss, 12);
        Assert.Equal(x, quadratic.Metrics["x"]);
        // The chatty trial printed protocol-looking lines; its real result is still x, and NaN metrics survive.
        var chatty = result.Trials[1];
        Assert.Equal(chatty.Parameters.GetDouble("x"), chatty.Loss);
        Assert.True(double.IsNaN(chatty.Metrics["nan"]));
    }

    [Fact]
    public void IntermediateLossesReachTheParentsPruner()
    {
        var pruner = new StopAfter(2);
        var result = Run(_ => "quadratic", new ExperimentOptions { MaxTrials = 2 }, pruner: pruner);
        Assert.All(result.Trials, t =>
        {
            Assert.Equal(TrialStatus.Pruned, t.Status);
            Assert.Equal(2, t.Metrics["resource"]);
            double x = t.Parameters.GetDouble("x");
            Assert.Equal((x - 0.3) * (x - 0.3) + 0.5, t.Loss, 12);
        });
        Assert.Equal([1, 2, 1, 2], pruner.Seen.Select(s => s.Resource));
    }

    private sealed class StopAfter(int resource) : IPruner
    {
        public List<(int Trial, int Resource)> Seen { get; } = [];

        public bool ShouldStop(int trialId, int r, double loss)
        {
            lock (Seen) Seen.Add((trialId, r));
            return r >= resource;
        }
    }

    [Fact]
    public void ThrowingHangingCrashingAndMemoryEatingTrialsAreRecordedAndTheExperimentCompletes()
    {
        string[] modes = ["quadratic", "throw", "hang", "crash", "managed-oom", "native-oom", "quadratic"];
        var clock = Stopwatch.StartNew();
        var result = Run(t => modes[t.Id - 1], new ExperimentOptions { MaxTrials = modes.Length, TrialTimeout = TimeSpan.FromSeconds(4) },
            new ProcessTrialOptions { MemoryLimitMb = 400 });
        Assert.Equal(modes.Length, result.Trials.Count);
        var t = result.Trials;
        Assert.Equal(TrialStatus.Completed, t[0].Status);
        Assert.Equal(TrialStatus.Failed, t[1].Status);
        Assert.StartsWith("InvalidOperationException: boom at x=", t[1].Error);
        // The hung trial ignores every token: only killing its process ends it.
        Assert.Equal(TrialStatus.Stopped, t[2].Status);
        Assert.InRange(t[2].Seconds, 3.5, 15);
        Assert.Equal(TrialStatus.Failed, t[3].Status);
        Assert.Contains("exited with code 139 without a result", t[3].Error);
        Assert.Contains("about to crash", t[3].Error);
        // Managed over-allocation hits the heap limit inside the trial; native allocation hits the resident-memory cap.
        Assert.Equal(TrialStatus.Failed, t[4].Status);
        Assert.StartsWith("OutOfMemoryException:", t[4].Error);
        Assert.Equal(TrialStatus.Failed, t[5].Status);
        Assert.StartsWith("The trial went past its memory cap of 400 MB", t[5].Error);
        Assert.Equal(TrialStatus.Completed, t[6].Status);
        Assert.NotNull(result.Best);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}");
    }

    [Fact]
    public void TheTimeBudgetKillsARunningTrialProcess()
    {
        var clock = Stopwatch.StartNew();
        var result = Run(_ => "hang", new ExperimentOptions { TimeBudget = TimeSpan.FromSeconds(3) });
        // Ends within 5% of the budget plus the kill, and the hung trial is recorded as stopped.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3 * 1.05 + 1.5), $"took {clock.Elapsed}");
        Assert.Single(result.Trials);
        Assert.Equal(TrialStatus.Stopped, result.Trials[0].Status);
    }

    [Fact]
    public void WorkerWithoutATrialSaysSo()
    {
        var psi = Host("serve", "quadratic");
        psi.RedirectStandardInput = psi.RedirectStandardOutput = true;
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("started without a trial", output);
    }

    [Fact]
    public void AnExperimentKilledWithSigkillResumesWithoutRedoingFinishedTrials()
    {
        const int trials = 12;
        string db = Path.Combine(_dir, "killed.db"), log = Path.Combine(_dir, "killed.log");
        var psi = Host("experiment", db, log, trials.ToString(System.Globalization.CultureInfo.InvariantCulture));
        psi.RedirectStandardError = true;
        using (var p = Process.Start(psi)!)
        {
            // Kill -9 as trial 6 starts: trials run one at a time, so 1-5 are recorded as completed
            // (the log is polled rather than the database, whose file the running experiment holds).
            var clock = Stopwatch.StartNew();
            while (!(File.Exists(log) && File.ReadAllText(log).Contains("start 6\n", StringComparison.Ordinal)))
            {
                if (p.HasExited) Assert.Fail("the experiment ended before it was killed: " + p.StandardError.ReadToEnd());
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "no progress logged");
                Thread.Sleep(10);
            }
            p.Kill(); // SIGKILL on Linux: no cleanup, no finally blocks
            p.WaitForExit();
        }
        var finishedBeforeKill = Statuses(db).Where(s => s.Value == "Completed").Select(s => s.Key).ToHashSet();
        Assert.True(finishedBeforeKill.Count >= 5, $"completed before the kill: {string.Join(",", finishedBeforeKill)}");
        Assert.True(finishedBeforeKill.Count < trials, "the experiment finished before the kill");

        using (var resumed = Process.Start(Host("experiment", db, log, trials.ToString(System.Globalization.CultureInfo.InvariantCulture)))!)
        {
            resumed.WaitForExit();
            Assert.Equal(0, resumed.ExitCode);
        }
        var starts = File.ReadAllLines(log).Select(l => int.Parse(l["start ".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // No trial that finished before the kill started again; every trial finished once the resumed run ended.
        Assert.All(finishedBeforeKill, id => Assert.Equal(1, starts.Count(s => s == id)));
        Assert.Equal(Enumerable.Range(1, trials), starts.Distinct().Order());
        var final = Statuses(db);
        Assert.Equal(trials, final.Count);
        Assert.All(final.Values, s => Assert.Equal("Completed", s));

        // And the resumed experiment's trials are those of an uninterrupted one.
        string clean = Path.Combine(_dir, "clean.db");
        using (var p = Process.Start(Host("experiment", clean, Path.Combine(_dir, "clean.log"), trials.ToString(System.Globalization.CultureInfo.InvariantCulture)))!) p.WaitForExit();
        using var a = new SqliteTrialStore(db);
        using var b = new SqliteTrialStore(clean);
        Assert.Equal(b.Load("kill-test").Select(t => (t.Parameters.ToString(), t.Loss)), a.Load("kill-test").Select(t => (t.Parameters.ToString(), t.Loss)));
    }

    /// <summary>Trial statuses, read after the experiment's process ended.</summary>
    private static Dictionary<int, string> Statuses(string db)
    {
        try
        {
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
            c.Open();
            using var q = c.CreateCommand();
            q.CommandText = "SELECT id, status FROM trials";
            using var r = q.ExecuteReader();
            var d = new Dictionary<int, string>();
            while (r.Read()) d[r.GetInt32(0)] = r.GetString(1);
            return d;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return [];
        }
    }
}
