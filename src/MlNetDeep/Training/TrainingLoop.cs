using System.Diagnostics;
using Microsoft.ML;
using MlNetDeep.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Training;

/// <summary>
/// The one training loop of the deep trainers. A <see cref="TrainingTask"/> says what a step does;
/// the loop streams shuffled batches (<see cref="DataViewBatcher"/>), sets every optimizer's learning
/// rate from the schedule before each step, stops within the step on a non-finite loss, evaluates a
/// validation view each epoch, stops early (restoring the best weights of every module),
/// checkpoints and resumes, drives the callbacks, and honours cancellation and a time budget.
/// </summary>
public sealed class TrainingLoop
{
    private static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();
    private readonly TrainingTask _task;
    private readonly DeepTrainerOptions _options;
    private readonly int _seed;
    private readonly Device _device;
    private readonly IReadOnlyList<TrainingCallback> _callbacks;

    /// <summary>Creates the loop for <paramref name="task"/>, whose modules are already on <paramref name="device"/> (default: the CPU).</summary>
    /// <exception cref="ArgumentException">An option is invalid or the task has no module or optimizer.</exception>
    public TrainingLoop(TrainingTask task, DeepTrainerOptions options, int seed, IReadOnlyList<TrainingCallback>? callbacks = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (task.Modules.Count == 0 || task.Optimizers.Count == 0) throw new ArgumentException("A training task needs at least one module and one optimizer.", nameof(task));
        (_task, _options, _seed, _callbacks, _device) = (task, options, seed, callbacks ?? [], device ?? CPU);
    }

    private void SetTraining(bool training)
    {
        foreach (var (_, m) in _task.Modules) m.train(training);
    }

