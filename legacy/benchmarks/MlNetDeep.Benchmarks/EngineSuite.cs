using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// ./benchmarks/run engine: the reference CNN's training step, a 1-element add and a 2048²
/// GEMM through the C# binding and through PyTorch (Debian's python3-torch, the same
/// libtorch), each task in fresh child processes, alternating C# and Python, with the same
/// thread count. Prints medians and ratios as key=value lines.
/// The binding tunes glibc malloc at load (see docs/engine.md); PyTorch runs with glibc's
/// defaults, as its users get it. For a like-for-like kernel comparison the CNN task also
/// runs PyTorch with the same malloc settings through glibc's environment variables
/// (<c>engine.step_ratio_vs_pytorch_same_malloc</c>).
/// </summary>
internal static class EngineSuite
{
    internal static int Run(string[] args)
    {
        var (rounds, threads) = Bench.RoundsAndThreads(args);
        string peer = FindPeer("engine.py");
        var cs = new Dictionary<string, List<JsonElement>>();
        var py = new Dictionary<string, List<JsonElement>>();
        var pyTuned = new List<JsonElement>();
        foreach (string task in new[] { "add", "gemm", "cnn" })
        {
            cs[task] = new();
            py[task] = new();
            for (int r = 0; r < rounds; r++)
            {
                // Alternate which side goes first so drift in machine load hits both.
                if (r % 2 == 0)
                {
                    cs[task].Add(RunCs(task, threads));
                    py[task].Add(RunPy(peer, task, threads, tunedMalloc: false));
                    if (task == "cnn") pyTuned.Add(RunPy(peer, task, threads, tunedMalloc: true));
                }
                else
                {
                    if (task == "cnn") pyTuned.Add(RunPy(peer, task, threads, tunedMalloc: true));
                    py[task].Add(RunPy(peer, task, threads, tunedMalloc: false));
                    cs[task].Add(RunCs(task, threads));
                }
            }
        }
        double M(Dictionary<string, List<JsonElement>> d, string task, string key) =>
            Bench.Median(d[task].Select(e => e.GetProperty(key).GetDouble()).ToList());

        double csStep = M(cs, "cnn", "step_ms"), pyStep = M(py, "cnn", "step_ms");
        double pyTunedStep = Bench.Median(pyTuned.Select(e => e.GetProperty("step_ms").GetDouble()).ToList());
        double csGemm = M(cs, "gemm", "gemm_gflops"), pyGemm = M(py, "gemm", "gemm_gflops");
        double csAdd = M(cs, "add", "add_us"), pyAdd = M(py, "add", "add_us");
        double csRss = M(cs, "cnn", "peak_rss_mb"), pyRss = M(py, "cnn", "peak_rss_mb");
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"engine.threads={threads}"));
        Console.WriteLine(string.Create(inv, $"engine.rounds={rounds}"));
        Console.WriteLine(string.Create(inv, $"engine.step_ms_csharp={csStep:F2}"));
        Console.WriteLine(string.Create(inv, $"engine.step_ms_pytorch={pyStep:F2}"));
        Console.WriteLine(string.Create(inv, $"engine.step_ratio_vs_pytorch={csStep / pyStep:F3}"));
        Console.WriteLine(string.Create(inv, $"engine.step_ms_pytorch_same_malloc={pyTunedStep:F2}"));
        Console.WriteLine(string.Create(inv, $"engine.step_ratio_vs_pytorch_same_malloc={csStep / pyTunedStep:F3}"));
        Console.WriteLine(string.Create(inv, $"engine.op_overhead_us={csAdd:F3}"));
        Console.WriteLine(string.Create(inv, $"engine.op_overhead_us_pytorch={pyAdd:F3}"));
        Console.WriteLine(string.Create(inv, $"engine.gemm_gflops={csGemm:F1}"));
        Console.WriteLine(string.Create(inv, $"engine.gemm_gflops_pytorch={pyGemm:F1}"));
        Console.WriteLine(string.Create(inv, $"engine.gemm_ratio_vs_pytorch={csGemm / pyGemm:F3}"));
        Console.WriteLine(string.Create(inv, $"engine.rss_mb_csharp={csRss:F0}"));
        Console.WriteLine(string.Create(inv, $"engine.rss_mb_pytorch={pyRss:F0}"));
        Console.WriteLine(string.Create(inv, $"engine.rss_ratio_vs_pytorch={csRss / pyRss:F3}"));
        return 0;
    }

    private static JsonElement RunCs(string task, int threads)
    {
        string dll = typeof(EngineSuite).Assembly.Location;
        return Bench.RunJson(Environment.ProcessPath ?? "dotnet", [dll, "worker", "engine", task, threads.ToString(CultureInfo.InvariantCulture)]);
    }

    private static JsonElement RunPy(string peer, string task, int threads, bool tunedMalloc)
    {
        // The same values the binding passes to mallopt (Native/NativeMethods.cs).
        var env = tunedMalloc
            ? new Dictionary<string, string> { ["MALLOC_MMAP_THRESHOLD_"] = "33554432", ["MALLOC_TRIM_THRESHOLD_"] = "1073741824", ["MALLOC_TOP_PAD_"] = "67108864" }
            : null;
        return Bench.RunJson("/usr/bin/python3", [peer, task, threads.ToString(CultureInfo.InvariantCulture)], env);
    }

    private static string FindPeer(string name) => Path.Combine(Bench.FindUp("benchmarks"), "peers", name);
}
