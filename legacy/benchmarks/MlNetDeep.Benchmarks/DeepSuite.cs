using System.Globalization;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// ./benchmarks/run deep: trains the reference CNN (with random-crop augmentation), an MLP
/// 256-128 and LeNet-5 on Fashion-MNIST through the catalog trainers and the same
/// architectures, recipes (<see cref="DeepWorker.Recipe"/>), batch size and optimizer in
/// PyTorch, in one run; prints test accuracy, training time and the time ratio per model.
/// <c>--epochs N</c> overrides every recipe's epochs (for quick runs).
/// </summary>
internal static class DeepSuite
{
    internal static int Run(string[] args) => Run("deep", ["cnn", "mlp", "lenet5"], args);

    /// <summary>Trains <paramref name="defaultModels"/> (or --models) on both sides and prints <c>&lt;prefix&gt;.&lt;model&gt;.*</c> lines; the seq suite reuses it for the recurrent model.</summary>
    internal static int Run(string prefix, List<string> defaultModels, string[] args)
    {
        int? epochs = null; // null: each model's recipe (DeepWorker.Recipe)
        int limit = 0, threads = Environment.ProcessorCount;
        var models = defaultModels;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--epochs") epochs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--limit") limit = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--models") models = args[++i].Split(',').ToList();
            else throw new ArgumentException($"Unknown option '{args[i]}'.");
        }
        string peer = Path.Combine(Bench.FindUp("benchmarks"), "peers", "deep.py");
        var inv = CultureInfo.InvariantCulture;
        string l = limit.ToString(inv), t = threads.ToString(inv);
        Console.WriteLine(string.Create(inv, $"{prefix}.train_rows={(limit > 0 ? limit : 60000)}"));
        var env = Bench.OneBlasThread;
        foreach (string m in models)
        {
            string e = (epochs ?? DeepWorker.Recipe(m).Epochs).ToString(inv);
            Console.WriteLine($"{prefix}.{m}.epochs={e}");
            // Short runs are repeated, alternating the two sides, and the medians reported: one 10-second
            // pair swings by several percent with machine noise.
            int repeats = DeepWorker.Recipe(m).Repeats;
            var runs = Enumerable.Range(0, repeats).Select(_ => (
                Cs: Bench.RunJson(Environment.ProcessPath ?? "dotnet", [typeof(DeepSuite).Assembly.Location, "worker", "deep", m, e, l, t], env),
                Py: Bench.RunJson("/usr/bin/python3", [peer, m, e, l, t], env))).ToList();
            double csT = Bench.Median(runs.Select(r => r.Cs.GetProperty("train_s").GetDouble()).ToList());
            double pyT = Bench.Median(runs.Select(r => r.Py.GetProperty("train_s").GetDouble()).ToList());
            var (cs, py) = runs[0];
            if (repeats > 1) Console.WriteLine($"{prefix}.{m}.repeats={repeats}");
            Console.WriteLine(string.Create(inv, $"{prefix}.{m}.test_accuracy={cs.GetProperty("test_accuracy").GetDouble():F4}"));
            Console.WriteLine(string.Create(inv, $"{prefix}.{m}.train_s={csT:F1}"));
            Console.WriteLine(string.Create(inv, $"{prefix}.{m}.test_accuracy_pytorch={py.GetProperty("test_accuracy").GetDouble():F4}"));
            Console.WriteLine(string.Create(inv, $"{prefix}.{m}.train_s_pytorch={pyT:F1}"));
            Console.WriteLine(string.Create(inv, $"{prefix}.{m}.time_ratio_vs_pytorch={csT / pyT:F3}"));
        }
        return 0;
    }
}