    /// <summary>Trains for the options' epochs (or until stopped), resuming from the checkpoint when one exists.</summary>
    /// <returns>The history of every epoch, resumed ones included.</returns>
    /// <exception cref="TrainingDivergedException">A loss or gradient became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was signalled.</exception>
    /// <exception cref="InvalidDataException">The checkpoint does not fit this run, or the data has no rows.</exception>
    public TrainingHistory Run(IDataView train, IDataView? validation, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        using var batches = new DataViewBatcher(train, _task.Columns,
            new DataViewBatcherOptions { BatchSize = _options.BatchSize, Shuffle = true, Seed = _seed, Loading = _options.DataLoading });
        using var validationBatches = validation is null ? null : new DataViewBatcher(validation, _task.Columns,
            new DataViewBatcherOptions { BatchSize = Math.Max(_options.BatchSize, 256), Loading = _options.DataLoading });
        batches.Prepare();
        long rows = batches.RowCount ?? CountRows(train);
        int perEpoch = (int)Math.Max(1, (rows + _options.BatchSize - 1) / _options.BatchSize);
        long totalSteps = (long)perEpoch * _options.Epochs;
        double[][] peaks = _task.Optimizers.Select(o => o.Optimizer.ParamGroups.Select(g => g.LearningRate).ToArray()).ToArray();

        var history = new List<TrainingLogs>();
        int firstEpoch = 1, bestEpoch = 0, sinceBest = 0;
        long step = 0;
        double? bestLoss = null;
        Dictionary<string, Tensor>? best = null;
        if (_options.CheckpointPath is { } resumeFrom && File.Exists(resumeFrom))
        {
            var (state, saved) = Checkpoint.Load(resumeFrom, _task, _seed);
            (firstEpoch, step, history, bestLoss, bestEpoch, sinceBest, best) = (state.Epoch + 1, state.Step, state.History, state.BestLoss, state.BestEpoch, state.SinceBest, saved);
        }

        using var generator = new Generator(0, _device);
        var trainingStep = new TrainingStep(_options.GradientClipNorm, generator);
        var clock = Stopwatch.StartNew();
        var sinceCheckpoint = Stopwatch.StartNew();
        var stop = StopReason.Completed;
        TrainingLogs? last = history.LastOrDefault();
        foreach (var c in _callbacks) c.OnTrainBegin();
        try
        {
            for (int epoch = firstEpoch; epoch <= _options.Epochs; epoch++)
            {
                SetTraining(true);
                generator.manual_seed(unchecked((long)(uint)_seed * 7_919L + epoch)); // augmentation draws depend on (seed, epoch) only
                var epochClock = Stopwatch.StartNew();
                double lossSum = 0;
                long seen = 0, right = 0;
                int batch = 0;
                trainingStep.Epoch = epoch;
                foreach (var b in batches.Epoch(epoch - 1))
                {
                    using (b)
                    using (NewDisposeScope())
                    {
                        cancellation.ThrowIfCancellationRequested();
                        trainingStep.Batch = ++batch;
                        SetLearningRates(peaks, step, totalSteps);
                        var r = _task.Train(_device.type == DeviceType.CPU ? b : ToDevice(b), trainingStep);
                        step++;
                        lossSum += r.Loss * b.Count;
                        seen += b.Count;
                        right += r.Correct;
                        if (_callbacks.Count > 0)
                        {
                            var logs = new TrainingLogs(epoch, _options.Epochs, batch, perEpoch, r.Loss, NoMetrics, seen / epochClock.Elapsed.TotalSeconds, clock.Elapsed,
                                Remaining(clock.Elapsed, epoch - firstEpoch + (double)seen / Math.Max(1, rows), firstEpoch));
                            foreach (var c in _callbacks) c.OnBatchEnd(logs);
                        }
                    }
                    if (_options.TimeBudget is { } budget && clock.Elapsed >= budget)
                    {
                        stop = StopReason.TimeBudget;
                        break;
                    }
                }
                var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["learning_rate"] = _task.Optimizers[0].Optimizer.ParamGroups.First().LearningRate };
                if (_task.CountsCorrect) metrics["accuracy"] = (double)right / Math.Max(1, seen);
                if (validationBatches is not null)
                {
                    var (vl, va) = Evaluate(validationBatches);
                    metrics["val_loss"] = vl;
                    if (va is { } acc) metrics["val_accuracy"] = acc;
                    if (_options.EarlyStoppingPatience > 0)
                    {
                        if (bestLoss is null || vl < bestLoss)
                        {
                            (bestLoss, bestEpoch, sinceBest) = (vl, epoch, 0);
                            Snapshot(ref best);
                        }
                        else if (++sinceBest >= _options.EarlyStoppingPatience && stop == StopReason.Completed)
                        {
                            stop = StopReason.EarlyStopping;
                        }
                    }
                }
                last = new TrainingLogs(epoch, _options.Epochs, 0, perEpoch, lossSum / Math.Max(1, seen), metrics, seen / epochClock.Elapsed.TotalSeconds, clock.Elapsed,
                    Remaining(clock.Elapsed, epoch - firstEpoch + 1, firstEpoch));
                history.Add(last);
                if (_options.CheckpointPath is { } path && (epoch % _options.CheckpointEveryEpochs == 0 || epoch == _options.Epochs || stop != StopReason.Completed
                        || (_options.CheckpointEveryMinutes is { } minutes && sinceCheckpoint.Elapsed.TotalMinutes >= minutes)))
                {
                    new Checkpoint { Seed = _seed, Epoch = epoch, Step = step, History = history, BestLoss = bestLoss, BestEpoch = bestEpoch, SinceBest = sinceBest }
                        .Save(path, _task, best);
                    sinceCheckpoint.Restart();
                }
                foreach (var c in _callbacks) c.OnEpochEnd(last);
                if (stop == StopReason.Completed && _callbacks.Any(c => c.StopTraining)) stop = StopReason.Callback;
                if (stop != StopReason.Completed) break;
            }
            if (best is not null) Restore(best);
        }
        finally
        {
            if (best is not null) foreach (var t in best.Values) t.Dispose();
            SetTraining(false);
            foreach (var c in _callbacks) c.OnTrainEnd(last);
        }
        return new TrainingHistory(history, stop, best is not null ? bestEpoch : null);
    }

    private void SetLearningRates(double[][] peaks, long step, long total)
    {
        if (_options.Schedule == LearningRateSchedule.Constant) return;
        for (int o = 0; o < peaks.Length; o++)
        {
            int g = 0;
            foreach (var group in _task.Optimizers[o].Optimizer.ParamGroups)
                group.LearningRate = Schedules.Rate(_options.Schedule, peaks[o][g++], step, total, _options.WarmupSteps);
        }
    }

    private TensorBatch ToDevice(TensorBatch b) =>
        new(b.Columns.ToDictionary(c => c, c => b[c].to(_device, non_blocking: true)), b.Count);

    private long CountRows(IDataView data)
    {
        using var cursor = data.GetRowCursor([data.Schema[_task.Columns[0]]]);
        long n = 0;
        while (cursor.MoveNext()) n++;
        return n;
    }

    private TimeSpan Remaining(TimeSpan elapsed, double epochsDone, int firstEpoch) =>
        epochsDone <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(elapsed.TotalSeconds / epochsDone * Math.Max(0, _options.Epochs - firstEpoch + 1 - epochsDone));

    /// <summary>Mean loss (and accuracy, when the task counts correct predictions) over the validation batches, in evaluation mode.</summary>
    private (double Loss, double? Accuracy) Evaluate(DataViewBatcher data)
    {
        SetTraining(false);
        double sum = 0;
        long n = 0, right = 0;
        foreach (var b in data.Epoch(0))
        {
            using (b)
            using (NewDisposeScope())
            using (no_grad())
            {
                var r = _task.Evaluate(_device.type == DeviceType.CPU ? b : ToDevice(b));
                sum += r.Loss * b.Count;
                n += b.Count;
                right += r.Correct;
            }
        }
        SetTraining(true);
        return (sum / Math.Max(1, n), _task.CountsCorrect ? (double)right / Math.Max(1, n) : null);
    }

    private void Snapshot(ref Dictionary<string, Tensor>? best)
    {
        if (best is not null) foreach (var t in best.Values) t.Dispose();
        var copy = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (no_grad())
            foreach (var (name, m) in _task.Modules)
                foreach (var (k, v) in m.state_dict()) copy[name + "." + k] = v.clone().DetachFromDisposeScope();
        best = copy;
    }

    private void Restore(Dictionary<string, Tensor> best)
    {
        using var _ = no_grad();
        foreach (var (name, m) in _task.Modules)
            foreach (var (k, v) in m.state_dict()) v.copy_(best[name + "." + k]);
    }
}
