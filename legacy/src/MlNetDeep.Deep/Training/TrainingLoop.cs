using System.Diagnostics;
using MlNetDeep.Data.Tensors;
using MlNetDeep.Torch;
using MlNetDeep.Torch.IO;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;

namespace MlNetDeep.Deep.Training;

/// <summary>
/// The one training loop of the deep trainers. A <see cref="TrainingTask"/> says what a step does
/// (one network and optimizer for the catalog trainers; two of each for a GAN); the loop streams
/// shuffled batches (background prefetch, training-time augmentation), steps every optimizer's
/// learning-rate schedule per batch, stops within one step on a non-finite loss or gradient,
/// evaluates a validation view each epoch, drives the callbacks (early stopping restores the best
/// weights of every module), checkpoints and resumes, and honours cancellation and a time budget.
/// </summary>
public sealed class TrainingLoop
{
    private static readonly IReadOnlyDictionary<string, double> NoBatchMetrics = new Dictionary<string, double>();
    private readonly TrainingTask _task;
    private readonly DeepTrainerOptions _options;
    private readonly int _seed;
    private readonly IReadOnlyList<TrainingCallback> _callbacks;

    /// <summary>Creates the loop for <paramref name="task"/>; <paramref name="seed"/> orders the batches and is recorded in checkpoints.</summary>
    /// <exception cref="ArgumentException">An option is invalid or the task has no module or optimizer.</exception>
    public TrainingLoop(TrainingTask task, DeepTrainerOptions options, int seed, IReadOnlyList<TrainingCallback>? callbacks = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (task.Modules.Count == 0 || task.Optimizers.Count == 0) throw new ArgumentException("A training task needs at least one module and one optimizer.", nameof(task));
        (_task, _options, _seed, _callbacks) = (task, options, seed, callbacks ?? []);
    }

    /// <summary>The logs of the last finished epoch.</summary>
    public TrainingLogs? Last { get; private set; }

    private LRScheduler? MakeScheduler(Optimizer optimizer, long rows)
    {
        if (_options.Schedule == LearningRateSchedule.Constant) return null;
        int perEpoch = (int)Math.Max(1, (rows + _options.BatchSize - 1) / _options.BatchSize);
        int total = checked(perEpoch * _options.Epochs);
        return _options.Schedule switch
        {
            LearningRateSchedule.Cosine => new CosineWarmupLR(optimizer, total, Math.Min(_options.WarmupSteps, total - 1)),
            LearningRateSchedule.OneCycle => new OneCycleLR(optimizer, optimizer.ParamGroups.Select(g => g.LearningRate).ToArray(), Math.Max(2, total)),
            _ => new MultiStepLR(optimizer, [Math.Max(1, total / 2), Math.Max(1, total * 3 / 4)]),
        };
    }

    private long CountRows(IDataView data)
    {
        using var c = data.GetRowCursor([data.Schema[_task.Columns[0]]]);
        long n = 0;
        while (c.MoveNext()) n++;
        return n;
    }

    private void SetTraining(bool training)
    {
        foreach (var (_, m) in _task.Modules) m.Train(training);
    }

