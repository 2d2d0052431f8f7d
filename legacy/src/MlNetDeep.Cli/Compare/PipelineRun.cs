using System.Diagnostics;
using System.Globalization;
using MlNetDeep.Cli.Specs;
using MlNetDeep.Data;
using MlNetDeep.Deep.Training;
using MlNetDeep.Model;

namespace MlNetDeep.Cli.Compare;

/// <summary>One epoch of a learning curve: the training loss and whatever metrics the loop logged (validation loss and accuracy when a validation split is set).</summary>
internal sealed record EpochPoint(int Epoch, double Loss, Dictionary<string, double> Metrics);

/// <summary>A test example the model got wrong, with its image when the features are one (grey, 0-255, row-major).</summary>
internal sealed record Misclassified(long Row, string Label, string Predicted, int Height, int Width, byte[]? Pixels);

/// <summary>Everything a leaderboard row and the report need about one pipeline's run.</summary>
internal sealed record RunResult
{
    public required string Name { get; init; }
    public required string SpecFile { get; init; }
    public required string Trainer { get; init; }
    public required string Task { get; init; }
    public string Status { get; init; } = "ok";
    public string? Error { get; init; }
    public string Metric { get; init; } = "";
    public double Score { get; init; } = double.NaN;
    public Dictionary<string, double> Metrics { get; init; } = new();
    public long TrainRows { get; init; }
    public long TestRows { get; init; }
    public double TrainSeconds { get; init; }
    public double PredictP50Us { get; init; } = double.NaN;
    public double PredictP99Us { get; init; } = double.NaN;
    public long ModelBytes { get; init; }
    public double PeakMemoryMb { get; init; }
    public string? ModelPath { get; init; }
    public List<EpochPoint> History { get; init; } = [];
    public string[]? ClassNames { get; init; }
    public long[][]? Confusion { get; init; }
    public double[]? PerClassF1 { get; init; }
    public List<Misclassified> Misclassified { get; init; } = [];
}

/// <summary>
/// Trains one pipeline spec and measures it: fit time, the task's metrics on the test set,
/// single-row prediction latency (p50/p99 over up to 1,000 test rows, cursors built once as
/// in a prediction engine), model zip size and the process's peak memory.
/// </summary>
internal static class PipelineRun
{
    /// <summary>Progress as it happens: a phase name, or an epoch's logs.</summary>
    internal sealed record Progress(string Phase, TrainingLogs? Epoch = null, TrainingLogs? Batch = null, int BatchesPerEpoch = 0);

    public static RunResult Run(PipelineSpec spec, int seed, TimeSpan? budget, string? modelPath, Action<Progress>? progress, Func<int, TrainingCallback?>? bar = null)
    {
        progress?.Invoke(new("loading data"));
        var ctx = new MLContext(seed);
        var (trainView, testView) = spec.LoadData(ctx);
        spec.CheckColumns(ctx, trainView.Schema);
        var train = ctx.Data.Cache(trainView);
        var test = ctx.Data.Cache(testView);
        var estimator = spec.BuildEstimator(ctx, budget ?? (spec.BudgetSeconds is { } s ? TimeSpan.FromSeconds(s) : null));

        var history = new List<EpochPoint>();
        if (FindCallbacks(estimator) is { } callbacks)
        {
            int batches = BatchesPerEpoch(estimator, train.RowCount);
            callbacks.Add(new Recorder(history, progress, batches));
            if (bar?.Invoke(batches) is { } b) callbacks.Add(b);
        }

        progress?.Invoke(new("training"));
        var clock = Stopwatch.StartNew();
        var model = estimator.Fit(train);
        double trainSeconds = clock.Elapsed.TotalSeconds;
        try
        {
            progress?.Invoke(new("evaluating"));
            var scored = ctx.Data.Cache(model.Transform(test));
            var eval = Evaluation.Evaluate(ctx, spec.Task, scored, spec.LabelColumn);
            progress?.Invoke(new("timing predictions"));
            var (p50, p99) = Latency(model, test);
            long bytes = 0;
            string path = modelPath ?? Path.Combine(Path.GetTempPath(), $"mlnetdeep-{Environment.ProcessId}-{Guid.NewGuid():N}.zip");
            progress?.Invoke(new("saving"));
            var options = new Dictionary<string, string> { ["spec"] = Path.GetFileName(spec.File), ["pipeline"] = spec.Name, ["trainer"] = spec.TrainerName, ["task"] = PipelineSpec.Snake(spec.Task) };
            ctx.Model.Save(model, train.Schema, path, new ModelProvenance(options, eval.Metrics));
            bytes = new FileInfo(path).Length;
            if (modelPath is null) File.Delete(path);
            return new RunResult
            {
                Name = spec.Name, SpecFile = spec.File, Trainer = spec.TrainerName, Task = PipelineSpec.Snake(spec.Task),
                Metric = eval.MetricName, Score = eval.Score, Metrics = eval.Metrics, TrainRows = train.RowCount, TestRows = test.RowCount,
                TrainSeconds = trainSeconds, PredictP50Us = p50, PredictP99Us = p99, ModelBytes = bytes, PeakMemoryMb = PeakMemoryMb(), ModelPath = modelPath,
                History = history, ClassNames = eval.ClassNames, Confusion = eval.Confusion, PerClassF1 = eval.PerClassF1, Misclassified = eval.Misclassified,
            };
        }
        finally
        {
            (model as IDisposable)?.Dispose();
        }
    }

