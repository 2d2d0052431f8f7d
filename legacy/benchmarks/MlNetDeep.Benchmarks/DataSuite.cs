using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// ./benchmarks/run data: CSV loading against pandas.read_csv (Debian's python3-pandas) on
/// a generated 1M-row x 20-column numeric file, alternating in fresh processes; Fashion-MNIST
/// IDX loading; one shuffled epoch of batch-128 tensors with no model (steady state: the
/// second epoch of a process; the first, which also loads libtorch and JIT-compiles, is
/// reported separately).
/// </summary>
internal static class DataSuite
{
    internal static int Run(string[] args)
    {
        int rounds = 3, rows = 1_000_000;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rounds") rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--rows") rows = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else throw new ArgumentException($"Unknown option '{args[i]}'.");
        }
        string root = Bench.FindUp("benchmarks");
        string csv = DataWorker.EnsureCsv(Path.Combine(root, "out"), rows);
        string peer = Path.Combine(root, "peers", "data.py");
        var cs = new List<double>();
        var py = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            if (r % 2 == 0) { cs.Add(Cs("csv", csv)); py.Add(Py(peer, csv)); }
            else { py.Add(Py(peer, csv)); cs.Add(Cs("csv", csv)); }
        }
        var load = Enumerable.Range(0, rounds).Select(_ => Cs("fmnist_load")).ToList();
        var epochRuns = Enumerable.Range(0, rounds).Select(_ => CsJson("fmnist_epoch")).ToList();
        var epoch = epochRuns.Select(e => e.GetProperty("seconds").GetDouble()).ToList();
        var firstEpoch = epochRuns.Select(e => e.GetProperty("first_epoch_seconds").GetDouble()).ToList();
        double csT = Bench.Median(cs), pyT = Bench.Median(py);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"data.rounds={rounds}"));
        Console.WriteLine(string.Create(inv, $"data.csv_rows={rows}"));
        Console.WriteLine(string.Create(inv, $"data.csv_seconds={csT:F3}"));
        Console.WriteLine(string.Create(inv, $"data.csv_seconds_pandas={pyT:F3}"));
        Console.WriteLine(string.Create(inv, $"data.csv_rows_per_s={rows / csT:F0}"));
        Console.WriteLine(string.Create(inv, $"data.csv_ratio_vs_pandas={csT / pyT:F3}"));
        Console.WriteLine(string.Create(inv, $"data.fmnist_load_s={Bench.Median(load):F3}"));
        Console.WriteLine(string.Create(inv, $"data.fmnist_epoch_batches_s={Bench.Median(epoch):F3}"));
        Console.WriteLine(string.Create(inv, $"data.fmnist_first_epoch_batches_s={Bench.Median(firstEpoch):F3}"));
        return 0;
    }

    private static JsonElement CsJson(string task, params string[] args) =>
        Bench.RunJson(Environment.ProcessPath ?? "dotnet", [typeof(DataSuite).Assembly.Location, "worker", "data", task, .. args]);

    private static double Cs(string task, params string[] args) => CsJson(task, args).GetProperty("seconds").GetDouble();

    private static double Py(string peer, string csv) => Bench.RunJson("/usr/bin/python3", [peer, "csv", csv]).GetProperty("seconds").GetDouble();
}
