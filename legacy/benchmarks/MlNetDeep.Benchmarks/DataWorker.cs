using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlNetDeep.Data;
using MlNetDeep.Data.Tensors;

namespace MlNetDeep.Benchmarks;

/// <summary>The C# side of the data suite; benchmarks/peers/data.py does the CSV task with pandas.</summary>
internal static class DataWorker
{
    internal static int Run(string task, string[] args)
    {
        var ctx = new MLContext(1);
        var result = new Dictionary<string, double>();
        var sw = Stopwatch.StartNew();
        switch (task)
        {
            case "csv":
            {
                var view = ctx.Data.LoadFromTextFile(args[0], hasHeader: true);
                var cached = ctx.Data.Cache(view);
                result["seconds"] = sw.Elapsed.TotalSeconds;
                result["rows"] = cached.RowCount;
                break;
            }
            case "fmnist_load":
            {
                var view = ctx.Data.LoadFashionMnist(train: true);
                result["seconds"] = sw.Elapsed.TotalSeconds;
                result["rows"] = view.RowCount;
                break;
            }
            case "fmnist_epoch":
            {
                var view = ctx.Data.LoadFashionMnist(train: true);
                var batcher = new TensorBatcher(view, ["Features", "Label"], 128, shuffle: true, seed: 1);
                // The first epoch also pays one-time costs (loading libtorch, JIT); training
                // runs many epochs, so the steady-state epoch is the figure of merit.
                for (int epoch = 0; epoch < 2; epoch++)
                {
                    sw.Restart();
                    long rows = 0;
                    foreach (var batch in batcher)
                    {
                        rows += batch.Count;
                        batch.Dispose();
                    }
                    result[epoch == 0 ? "first_epoch_seconds" : "seconds"] = sw.Elapsed.TotalSeconds;
                    result["rows"] = rows;
                }
                break;
            }
            default:
                throw new ArgumentException($"Unknown data task '{task}'.");
        }
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>Writes the benchmark CSV (rows x 20 numeric columns with a header) unless it exists.</summary>
    internal static string EnsureCsv(string dir, int rows)
    {
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, $"numeric_{rows}x20.csv");
        if (File.Exists(path)) return path;
        var rng = new Random(42);
        string tmp = path + ".tmp";
        using (var w = new StreamWriter(tmp))
        {
            w.WriteLine(string.Join(",", Enumerable.Range(0, 20).Select(i => $"c{i}")));
            var sb = new System.Text.StringBuilder();
            for (int r = 0; r < rows; r++)
            {
                sb.Clear();
                for (int c = 0; c < 20; c++)
                {
                    if (c > 0) sb.Append(',');
                    sb.Append((rng.NextDouble() * 2000 - 1000).ToString("F6", CultureInfo.InvariantCulture));
                }
                w.WriteLine(sb);
            }
        }
        File.Move(tmp, path);
        return path;
    }
}
