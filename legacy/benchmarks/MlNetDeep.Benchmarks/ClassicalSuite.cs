using System.Globalization;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// ./benchmarks/run classical: fits each classical learner on Fashion-MNIST through the catalog and
/// the same learner in Python (python3-xgboost, python3-sklearn) with the same data, parameters and
/// thread count, in one run; prints test accuracy, training time and the time ratio per learner.
/// Short fits are repeated, alternating the two sides, and the median times reported (XGBoost, several minutes a side, runs once).
/// Options: <c>--learners a,b</c>, <c>--limit N</c> (training rows), <c>--rounds N</c> (boosting rounds, default 100), <c>--threads N</c>,
/// <c>--repeats N</c> (overrides every learner's repeats).
/// </summary>
internal static class ClassicalSuite
{
    internal static int Run(string[] args)
    {
        int limit = 0, threads = Environment.ProcessorCount, rounds = 100;
        int? repeats = null;
        var learners = new List<string> { "xgboost", "svm_rbf", "logreg", "kmeans" };
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--limit") limit = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--threads") threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--rounds") rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--learners") learners = args[++i].Split(',').ToList();
            else if (args[i] == "--repeats") repeats = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else throw new ArgumentException($"Unknown option '{args[i]}'.");
        }
        string peer = Path.Combine(Bench.FindUp("benchmarks"), "peers", "classical.py");
        var inv = CultureInfo.InvariantCulture;
        string[] common = [limit.ToString(inv), threads.ToString(inv), rounds.ToString(inv)];
        Console.WriteLine(string.Create(inv, $"classical.threads={threads}"));
        // Both sides get the same thread count, BLAS included (the logistic regressions are GEMM-bound).
        var env = new Dictionary<string, string> { ["OPENBLAS_NUM_THREADS"] = threads.ToString(inv), ["OMP_NUM_THREADS"] = threads.ToString(inv) };
        foreach (string name in learners)
        {
            Console.WriteLine(string.Create(inv, $"classical.{name}.train_rows={(limit > 0 ? limit : name == "svm_rbf" ? 10000 : 60000)}"));
            if (name == "xgboost") Console.WriteLine(string.Create(inv, $"classical.{name}.rounds={rounds}"));
            int n = repeats ?? (name.StartsWith("xgboost", StringComparison.Ordinal) || name.EndsWith("_full", StringComparison.Ordinal) ? 1 : 3);
            var runs = Enumerable.Range(0, n).Select(_ => (
                Cs: Bench.RunJson(Environment.ProcessPath ?? "dotnet", [typeof(ClassicalSuite).Assembly.Location, "worker", "classical", name, .. common], env),
                Py: Bench.RunJson("/usr/bin/python3", [peer, name, .. common], env))).ToList();
            var (cs, py) = runs[0];
            double csT = Bench.Median(runs.Select(r => r.Cs.GetProperty("train_s").GetDouble()).ToList());
            double pyT = Bench.Median(runs.Select(r => r.Py.GetProperty("train_s").GetDouble()).ToList());
            if (n > 1) Console.WriteLine(string.Create(inv, $"classical.{name}.repeats={n}"));
            // For k-means "accuracy" is cluster purity on the test set (each cluster labelled by its majority class).
            Console.WriteLine(string.Create(inv, $"classical.{name}.test_accuracy={cs.GetProperty("test_accuracy").GetDouble():F4}"));
            Console.WriteLine(string.Create(inv, $"classical.{name}.train_s={csT:F1}"));
            Console.WriteLine(string.Create(inv, $"classical.{name}.test_accuracy_python={py.GetProperty("test_accuracy").GetDouble():F4}"));
            Console.WriteLine(string.Create(inv, $"classical.{name}.train_s_python={pyT:F1}"));
            Console.WriteLine(string.Create(inv, $"classical.{name}.time_ratio_vs_python={csT / pyT:F3}"));
            if (cs.TryGetProperty("iterations", out var it)) Console.WriteLine(string.Create(inv, $"classical.{name}.iterations={it.GetDouble():F0}"));
            if (py.TryGetProperty("iterations", out var pit)) Console.WriteLine(string.Create(inv, $"classical.{name}.iterations_python={pit.GetDouble():F0}"));
            if (cs.TryGetProperty("support_vectors", out var sv)) Console.WriteLine(string.Create(inv, $"classical.{name}.support_vectors={sv.GetDouble():F0}"));
            if (py.TryGetProperty("support_vectors", out var psv)) Console.WriteLine(string.Create(inv, $"classical.{name}.support_vectors_python={psv.GetDouble():F0}"));
            if (name == "kmeans")
            {
                // Lloyd from the same centres: compare time per iteration and the final inertia.
                double csIt = cs.GetProperty("iterations").GetDouble(), pyIt = py.GetProperty("iterations").GetDouble();
                double csI = cs.GetProperty("inertia").GetDouble(), pyI = py.GetProperty("inertia").GetDouble();
                Console.WriteLine(string.Create(inv, $"classical.kmeans.iteration_ms={1000 * csT / csIt:F1}"));
                Console.WriteLine(string.Create(inv, $"classical.kmeans.iteration_ms_python={1000 * pyT / pyIt:F1}"));
                Console.WriteLine(string.Create(inv, $"classical.kmeans.iteration_time_ratio_vs_python={csT / csIt / (pyT / pyIt):F3}"));
                Console.WriteLine(string.Create(inv, $"classical.kmeans.inertia_ratio_vs_python={csI / pyI:F5}"));
            }
        }
        return 0;
    }
}