    /// <summary>The training callbacks of the pipeline's trainer (the last estimator), when it is a deep trainer.</summary>
    private static IList<TrainingCallback>? FindCallbacks(IEstimator<ITransformer> estimator)
    {
        var last = Trainer(estimator);
        return last?.GetType().GetProperty("Callbacks")?.GetValue(last) as IList<TrainingCallback>;
    }

    /// <summary>The pipeline's last estimator: its trainer.</summary>
    private static IEstimator<ITransformer>? Trainer(IEstimator<ITransformer> estimator) =>
        estimator is EstimatorChain<ITransformer> chain ? chain.Estimators.LastOrDefault() : estimator;

    private static int BatchesPerEpoch(IEstimator<ITransformer> estimator, long rows)
    {
        var last = Trainer(estimator);
        int batch = last?.GetType().GetProperty("Options")?.GetValue(last) is DeepTrainerOptions o ? o.BatchSize : 128;
        return (int)Math.Max(1, (rows + batch - 1) / batch);
    }

    private sealed class Recorder(List<EpochPoint> history, Action<Progress>? progress, int batchesPerEpoch) : TrainingCallback
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();

        public override void OnBatchEnd(TrainingLogs logs)
        {
            if (_since.ElapsedMilliseconds < 500) return;
            _since.Restart();
            progress?.Invoke(new("training", Batch: logs, BatchesPerEpoch: batchesPerEpoch));
        }

        public override void OnEpochEnd(TrainingLogs logs)
        {
            history.Add(new EpochPoint(logs.Epoch, logs.Loss, logs.Metrics.ToDictionary()));
            progress?.Invoke(new("training", Epoch: logs));
        }
    }

    /// <summary>p50 and p99 of single-row scoring over up to 1,000 test rows (after 50 warm-up rows), in microseconds.</summary>
    private static (double P50, double P99) Latency(ITransformer model, InMemoryDataView test)
    {
        var rows = new SelectedRowView(test);
        var output = model.Transform(rows);
        var column = output.Schema.GetColumnOrNull("Score") ?? output.Schema.GetColumnOrNull("PredictedLabel") ?? output.Schema[output.Schema.Count - 1];
        using var cursor = output.GetRowCursor([column]);
        Action read = column.Type switch
        {
            VectorDataViewType { ItemType: NumberDataViewType vi } when vi.RawType == typeof(float) => Reader<VBuffer<float>>(cursor, column),
            NumberDataViewType f when f.RawType == typeof(float) => Reader<float>(cursor, column),
            NumberDataViewType d when d.RawType == typeof(double) => Reader<double>(cursor, column),
            KeyDataViewType => Reader<uint>(cursor, column),
            BooleanDataViewType => Reader<bool>(cursor, column),
            _ => () => { },
        };
        int n = (int)Math.Min(1000, test.RowCount);
        for (int i = 0; i < Math.Min(50, n); i++) Step(rows, cursor, read, i);
        var times = new double[n];
        for (int i = 0; i < n; i++)
        {
            long t = Stopwatch.GetTimestamp();
            Step(rows, cursor, read, i);
            times[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }
        Array.Sort(times);
        return (times[(int)(0.5 * (n - 1))], times[(int)Math.Ceiling(0.99 * (n - 1))]);
    }

    private static void Step(SelectedRowView rows, DataViewRowCursor cursor, Action read, int row)
    {
        rows.Row = row;
        cursor.MoveNext();
        read();
    }

    private static Action Reader<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () => getter(ref value);
    }

    /// <summary>The process's peak resident memory (VmHWM), in MiB; 0 where /proc is not available.</summary>
    internal static double PeakMemoryMb()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
