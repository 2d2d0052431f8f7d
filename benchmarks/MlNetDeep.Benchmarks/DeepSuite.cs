using System.Globalization;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// ./benchmarks/run deep: trains the reference CNN (with crop-and-flip augmentation), an MLP
/// 256-128 and LeNet-5 on Fashion-MNIST through the catalog trainers and the same
/// architectures, epochs, batch size and optimizer in PyTorch, in one run; prints test
/// accuracy, training time and the time ratio per model.
/// </summary>
internal static class DeepSuite
{
    internal static int Run(string[] args)
    {
        int epochs = 10, limit = 0, threads = Environment.ProcessorCount;
        var models = new List<string> { "cnn", "mlp", "lenet5" };
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--epochs") epochs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--limit") limit = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--models") models = args[++i].Split(',').ToList();
            else throw new ArgumentException($"Unknown option '{args[i]}'.");
        }
        string peer = Path.Combine(Bench.FindUp("benchmarks"), "peers", "deep.py");
        var inv = CultureInfo.InvariantCulture;
        string e = epochs.ToString(inv), l = limit.ToString(inv), t = threads.ToString(inv);
        Console.WriteLine(string.Create(inv, $"deep.epochs={epochs}"));
        Console.WriteLine(string.Create(inv, $"deep.train_rows={(limit > 0 ? limit : 60000)}"));
        // OpenBLAS's own pthreads compete with libtorch's OpenMP threads: with them, PyTorch's
        // MLP step here took 3x longer (measured); one BLAS thread is the peer's best setting and
        // leaves the C# side unchanged, so both processes get it.
        var env = new Dictionary<string, string> { ["OPENBLAS_NUM_THREADS"] = "1" };
        foreach (string m in models)
        {
            var cs = Bench.RunJson(Environment.ProcessPath ?? "dotnet", [typeof(DeepSuite).Assembly.Location, "worker", "deep", m, e, l, t], env);
            var py = Bench.RunJson("/usr/bin/python3", [peer, m, e, l, t], env);
            double csT = cs.GetProperty("train_s").GetDouble(), pyT = py.GetProperty("train_s").GetDouble();
            Console.WriteLine(string.Create(inv, $"deep.{m}.test_accuracy={cs.GetProperty("test_accuracy").GetDouble():F4}"));
            Console.WriteLine(string.Create(inv, $"deep.{m}.train_s={csT:F1}"));
            Console.WriteLine(string.Create(inv, $"deep.{m}.test_accuracy_pytorch={py.GetProperty("test_accuracy").GetDouble():F4}"));
            Console.WriteLine(string.Create(inv, $"deep.{m}.train_s_pytorch={pyT:F1}"));
            Console.WriteLine(string.Create(inv, $"deep.{m}.time_ratio_vs_pytorch={csT / pyT:F3}"));
        }
        return 0;
    }
}
