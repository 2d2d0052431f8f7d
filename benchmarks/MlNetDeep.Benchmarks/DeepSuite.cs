using System.Globalization;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// ./benchmarks/run deep: trains the reference CNN (with random-crop augmentation), an MLP 256-128
/// and LeNet-5 on full Fashion-MNIST through the ML.NET catalog, and the same architectures,
/// recipes (<see cref="DeepWorker.Recipe"/>), batch size and optimizer in PyTorch
/// (benchmarks/peers/deep.py), alternating in one run; prints test accuracy, training time and
/// the time ratio per model. Then the CNN's pipeline overhead: the catalog's Fit from an IDataView
/// over a bare TorchSharp loop on ready-made tensors, same epochs.
/// </summary>
internal static class DeepSuite
{
    internal static int Run(string[] args)
    {
        int? epochs = null; // null: each model's recipe
        int limit = 0, overheadEpochs = 3, threads = Environment.ProcessorCount;
        int? repeats = null; // null: each model's recipe
        var models = new List<string> { "cnn", "mlp", "lenet5" };
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--epochs") epochs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--limit") limit = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--models") models = args[++i].Split(',').ToList();
            else if (args[i] == "--overhead-epochs") overheadEpochs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--repeats") repeats = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else throw new ArgumentException($"Unknown option '{args[i]}'.");
        }
        string peer = Bench.Peer("deep.py");
        var inv = CultureInfo.InvariantCulture;
        string l = limit.ToString(inv), t = threads.ToString(inv);
        string self = typeof(DeepSuite).Assembly.Location, dotnet = Environment.ProcessPath ?? "dotnet";
        Console.WriteLine(string.Create(inv, $"deep.train_rows={(limit > 0 ? limit : 60000)}"));
        Console.WriteLine(string.Create(inv, $"deep.threads={threads}"));
        foreach (string m in models)
        {
            var recipe = DeepWorker.Recipe(m);
            string e = (epochs ?? recipe.Epochs).ToString(inv);
            Console.WriteLine($"deep.{m}.epochs={e}");
            // Short runs are repeated, alternating the two sides, and the medians reported: one pair swings by several percent with machine noise.
            int pairs = repeats ?? recipe.Repeats;
            var runs = Enumerable.Range(0, pairs).Select(_ => (
                Cs: Bench.RunJson(dotnet, [self, "worker", "deep", "catalog", m, e, l, t], Bench.SameAllocator),
                Py: Bench.RunJson("/usr/bin/python3", [peer, m, e, l, t], Bench.SameAllocator))).ToList();
            double cs = Bench.Median(runs.Select(r => r.Cs.GetProperty("train_s").GetDouble()));
            double py = Bench.Median(runs.Select(r => r.Py.GetProperty("train_s").GetDouble()));
            if (pairs > 1) Console.WriteLine($"deep.{m}.repeats={pairs}");
            Console.WriteLine(string.Create(inv, $"deep.{m}.test_accuracy={runs[0].Cs.GetProperty("test_accuracy").GetDouble():F4}"));
            Console.WriteLine(string.Create(inv, $"deep.{m}.train_s={cs:F1}"));
            Console.WriteLine(string.Create(inv, $"deep.{m}.test_accuracy_pytorch={runs[0].Py.GetProperty("test_accuracy").GetDouble():F4}"));
            Console.WriteLine(string.Create(inv, $"deep.{m}.train_s_pytorch={py:F1}"));
            Console.WriteLine(string.Create(inv, $"deep.{m}.time_ratio_vs_pytorch={cs / py:F3}"));
        }
        if (overheadEpochs > 0 && models.Contains("cnn"))
        {
            string e = overheadEpochs.ToString(inv);
            var pairs = Enumerable.Range(0, 2).Select(_ => (
                Catalog: Bench.RunJson(dotnet, [self, "worker", "deep", "catalog", "cnn", e, l, t], Bench.SameAllocator).GetProperty("train_s").GetDouble(),
                Bare: Bench.RunJson(dotnet, [self, "worker", "deep", "bare", "cnn", e, l, t], Bench.SameAllocator).GetProperty("train_s").GetDouble())).ToList();
            double catalog = Bench.Median(pairs.Select(p => p.Catalog)), bare = Bench.Median(pairs.Select(p => p.Bare));
            Console.WriteLine($"deep.cnn.overhead_epochs={e}");
            Console.WriteLine(string.Create(inv, $"deep.cnn.fit_s_catalog={catalog:F1}"));
            Console.WriteLine(string.Create(inv, $"deep.cnn.fit_s_bare_torchsharp={bare:F1}"));
            Console.WriteLine(string.Create(inv, $"deep.cnn.pipeline_overhead={catalog / bare:F3}"));
        }
        return 0;
    }
}
