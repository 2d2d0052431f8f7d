using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;

namespace MlNetDeep.Benchmarks;

/// <summary>The C# side of the predict suite; benchmarks/peers/predict.py measures PyTorch on the same CNN.</summary>
internal static class PredictWorker
{
    public sealed class Example
    {
        [VectorType(1, 28, 28)] public float[] Features { get; set; } = [];
    }

    public sealed class FlatExample
    {
        [VectorType(784)] public float[] Features { get; set; } = [];
    }

    public sealed class Prediction
    {
        public float[] Score { get; set; } = [];
        public uint PredictedLabel { get; set; }
    }

    internal static int Run(string task, string[] args)
    {
        Engine.NumThreads = int.Parse(args.Length > 0 ? args[0] : "2", CultureInfo.InvariantCulture);
        var result = task switch
        {
            "linear" => Linear(),
            "cnn" => Cnn(),
            "load" => Load(args[1]),
            "save" => SaveCnn(args[1]),
            _ => throw new ArgumentException($"Unknown predict task '{task}'."),
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static List<float[]> Images(int n)
    {
        var ctx = new MLContext(1);
        return ctx.Data.CreateEnumerable<Example>(ctx.Data.TakeRows(ctx.Data.LoadFashionMnist(train: false), n), ignoreMissingColumns: true)
            .Select(e => e.Features).ToList();
    }

    private static double P50(List<double> us) => Bench.Median(us);

    /// <summary>p50 single-row latency of a 784 -> 10 multinomial logistic model through the prediction engine.</summary>
    private static Dictionary<string, double> Linear()
    {
        var ctx = new MLContext(1);
        Engine.ManualSeed(1);
        var spec = NetworkSpec.Linear(784, 10);
        using var model = new NeuralClassifierModel(spec, spec.Build(), "Features", Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray());
        using var engine = ctx.Model.CreatePredictionEngine<FlatExample, Prediction>(model);
        var rows = Images(1000).Select(x => new FlatExample { Features = x }).ToList();
        var output = new Prediction();
        // Warm up for a second so the JIT's optimized tier is what gets measured, as in a service.
        var warm = Stopwatch.StartNew();
        for (int i = 0; warm.Elapsed.TotalSeconds < 1; i++) engine.Predict(rows[i % rows.Count], ref output);
        var times = new List<double>();
        for (int i = 0; i < 50_000; i++)
        {
            long t = Stopwatch.GetTimestamp();
            engine.Predict(rows[i % rows.Count], ref output);
            times.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
        }
        return new() { ["row_us"] = P50(times) };
    }

    /// <summary>Single-image CNN latency through the prediction engine, and batch throughput.</summary>
    private static Dictionary<string, double> Cnn()
    {
        var ctx = new MLContext(1);
        Engine.ManualSeed(0);
        var spec = NetworkSpec.ReferenceCnn();
        using var model = new NeuralClassifierModel(spec, spec.Build(), "Features", Data.Idx.FashionMnist.ClassNames);
        using var engine = ctx.Model.CreatePredictionEngine<Example, Prediction>(model);
        var rows = Images(500).Select(x => new Example { Features = x }).ToList();
        var output = new Prediction();
        var warm = Stopwatch.StartNew();
        for (int i = 0; warm.Elapsed.TotalSeconds < 1; i++) engine.Predict(rows[i % rows.Count], ref output);
        var times = new List<double>();
        for (int i = 0; i < 2000; i++)
        {
            long t = Stopwatch.GetTimestamp();
            engine.Predict(rows[i % rows.Count], ref output);
            times.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
        }
        var test = ctx.Data.LoadFashionMnist(train: false);
        model.ScoreBatches(ctx.Data.TakeRows(test, 512));
        var sw = Stopwatch.StartNew();
        int n = model.ScoreBatches(test, 256).Length;
        return new() { ["row_us"] = P50(times), ["batch_rows_per_s"] = n / sw.Elapsed.TotalSeconds };
    }

    /// <summary>The CNN pipeline the load benchmark reads: the reference CNN trained through the catalog trainer (one epoch on 3,000 images).</summary>
    private static Dictionary<string, double> SaveCnn(string path)
    {
        var ctx = new MLContext(1);
        var train = ctx.Data.Cache(ctx.Data.TakeRows(ctx.Data.LoadFashionMnist(train: true), 3000));
        var trainer = ctx.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions { Network = NetworkSpec.ReferenceCnn(), Epochs = 1, Seed = 1 });
        using var model = trainer.Fit(train);
        double accuracy = ctx.MulticlassClassification.Evaluate(model.Transform(ctx.Data.TakeRows(ctx.Data.LoadFashionMnist(train: false), 1000))).MicroAccuracy;
        if (accuracy < 0.6) throw new InvalidOperationException($"The benchmark's CNN did not train (accuracy {accuracy:F3}).");
        ctx.Model.Save(model, train.Schema, path);
        return new() { ["bytes"] = new FileInfo(path).Length, ["accuracy"] = accuracy };
    }

    /// <summary>
    /// Load of the CNN pipeline zip plus its first prediction, in a process whose runtime and
    /// libtorch are already up (one tensor op ran); and the same from process start.
    /// </summary>
    private static Dictionary<string, double> Load(string path)
    {
        double sinceStart = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        var ctx = new MLContext(1);
        var first = new Example { Features = new float[784] };
        var coldWatch = Stopwatch.StartNew();
        using (Tensors.Zeros(1)) { }
        double engineInit = coldWatch.Elapsed.TotalMilliseconds;
        var sw = Stopwatch.StartNew();
        var model = ctx.Model.Load(path, out var schema);
        using var engine = ctx.Model.CreatePredictionEngine<Example, Prediction>(model, schema);
        var p = engine.Predict(first);
        double ms = sw.Elapsed.TotalMilliseconds;
        if (p.Score.Length != 10) throw new InvalidOperationException("The loaded CNN did not score 10 classes.");
        return new() { ["load_first_predict_ms"] = ms, ["process_first_predict_ms"] = sinceStart + engineInit + ms };
    }
}