    /// <summary>Trains for the options' epochs (or until stopped), resuming from the checkpoint when one exists.</summary>
    /// <exception cref="TrainingDivergedException">A loss or gradient became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was signalled.</exception>
    public void Run(IDataView train, IDataView? validation, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        long rows = train.GetRowCount() ?? CountRows(train);
        var schedulers = _task.Optimizers.Select(o => MakeScheduler(o.Optimizer, rows)).ToArray();
        int firstEpoch = 1;
        if (_options.CheckpointPath is { } ckpt && File.Exists(ckpt)) firstEpoch = Resume(ckpt, schedulers) + 1;
        // Augmentation draws per (seed, pass, row); numbering the passes from the resumed epoch keeps a resumed run bit-identical.
        if (_options.Augmentation is { } aug)
            train = new Data.Augmentation.ImageAugmentationTransformer(_options.FeatureColumnName, aug).TransformForTraining(train, passesDone: firstEpoch - 1);
        var batches = new TensorBatcher(train, _task.Columns.ToArray(), _options.BatchSize, shuffle: true, seed: _seed, firstEpoch: firstEpoch - 1);
        var step = new TrainingStep(_options.GradientClipNorm);
        var clock = Stopwatch.StartNew();
        var sinceCheckpoint = Stopwatch.StartNew();
        double? bestVal = null;
        Dictionary<string, Tensor>? best = null;
        int sinceBest = 0;
        bool outOfTime = false;
        foreach (var c in _callbacks) c.OnTrainBegin();
        try
        {
            for (int epoch = firstEpoch; epoch <= _options.Epochs && !outOfTime; epoch++)
            {
                SetTraining(true);
                var epochClock = Stopwatch.StartNew();
                double lossSum = 0;
                long seen = 0, right = 0;
                int batch = 0;
                step.Epoch = epoch;
                foreach (var b in batches)
                {
                    using (b)
                    using (Engine.NewDisposeScope())
                    {
                        cancellation.ThrowIfCancellationRequested();
                        step.Batch = ++batch;
                        var r = _task.Train(b, step);
                        foreach (var s in schedulers)
                            if (s is not null && !(s is OneCycleLR one && one.LastStep + 1 >= one.TotalSteps)) s.Step();
                        lossSum += r.Loss * b.Count;
                        seen += b.Count;
                        right += r.Correct;
                        var logs = new TrainingLogs(epoch, _options.Epochs, batch, r.Loss, NoBatchMetrics, seen / epochClock.Elapsed.TotalSeconds, clock.Elapsed,
                            Remaining(clock.Elapsed, epoch - 1 + (double)seen / Math.Max(1, rows)));
                        foreach (var c in _callbacks) c.OnBatchEnd(logs);
                    }
                    if (_options.TimeBudget is { } budget && clock.Elapsed >= budget) { outOfTime = true; break; }
                }
                if (seen == 0) throw new ArgumentException("The training data has no rows.");
                var epochMetrics = new Dictionary<string, double> { ["learning_rate"] = _task.Optimizers[0].Optimizer.ParamGroups[0].LearningRate };
                if (_task.CountsCorrect) epochMetrics["accuracy"] = (double)right / seen;
                if (validation is not null)
                {
                    var (vl, va) = Evaluate(validation);
                    epochMetrics["val_loss"] = vl;
                    if (va is { } acc) epochMetrics["val_accuracy"] = acc;
                    if (_options.EarlyStoppingPatience > 0)
                    {
                        if (bestVal is null || vl < bestVal)
                        {
                            bestVal = vl;
                            sinceBest = 0;
                            Snapshot(ref best);
                        }
                        else if (++sinceBest >= _options.EarlyStoppingPatience)
                        {
                            epochMetrics["early_stopped"] = 1;
                        }
                    }
                }
                Last = new TrainingLogs(epoch, _options.Epochs, 0, lossSum / seen, epochMetrics, seen / epochClock.Elapsed.TotalSeconds, clock.Elapsed,
                    Remaining(clock.Elapsed, epoch));
                if (_options.CheckpointPath is { } path && (epoch % _options.CheckpointEveryEpochs == 0 || epoch == _options.Epochs
                        || (_options.CheckpointEveryMinutes is { } minutes && sinceCheckpoint.Elapsed.TotalMinutes >= minutes)))
                {
                    SaveCheckpoint(path, epoch, schedulers);
                    sinceCheckpoint.Restart();
                }
                foreach (var c in _callbacks) c.OnEpochEnd(Last);
                if (epochMetrics.ContainsKey("early_stopped") || _callbacks.Any(c => c.StopTraining)) break;
            }
            if (best is not null) Restore(best);
        }
        finally
        {
            if (best is not null) foreach (var t in best.Values) t.Dispose();
            SetTraining(false);
            foreach (var c in _callbacks) c.OnTrainEnd(Last);
        }
    }

