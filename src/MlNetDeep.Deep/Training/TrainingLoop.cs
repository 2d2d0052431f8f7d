using System.Diagnostics;
using MlNetDeep.Data.Tensors;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Torch;
using MlNetDeep.Torch.IO;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;

namespace MlNetDeep.Deep.Training;

/// <summary>
/// The one training loop of the deep trainers: streams shuffled batches (background
/// prefetch), steps the optimizer, stops within one step on a non-finite loss or gradient,
/// evaluates a validation view each epoch, drives the callbacks (early stopping restores
/// the best weights), and honours cancellation and a time budget. The task (classification,
/// regression, …) supplies the loss and the per-batch count of correct predictions.
/// </summary>
internal sealed class TrainingLoop(Sequential net, NetworkSpec spec, DeepTrainerOptions options, int seed,
    Func<Tensor, Tensor, Tensor> loss, Func<Tensor, Tensor, long>? correct, IReadOnlyList<TrainingCallback> callbacks)
{
    private readonly long[] _inputShape = spec.InputShape.Select(d => (long)d).ToArray();

    /// <summary>The logs of the last finished epoch.</summary>
    public TrainingLogs? Last { get; private set; }

    internal Optimizer MakeOptimizer() => options.Optimizer switch
    {
        OptimizerKind.Adam => new Adam(net.Parameters(), options.LearningRate, weightDecay: options.WeightDecay),
        OptimizerKind.AdamW => new AdamW(net.Parameters(), options.LearningRate, weightDecay: options.WeightDecay),
        OptimizerKind.Sgd => new Sgd(net.Parameters(), options.LearningRate, momentum: options.Momentum, weightDecay: options.WeightDecay),
        _ => new RmsProp(net.Parameters(), options.LearningRate, momentum: options.Momentum, weightDecay: options.WeightDecay),
    };

    private LRScheduler? MakeScheduler(Optimizer optimizer, IDataView train)
    {
        if (options.Schedule == LearningRateSchedule.Constant) return null;
        long rows = train.GetRowCount() ?? CountRows(train);
        int perEpoch = (int)Math.Max(1, (rows + options.BatchSize - 1) / options.BatchSize);
        int total = checked(perEpoch * options.Epochs);
        return options.Schedule switch
        {
            LearningRateSchedule.Cosine => new CosineWarmupLR(optimizer, total, Math.Min(options.WarmupSteps, total - 1)),
            LearningRateSchedule.OneCycle => new OneCycleLR(optimizer, options.LearningRate, Math.Max(2, total)),
            _ => new MultiStepLR(optimizer, [Math.Max(1, total / 2), Math.Max(1, total * 3 / 4)]),
        };
    }

    private long CountRows(IDataView data)
    {
        using var c = data.GetRowCursor([data.Schema[options.LabelColumnName]]);
        long n = 0;
        while (c.MoveNext()) n++;
        return n;
    }

    public void Run(IDataView train, IDataView? validation, CancellationToken cancellation)
    {
        string[] columns = [options.FeatureColumnName, options.LabelColumnName];
        using var optimizer = MakeOptimizer();
        var scheduler = MakeScheduler(optimizer, train);
        int firstEpoch = 1;
        if (options.CheckpointPath is { } ckpt && File.Exists(ckpt)) firstEpoch = Resume(ckpt, optimizer, scheduler) + 1;
        // Augmentation draws per (seed, pass, row); numbering the passes from the resumed epoch keeps a resumed run bit-identical.
        if (options.Augmentation is { } aug)
            train = new Data.Augmentation.ImageAugmentationTransformer(options.FeatureColumnName, aug).TransformForTraining(train, passesDone: firstEpoch - 1);
        var batches = new TensorBatcher(train, columns, options.BatchSize, shuffle: true, seed: seed, firstEpoch: firstEpoch - 1);
        var clock = Stopwatch.StartNew();
        var sinceCheckpoint = Stopwatch.StartNew();
        double? bestVal = null;
        Dictionary<string, Tensor>? best = null;
        int sinceBest = 0;
        bool outOfTime = false;
        foreach (var c in callbacks) c.OnTrainBegin();
        try
        {
            for (int epoch = firstEpoch; epoch <= options.Epochs && !outOfTime; epoch++)
            {
                net.Train();
                var epochClock = Stopwatch.StartNew();
                double lossSum = 0;
                long seen = 0, right = 0;
                int batch = 0;
                foreach (var b in batches)
                {
                    using (b)
                    using (Engine.NewDisposeScope())
                    {
                        cancellation.ThrowIfCancellationRequested();
                        batch++;
                        Tensor x = b[options.FeatureColumnName].View([b.Count, .. _inputShape]);
                        Tensor y = b[options.LabelColumnName];
                        Tensor output = net.Forward(x);
                        Tensor l = loss(output, y);
                        double lv = l.ToDouble();
                        if (!double.IsFinite(lv)) throw new TrainingDivergedException(epoch, batch, "the loss");
                        optimizer.ZeroGrad();
                        l.Backward();
                        double norm = options.GradientClipNorm > 0
                            ? GradClip.ClipGradNorm(net.Parameters(), options.GradientClipNorm)
                            : GradClip.ClipGradNorm(net.Parameters(), double.MaxValue);
                        if (!double.IsFinite(norm)) throw new TrainingDivergedException(epoch, batch, $"the gradient of {FirstNonFinite()}");
                        optimizer.Step();
                        if (scheduler is not null && !(scheduler is OneCycleLR one && one.LastStep + 1 >= one.TotalSteps)) scheduler.Step();
                        lossSum += lv * b.Count;
                        seen += b.Count;
                        if (correct is not null)
                            using (Engine.NoGrad()) right += correct(output, y);
                        var metrics = new Dictionary<string, double>();
                        var logs = new TrainingLogs(epoch, options.Epochs, batch, lv, metrics, seen / epochClock.Elapsed.TotalSeconds, clock.Elapsed,
                            Remaining(clock.Elapsed, epoch - 1 + (double)seen / Math.Max(1, train.GetRowCount() ?? seen)));
                        foreach (var c in callbacks) c.OnBatchEnd(logs);
                    }
                    if (options.TimeBudget is { } budget && clock.Elapsed >= budget) { outOfTime = true; break; }
                }
                if (seen == 0) throw new ArgumentException("The training data has no rows.");
                var epochMetrics = new Dictionary<string, double> { ["learning_rate"] = optimizer.ParamGroups[0].LearningRate };
                if (correct is not null) epochMetrics["accuracy"] = (double)right / seen;
                if (validation is not null)
                {
                    var (vl, va) = Evaluate(validation);
                    epochMetrics["val_loss"] = vl;
                    if (va is { } acc) epochMetrics["val_accuracy"] = acc;
                    if (options.EarlyStoppingPatience > 0)
                    {
                        if (bestVal is null || vl < bestVal)
                        {
                            bestVal = vl;
                            sinceBest = 0;
                            Snapshot(ref best);
                        }
                        else if (++sinceBest >= options.EarlyStoppingPatience)
                        {
                            epochMetrics["early_stopped"] = 1;
                        }
                    }
                }
                Last = new TrainingLogs(epoch, options.Epochs, 0, lossSum / seen, epochMetrics, seen / epochClock.Elapsed.TotalSeconds, clock.Elapsed,
                    Remaining(clock.Elapsed, epoch));
                if (options.CheckpointPath is { } path && (epoch % options.CheckpointEveryEpochs == 0 || epoch == options.Epochs
                        || (options.CheckpointEveryMinutes is { } minutes && sinceCheckpoint.Elapsed.TotalMinutes >= minutes)))
                {
                    SaveCheckpoint(path, epoch, optimizer, scheduler);
                    sinceCheckpoint.Restart();
                }
                foreach (var c in callbacks) c.OnEpochEnd(Last);
                if (epochMetrics.ContainsKey("early_stopped") || callbacks.Any(c => c.StopTraining)) break;
            }
            if (best is not null) net.LoadStateDict(best);
        }
        finally
        {
            if (best is not null) foreach (var t in best.Values) t.Dispose();
            net.Eval();
            foreach (var c in callbacks) c.OnTrainEnd(Last);
        }
    }

    /// <summary>
    /// Writes weights, optimizer state, schedule step, the RNG state (this thread's generator, else the global one) and the epoch to one
    /// tensor file (through a temporary file renamed into place, so a kill during the write
    /// leaves the previous checkpoint intact).
    /// </summary>
    private void SaveCheckpoint(string path, int epoch, Optimizer optimizer, LRScheduler? scheduler)
    {
        var entries = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var owned = new List<Tensor>();
        try
        {
            foreach (var (k, v) in net.StateDict()) entries["model." + k] = v;
            foreach (var (k, v) in optimizer.StateDict()) { entries["optim." + k] = v; owned.Add(v); }
            Tensor rng = (Engine.CurrentGenerator?.GetState() ?? Generator.GetGlobalState()).DetachFromDisposeScope();
            owned.Add(rng);
            entries["rng.global"] = rng;
            Tensor meta = Tensor.FromArray(new long[] { epoch, scheduler?.LastStep ?? 0, seed }).DetachFromDisposeScope();
            owned.Add(meta);
            entries["meta.epoch_step_seed"] = meta;
            TensorFile.Save(path, entries, new Dictionary<string, string> { ["kind"] = "mlnetdeep-checkpoint" });
        }
        finally
        {
            foreach (var t in owned) t.Dispose();
        }
    }

    /// <summary>Restores a checkpoint; returns the epoch it was written after.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this network and seed.</exception>
    private int Resume(string path, Optimizer optimizer, LRScheduler? scheduler)
    {
        using var file = TensorFile.Load(path);
        if (!file.Metadata.TryGetValue("kind", out var kind) || kind != "mlnetdeep-checkpoint" || !file.Tensors.TryGetValue("meta.epoch_step_seed", out var meta))
            throw new InvalidDataException($"{path} is not a training checkpoint.");
        long[] m = meta.ToArray<long>();
        if (m.Length != 3 || m[2] != seed)
            throw new InvalidDataException($"{path} was written by a run with another seed ({(m.Length == 3 ? m[2] : -1)}, this run: {seed}); delete it or use that seed.");
        try
        {
            net.LoadStateDict(file.Tensors.Where(kv => kv.Key.StartsWith("model.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[6..], kv => kv.Value));
            optimizer.LoadStateDict(file.Tensors.Where(kv => kv.Key.StartsWith("optim.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[6..], kv => kv.Value));
        }
        catch (Exception e) when (e is StateDictMismatchException or ArgumentException)
        {
            throw new InvalidDataException($"{path} does not fit this network: {e.Message}", e);
        }
        scheduler?.Resume((int)m[1]);
        if (Engine.CurrentGenerator is { } g) g.SetState(file.Tensors["rng.global"]);
        else Generator.SetGlobalState(file.Tensors["rng.global"]);
        return (int)m[0];
    }

    private TimeSpan Remaining(TimeSpan elapsed, double epochsDone) =>
        epochsDone <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(elapsed.TotalSeconds / epochsDone * Math.Max(0, options.Epochs - epochsDone));

    /// <summary>Mean loss (and accuracy, when the task counts correct predictions) over a view, in evaluation mode.</summary>
    internal (double Loss, double? Accuracy) Evaluate(IDataView data)
    {
        net.Eval();
        double sum = 0;
        long n = 0, right = 0;
        foreach (var b in new TensorBatcher(data, [options.FeatureColumnName, options.LabelColumnName], Math.Max(options.BatchSize, 256)))
        {
            using (b)
            using (Engine.NewDisposeScope())
            using (Engine.NoGrad())
            {
                Tensor x = b[options.FeatureColumnName].View([b.Count, .. _inputShape]);
                Tensor y = b[options.LabelColumnName];
                Tensor output = net.Forward(x);
                sum += loss(output, y).ToDouble() * b.Count;
                n += b.Count;
                if (correct is not null) right += correct(output, y);
            }
        }
        net.Train();
        if (n == 0) throw new ArgumentException("The validation data has no rows.");
        return (sum / n, correct is null ? null : (double)right / n);
    }

    private void Snapshot(ref Dictionary<string, Tensor>? best)
    {
        if (best is not null) foreach (var t in best.Values) t.Dispose();
        using (Engine.NoGrad())
            best = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone().DetachFromDisposeScope());
    }

    private string FirstNonFinite()
    {
        foreach (var (name, p) in net.NamedParameters())
        {
            using var g = p.Grad;
            if (g is null) continue;
            using var finite = g.IsFinite();
            using var all = finite.All();
            if (!all.ToBoolean()) return $"parameter '{name}'";
        }
        return "a parameter";
    }
}
