using System.Diagnostics;
using MlNetDeep.AutoML.SearchSpaces;
using MlNetDeep.AutoML.Tuners;

namespace MlNetDeep.AutoML.Experiments;

/// <summary>Limits and settings of an <see cref="Experiment"/>.</summary>
public sealed record ExperimentOptions
{
    /// <summary>The experiment's name in the store (one store can hold several).</summary>
    public string Name { get; init; } = "experiment";
    /// <summary>Wall-time budget; the experiment ends within it (running trials are told to stop at the deadline). Null: none.</summary>
    public TimeSpan? TimeBudget { get; init; }
    /// <summary>Number of trials (finished ones from a resumed store count). Null: until the budget or the tuner runs out.</summary>
    public int? MaxTrials { get; init; }
    /// <summary>Trials run at once.</summary>
    public int Parallelism { get; init; } = 1;
    /// <summary>A trial running longer is told to stop and recorded as stopped. Null: no limit.</summary>
    public TimeSpan? TrialTimeout { get; init; }
    /// <summary>Multi-fidelity pruning of trials that report intermediate losses (e.g. <see cref="AshaPruner"/>). Null: none.</summary>
    public IPruner? Pruner { get; init; }
    /// <summary>
    /// Run this experiment together with other workers (threads, processes, machines) through an
    /// <see cref="ISharedTrialStore"/>: each worker proposes with its own tuner, which also hears
    /// every other worker's finished trials; trial ids and <see cref="MaxTrials"/> count all
    /// workers' trials. There is no replay: a worker that joins or rejoins learns from the store,
    /// its pruner's rungs included (from the finished trials' recorded intermediate losses).
    /// A trial left running by a worker that died stays recorded as running.
    /// </summary>
    public bool Shared { get; init; }

    /// <summary>Checks the values.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Name)) throw new ArgumentException("Name must be set.");
        if (TimeBudget is { } b && b <= TimeSpan.Zero) throw new ArgumentException($"TimeBudget must be positive. Received: {b}.");
        if (MaxTrials is < 1) throw new ArgumentException($"MaxTrials must be >= 1. Received: {MaxTrials}.");
        if (Parallelism < 1) throw new ArgumentException($"Parallelism must be >= 1. Received: {Parallelism}.");
        if (TrialTimeout is { } t && t <= TimeSpan.Zero) throw new ArgumentException($"TrialTimeout must be positive. Received: {t}.");
        if (TimeBudget is null && MaxTrials is null) throw new ArgumentException("Set a TimeBudget, a MaxTrials, or both; an experiment needs an end.");
    }
}

/// <summary>
/// Runs trials of an objective at the points a tuner proposes, until the trial count, the time
/// budget, the tuner or cancellation ends it. A trial that throws is recorded as failed with
/// its error and reported to the tuner as +∞; the experiment goes on. With a store, every
/// trial is recorded as it ends, and a restarted experiment replays the finished trials into
/// the tuner (the same proposals, the same results) and goes on from there: nothing finished
/// is redone, and with one trial at a time the sequence is the one an uninterrupted run makes.
/// </summary>
public sealed class Experiment
{
    private readonly ITuner _tuner;
    private readonly Func<TrialContext, TrialResult> _objective;
    private readonly ITrialStore? _store;

