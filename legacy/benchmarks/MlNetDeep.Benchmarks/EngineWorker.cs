using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlNetDeep.Data.Idx;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Models;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// The C# side of the engine suite. Each task runs in a fresh process and prints one JSON
/// object; benchmarks/peers/engine.py does the same tasks the same way in PyTorch.
/// </summary>
internal static class EngineWorker
{
    internal static int Run(string task, string[] args)
    {
        int threads = int.Parse(args.Length > 0 ? args[0] : "2", CultureInfo.InvariantCulture);
        Engine.NumThreads = threads;
        var result = task switch
        {
            "cnn" => Cnn(),
            "gemm" => Gemm(),
            "add" => Add(),
            _ => throw new ArgumentException($"Unknown engine task '{task}'."),
        };
        result["peak_rss_mb"] = PeakRssMb();
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>Median step time of the reference CNN on Fashion-MNIST batches (Adam 1e-3, batch 128).</summary>
    private static Dictionary<string, double> Cnn()
    {
        const int batch = 128, warmup = 5, steps = 40;
        var (x, y) = FashionMnist.Load(train: true, limit: batch * (warmup + steps));
        Engine.ManualSeed(0);
        using var model = new ReferenceCnn();
        using var opt = new Adam(model.Parameters(), learningRate: 1e-3);
        model.Train();
        var times = new List<double>();
        for (int i = 0; i < warmup + steps; i++)
        {
            var sw = Stopwatch.StartNew();
            using (Engine.NewDisposeScope())
            {
                Tensor xb = x.Narrow(0, i * batch, batch), yb = y.Narrow(0, i * batch, batch);
                Tensor loss = Functional.CrossEntropy(model.Forward(xb), yb);
                opt.ZeroGrad();
                loss.Backward();
                opt.Step();
            }
            if (i >= warmup) times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return new() { ["step_ms"] = Median(times) };
    }

    /// <summary>2048 x 2048 float32 matmul, median of 30 after 3 warm-ups (the same BLAS call on both sides, so only noise separates them).</summary>
    private static Dictionary<string, double> Gemm()
    {
        const int n = 2048;
        Engine.ManualSeed(0);
        using Tensor a = Tensors.Randn(n, n), b = Tensors.Randn(n, n);
        var times = new List<double>();
        for (int i = 0; i < 33; i++)
        {
            var sw = Stopwatch.StartNew();
            using Tensor c = a.MatMul(b);
            if (i >= 3) times.Add(sw.Elapsed.TotalSeconds);
        }
        double t = Median(times);
        return new() { ["gemm_gflops"] = 2.0 * n * n * n / t / 1e9 };
    }

    /// <summary>Microseconds per 1-element add (result disposed each time), best of 5 runs of 100,000.</summary>
    private static Dictionary<string, double> Add()
    {
        using Tensor a = Tensors.Ones(1), b = Tensors.Ones(1);
        const int n = 100_000;
        double best = double.MaxValue;
        for (int run = 0; run < 6; run++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                using Tensor c = a + b;
            }
            if (run > 0) best = Math.Min(best, sw.Elapsed.TotalMicroseconds / n);
        }
        return new() { ["add_us"] = best };
    }

    private static double Median(List<double> v)
    {
        v.Sort();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    /// <summary>Peak resident set size of this process (VmHWM), in MiB.</summary>
    internal static double PeakRssMb()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return double.NaN;
    }
}
