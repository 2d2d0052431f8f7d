using MlNetDeep.AutoML.Experiments;
using MlNetDeep.AutoML.SearchSpaces;
using MlNetDeep.AutoML.Tuners;
using Xunit;

namespace MlNetDeep.AutoML.Tests;

/// <summary>The experiment runner: failures recorded, budgets kept, parallel trials, the SQLite store and resuming.</summary>
[Collection(TimingCollection.Name)]
public sealed class ExperimentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-automl").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly SearchSpace Space = new SearchSpace().Float("x", -1, 1).Choice("kind", "a", "b");

    private static TrialResult Objective(TrialContext c) => new(Math.Pow(c.Parameters.GetDouble("x") - 0.25, 2) + (c.Parameters.GetString("kind") == "b" ? 0 : 0.1),
        new Dictionary<string, double> { ["x"] = c.Parameters.GetDouble("x") });

    [Fact]
    public void ThrowingTrialsAreRecordedAndTheExperimentCompletes()
    {
        var experiment = new Experiment(new TpeTuner(Space, 1), c =>
        {
            if (c.Id % 3 == 0) throw new InvalidOperationException($"injected failure in trial {c.Id}");
            if (c.Id % 5 == 0) return new TrialResult(double.NaN);
            return Objective(c);
        }, new ExperimentOptions { MaxTrials = 30 });
        var seen = new List<int>();
        experiment.TrialCompleted += t => seen.Add(t.Id);
        var result = experiment.Run();
        Assert.Equal(30, result.Trials.Count);
        Assert.Equal(Enumerable.Range(1, 30), seen);
        var failed = result.Trials.Where(t => t.Status == TrialStatus.Failed).ToList();
        Assert.Equal(10, failed.Count);
        Assert.All(failed, t => Assert.Equal($"InvalidOperationException: injected failure in trial {t.Id}", t.Error));
        Assert.All(result.Trials.Where(t => t.Id % 5 == 0 && t.Id % 3 != 0), t => Assert.True(double.IsPositiveInfinity(t.Loss)));
        Assert.NotNull(result.Best);
        Assert.True(result.Best!.Loss < 0.01, $"best loss {result.Best.Loss}");
    }

    [Fact]
    public void TheTimeBudgetEndsTheExperimentAndStopsRunningTrials()
    {
        var budget = TimeSpan.FromSeconds(1.5);
        var experiment = new Experiment(new RandomTuner(Space, 2), c =>
        {
            // Each trial takes 0.4 s unless told to stop; a hung one (every 4th) waits for the signal.
            bool hung = c.Id % 4 == 0;
            c.Cancellation.WaitHandle.WaitOne(hung ? Timeout.Infinite : 400);
            c.Cancellation.ThrowIfCancellationRequested();
            return Objective(c);
        }, new ExperimentOptions { TimeBudget = budget, Parallelism = 2 });
        var result = experiment.Run();
        // Within 5% of the budget — but a two-core machine running other test projects at the same time can wake the
        // stopped trials' threads late, so the slack is at least a second. Without the stop, the hung trial never ends.
        var slack = TimeSpan.FromSeconds(Math.Max(0.05 * budget.TotalSeconds, 1.0));
        Assert.True(result.Elapsed < budget + slack, $"the experiment took {result.Elapsed.TotalSeconds:F2} s for a {budget.TotalSeconds} s budget");
        Assert.Contains(result.Trials, t => t.Status == TrialStatus.Completed);
        Assert.Contains(result.Trials, t => t.Status == TrialStatus.Stopped);
    }

    [Fact]
    public void ATrialTimeoutStopsAHungTrialAndTheExperimentGoesOn()
    {
        var result = new Experiment(new RandomTuner(Space, 3), c =>
        {
            if (c.Id == 2) c.Cancellation.WaitHandle.WaitOne();
            c.Cancellation.ThrowIfCancellationRequested();
            return Objective(c);
        }, new ExperimentOptions { MaxTrials = 4, TrialTimeout = TimeSpan.FromMilliseconds(300) }).Run();
        Assert.Equal([TrialStatus.Completed, TrialStatus.Stopped, TrialStatus.Completed, TrialStatus.Completed], result.Trials.Select(t => t.Status));
    }

    [Theory]
    [InlineData("random")]
    [InlineData("cfo")]
    [InlineData("tpe")]
    public void AResumedExperimentRedoesNothingAndMatchesAnUninterruptedRun(string tuner)
    {
        ITuner Make() => tuner switch { "random" => new RandomTuner(Space, 7), "cfo" => new CfoTuner(Space, 7), _ => new TpeTuner(Space, 7) };
        var whole = new Experiment(Make(), Objective, new ExperimentOptions { MaxTrials = 25 }).Run();

        string db = Path.Combine(_dir, $"{tuner}.db");
        using (var store = new SqliteTrialStore(db))
            new Experiment(Make(), Objective, new ExperimentOptions { MaxTrials = 12 }, store).Run();
        int calls = 0;
        ExperimentResult resumed;
        using (var store = new SqliteTrialStore(db))
            resumed = new Experiment(Make(), c => { calls++; return Objective(c); }, new ExperimentOptions { MaxTrials = 25 }, store).Run();
        Assert.Equal(13, calls);
        Assert.Equal(whole.Trials.Select(t => t.Parameters.ToString()), resumed.Trials.Select(t => t.Parameters.ToString()));
        Assert.Equal(whole.Trials.Select(t => t.Loss), resumed.Trials.Select(t => t.Loss));
        using (var store = new SqliteTrialStore(db))
        {
            var recorded = store.Load("experiment");
            Assert.Equal(25, recorded.Count);
            Assert.All(recorded, t => Assert.Equal(TrialStatus.Completed, t.Status));
            Assert.Equal(whole.Trials[3].Metrics["x"], recorded[3].Metrics["x"]);
        }
    }

    [Fact]
    public void AnInterruptedTrialRunsAgainAndAStoreOfAnotherSearchIsRefused()
    {
        string db = Path.Combine(_dir, "interrupted.db");
        using (var store = new SqliteTrialStore(db))
        {
            new Experiment(new RandomTuner(Space, 9), Objective, new ExperimentOptions { MaxTrials = 3 }, store).Run();
            // As if the process died during trial 3: it is still marked running.
            var third = store.Load("experiment")[2];
            store.Save("experiment", third with { Status = TrialStatus.Running, Loss = double.PositiveInfinity });
        }
        var ran = new List<int>();
        using (var store = new SqliteTrialStore(db))
        {
            var result = new Experiment(new RandomTuner(Space, 9), c => { ran.Add(c.Id); return Objective(c); }, new ExperimentOptions { MaxTrials = 4 }, store).Run();
            Assert.Equal([3, 4], ran);
            Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
            var other = Assert.Throws<InvalidOperationException>(() => new Experiment(new RandomTuner(Space, 10), Objective, new ExperimentOptions { MaxTrials = 5 }, store).Run());
            Assert.Contains("the search space or seed differs from the recorded experiment", other.Message);
        }
    }

    [Fact]
    public void ParallelTrialsRunAtOnceAndAllAreRecorded()
    {
        int running = 0, peak = 0;
        var result = new Experiment(new RandomTuner(Space, 11), c =>
        {
            int now = Interlocked.Increment(ref running);
            lock (this) peak = Math.Max(peak, now);
            Thread.Sleep(50);
            Interlocked.Decrement(ref running);
            return Objective(c);
        }, new ExperimentOptions { MaxTrials = 12, Parallelism = 3 }).Run();
        Assert.Equal(12, result.Trials.Count);
        Assert.Equal(Enumerable.Range(1, 12), result.Trials.Select(t => t.Id));
        Assert.Equal(3, peak);
        Assert.Contains("Set a TimeBudget, a MaxTrials, or both", Assert.Throws<ArgumentException>(() => new Experiment(new RandomTuner(Space), Objective, new ExperimentOptions())).Message);
    }
}