    /// <summary>Creates the experiment.</summary>
    public Experiment(ITuner tuner, Func<TrialContext, TrialResult> objective, ExperimentOptions options, ITrialStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(tuner);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Shared && store is not ISharedTrialStore)
            throw new ArgumentException($"A shared experiment needs a store several workers can share (SqliteTrialStore, PostgresTrialStore); received {(store is null ? "none" : store.GetType().Name)}.", nameof(store));
        (_tuner, _objective, Options, _store) = (tuner, objective, options, store);
    }

    /// <summary>The options.</summary>
    public ExperimentOptions Options { get; }

    private readonly CancellationTokenSource _stop = new();

    /// <summary>
    /// Ends the experiment as its time budget would: no new trial starts, running ones are told to
    /// stop (and recorded as stopped), and <see cref="Run"/> returns its result normally. Safe to
    /// call from any thread, e.g. a monitor.
    /// </summary>
    public void Stop() => _stop.Cancel();

    /// <summary>Called (on the trial's thread) as each trial ends: monitors, progress, logs.</summary>
    public event Action<Trial>? TrialCompleted;

    /// <summary>Runs the experiment.</summary>
    /// <returns>Every trial, resumed ones included, by id; the best is <see cref="ExperimentResult.Best"/>.</returns>
    /// <exception cref="InvalidOperationException">The store's trials do not replay: the tuner proposes other points than were recorded (another search space or seed).</exception>
    public ExperimentResult Run(CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        if (Options.Shared) return RunShared((ISharedTrialStore)_store!, clock, cancellation);
        var trials = new SortedDictionary<int, Trial>();
        int nextId = 1;
        foreach (var old in _store?.Load(Options.Name) ?? [])
        {
            // Replay: the tuner proposes the same point again (its state advances) and hears the recorded result.
            var proposed = _tuner.Propose() ?? throw new InvalidOperationException($"Resuming '{Options.Name}': the tuner ran out before recorded trial {old.Id}.");
            if (proposed.ToString() != old.Parameters.ToString())
                throw new InvalidOperationException($"Resuming '{Options.Name}': trial {old.Id} was {old.Parameters} but the tuner now proposes {proposed}; the search space or seed differs from the recorded experiment.");
            if (old.Status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Pruned)
            {
                _tuner.Report(proposed, old.Loss, old.Seconds);
                ReplayReports(old);
                trials[old.Id] = old;
                nextId = old.Id + 1;
                continue;
            }
            // Interrupted (running when the process died) or stopped: run it again now.
            Record(trials, RunTrial(old.Id, proposed, cancellation, clock));
            nextId = old.Id + 1;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _stop.Token);
        if (Options.TimeBudget is { } b) budget.CancelAfter(b - clock.Elapsed > TimeSpan.Zero ? b - clock.Elapsed : TimeSpan.Zero);
        var running = new List<Task>();
        object gate = new();
        while (!budget.IsCancellationRequested && (Options.MaxTrials is null || nextId - 1 < Options.MaxTrials))
        {
            ParameterSet? point;
            lock (gate) point = _tuner.Propose();
            if (point is null) break;
            Launch(running, nextId++, point, budget.Token, clock, trials, gate);
        }
        Task.WaitAll([.. running]);
        cancellation.ThrowIfCancellationRequested();
        return new ExperimentResult(trials.Values.ToList(), clock.Elapsed);
    }

    private ExperimentResult RunShared(ISharedTrialStore store, Stopwatch clock, CancellationToken cancellation)
    {
        var trials = new SortedDictionary<int, Trial>();
        var heard = new HashSet<int>();
        object gate = new();
        // Other workers' finished trials reach this worker's tuner as they appear in the store.
        void Sync()
        {
            foreach (var t in store.Load(Options.Name))
            {
                if (t.Status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Pruned)
                {
                    if (heard.Add(t.Id))
                    {
                        _tuner.Report(t.Parameters, t.Loss, t.Seconds);
                        ReplayReports(t); // the other workers' curves join this worker's rungs
                    }
                    trials[t.Id] = t;
                }
                else if (!heard.Contains(t.Id)) trials[t.Id] = t;
            }
        }
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _stop.Token);
        if (Options.TimeBudget is { } b) budget.CancelAfter(b);
        var running = new List<Task>();
        while (!budget.IsCancellationRequested)
        {
            ParameterSet? point;
            int? claimed;
            lock (gate)
            {
                Sync();
                point = _tuner.Propose();
                if (point is null) break;
                claimed = store.Claim(Options.Name, point, Options.MaxTrials);
                if (claimed is null) break;
                heard.Add(claimed.Value); // this worker reports its own trial to its tuner when it ends
            }
            Launch(running, claimed.Value, point, budget.Token, clock, trials, gate);
        }
        Task.WaitAll([.. running]);
        lock (gate) Sync();
        cancellation.ThrowIfCancellationRequested();
        return new ExperimentResult(trials.Values.ToList(), clock.Elapsed);
    }

    /// <summary>Starts a trial and, with <see cref="ExperimentOptions.Parallelism"/> running, waits for one to end.</summary>
    private void Launch(List<Task> running, int id, ParameterSet point, CancellationToken budget, Stopwatch clock, SortedDictionary<int, Trial> trials, object gate)
    {
        // A thread of its own per trial (trials are long and may block), so neither the
        // budget's timer nor other trials wait for thread-pool threads.
        running.Add(Task.Factory.StartNew(() =>
        {
            var trial = RunTrial(id, point, budget, clock);
            lock (gate) Record(trials, trial);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        if (running.Count >= Options.Parallelism)
        {
            int done = Task.WaitAny([.. running]);
            running.RemoveAt(done);
        }
    }

    /// <summary>Prefix of the metrics that record a trial's intermediate losses (<c>loss@3</c>: after 3 units).</summary>
    public const string ReportPrefix = "loss@";

    /// <summary>The objective's metrics with the trial's intermediate losses (and, when pruned, the resource it reached).</summary>
    private static Dictionary<string, double> Recorded(IReadOnlyDictionary<string, double>? metrics, TrialContext context, bool pruned)
    {
        var all = new Dictionary<string, double>(metrics ?? new Dictionary<string, double>());
        foreach (var (resource, loss) in context.Reports) all[ReportPrefix + resource.ToString(System.Globalization.CultureInfo.InvariantCulture)] = loss;
        if (pruned) all["resource"] = context.LastResource;
        return all;
    }

    /// <summary>Feeds a recorded trial's intermediate losses to the pruner again, so a resumed experiment prunes as the uninterrupted one would.</summary>
    private void ReplayReports(Trial trial)
    {
        if (Options.Pruner is not { } pruner) return;
        (pruner as IParameterAwarePruner)?.Starting(trial.Id, trial.Parameters);
        var reports = trial.Metrics.Where(m => m.Key.StartsWith(ReportPrefix, StringComparison.Ordinal))
            .Select(m => (Resource: int.Parse(m.Key[ReportPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture), Loss: m.Value))
            .OrderBy(r => r.Resource);
        foreach (var (resource, loss) in reports) pruner.ShouldStop(trial.Id, resource, loss);
    }

    private void Record(SortedDictionary<int, Trial> trials, Trial trial)
    {
        trials[trial.Id] = trial;
        if (trial.Status != TrialStatus.Stopped) _tuner.Report(trial.Parameters, trial.Loss, trial.Seconds);
        _store?.Save(Options.Name, trial);
        TrialCompleted?.Invoke(trial);
    }

    private Trial RunTrial(int id, ParameterSet point, CancellationToken budget, Stopwatch clock)
    {
        _store?.Save(Options.Name, new Trial(id, point, TrialStatus.Running, double.PositiveInfinity, new Dictionary<string, double>(), 0, null));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(budget);
        if (Options.TrialTimeout is { } t) limit.CancelAfter(t);
        var sw = Stopwatch.StartNew();
        try
        {
            (Options.Pruner as IParameterAwarePruner)?.Starting(id, point);
            var context = new TrialContext(id, point, limit.Token, Options.Pruner);
            var result = _objective(context);
            if (context.Pruned)
                return new Trial(id, point, TrialStatus.Pruned, double.IsNaN(context.LastLoss) ? double.PositiveInfinity : context.LastLoss,
                    Recorded(result.Metrics, context, pruned: true), sw.Elapsed.TotalSeconds, null);
            if (limit.IsCancellationRequested)
                return new Trial(id, point, TrialStatus.Stopped, double.PositiveInfinity, result.Metrics ?? new Dictionary<string, double>(), sw.Elapsed.TotalSeconds, "stopped by the budget or the trial timeout");
            double loss = double.IsNaN(result.Loss) ? double.PositiveInfinity : result.Loss;
            return new Trial(id, point, TrialStatus.Completed, loss, Recorded(result.Metrics, context, pruned: false), sw.Elapsed.TotalSeconds, null);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            return new Trial(id, point, TrialStatus.Stopped, double.PositiveInfinity, new Dictionary<string, double>(), sw.Elapsed.TotalSeconds, "stopped by the budget or the trial timeout");
        }
#pragma warning disable CA1031 // A trial's failure, whatever it is, is recorded and the experiment goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // A trial process's error already names the exception it threw there.
            string error = e is TrialProcessException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            return new Trial(id, point, TrialStatus.Failed, double.PositiveInfinity, new Dictionary<string, double>(), sw.Elapsed.TotalSeconds, error);
        }
    }
}

/// <summary>The trials of an experiment and how long it ran.</summary>
/// <param name="Trials">Every trial by id.</param>
/// <param name="Elapsed">Wall time of this run (not of resumed trials).</param>
public sealed record ExperimentResult(IReadOnlyList<Trial> Trials, TimeSpan Elapsed)
{
    /// <summary>The completed trial with the lowest loss, or null when none completed.</summary>
    public Trial? Best => Trials.Where(t => t.Status == TrialStatus.Completed).OrderBy(t => t.Loss).ThenBy(t => t.Id).FirstOrDefault();
}