    /// <summary>
    /// Writes every module's weights, every optimizer's state, the schedule step, the RNG state (this thread's generator, else the
    /// global one) and the epoch to one tensor file (through a temporary file renamed into place, so a kill during the write
    /// leaves the previous checkpoint intact). Entries: <c>module.key</c>, <c>optimizer.key</c>, <c>rng.global</c>, <c>meta.epoch_step_seed</c>.
    /// </summary>
    private void SaveCheckpoint(string path, int epoch, LRScheduler?[] schedulers)
    {
        var entries = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var owned = new List<Tensor>();
        try
        {
            foreach (var (name, m) in _task.Modules)
                foreach (var (k, v) in m.StateDict()) entries[name + "." + k] = v;
            foreach (var (name, o) in _task.Optimizers)
                foreach (var (k, v) in o.StateDict()) { entries[name + "." + k] = v; owned.Add(v); }
            Tensor rng = (Engine.CurrentGenerator?.GetState() ?? Generator.GetGlobalState()).DetachFromDisposeScope();
            owned.Add(rng);
            entries["rng.global"] = rng;
            Tensor meta = Tensor.FromArray(new long[] { epoch, schedulers.FirstOrDefault(s => s is not null)?.LastStep ?? 0, _seed }).DetachFromDisposeScope();
            owned.Add(meta);
            entries["meta.epoch_step_seed"] = meta;
            TensorFile.Save(path, entries, new Dictionary<string, string> { ["kind"] = "mlnetdeep-checkpoint" });
        }
        finally
        {
            foreach (var t in owned) t.Dispose();
        }
    }

    private static Dictionary<string, Tensor> WithPrefix(IReadOnlyDictionary<string, Tensor> all, string name) =>
        all.Where(kv => kv.Key.StartsWith(name + ".", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[(name.Length + 1)..], kv => kv.Value);

    /// <summary>Restores a checkpoint; returns the epoch it was written after.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of these modules and seed.</exception>
    private int Resume(string path, LRScheduler?[] schedulers)
    {
        using var file = TensorFile.Load(path);
        if (!file.Metadata.TryGetValue("kind", out var kind) || kind != "mlnetdeep-checkpoint" || !file.Tensors.TryGetValue("meta.epoch_step_seed", out var meta))
            throw new InvalidDataException($"{path} is not a training checkpoint.");
        long[] m = meta.ToArray<long>();
        if (m.Length != 3 || m[2] != _seed)
            throw new InvalidDataException($"{path} was written by a run with another seed ({(m.Length == 3 ? m[2] : -1)}, this run: {_seed}); delete it or use that seed.");
        try
        {
            foreach (var (name, module) in _task.Modules) module.LoadStateDict(WithPrefix(file.Tensors, name));
            foreach (var (name, optimizer) in _task.Optimizers) optimizer.LoadStateDict(WithPrefix(file.Tensors, name));
        }
        catch (Exception e) when (e is StateDictMismatchException or ArgumentException)
        {
            throw new InvalidDataException($"{path} does not fit this network: {e.Message}", e);
        }
        foreach (var s in schedulers) s?.Resume((int)m[1]);
        if (Engine.CurrentGenerator is { } g) g.SetState(file.Tensors["rng.global"]);
        else Generator.SetGlobalState(file.Tensors["rng.global"]);
        return (int)m[0];
    }

    private TimeSpan Remaining(TimeSpan elapsed, double epochsDone) =>
        epochsDone <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(elapsed.TotalSeconds / epochsDone * Math.Max(0, _options.Epochs - epochsDone));

    /// <summary>Mean loss (and accuracy, when the task counts correct predictions) over a view, in evaluation mode.</summary>
    internal (double Loss, double? Accuracy) Evaluate(IDataView data)
    {
        SetTraining(false);
        double sum = 0;
        long n = 0, right = 0;
        foreach (var b in new TensorBatcher(data, _task.Columns.ToArray(), Math.Max(_options.BatchSize, 256)))
        {
            using (b)
            using (Engine.NewDisposeScope())
            using (Engine.NoGrad())
            {
                var r = _task.Evaluate(b);
                sum += r.Loss * b.Count;
                n += b.Count;
                right += r.Correct;
            }
        }
        SetTraining(true);
        if (n == 0) throw new ArgumentException("The validation data has no rows.");
        return (sum / n, _task.CountsCorrect ? (double)right / n : null);
    }

    private void Snapshot(ref Dictionary<string, Tensor>? best)
    {
        if (best is not null) foreach (var t in best.Values) t.Dispose();
        var copy = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (Engine.NoGrad())
            foreach (var (name, m) in _task.Modules)
                foreach (var (k, v) in m.StateDict()) copy[name + "." + k] = v.Clone().DetachFromDisposeScope();
        best = copy;
    }

    private void Restore(Dictionary<string, Tensor> best)
    {
        foreach (var (name, m) in _task.Modules) m.LoadStateDict(WithPrefix(best, name));
    }
}
