using System.Diagnostics;
using System.Text.Json;

namespace MlNetDeep.Benchmarks;

/// <summary>Helpers shared by the suites: child processes that print JSON, medians, paths.</summary>
internal static class Bench
{
    /// <summary>
    /// One OpenBLAS thread, for both sides of a comparison: OpenBLAS's own threads otherwise compete with
    /// libtorch's OpenMP pool (PyTorch's MLP steps ran 3x slower here), and the figures measure that contention.
    /// </summary>
    internal static readonly Dictionary<string, string> OneBlasThread = new() { ["OPENBLAS_NUM_THREADS"] = "1" };

    /// <summary>The <c>--rounds N</c> and <c>--threads N</c> options of the engine and predict suites.</summary>
    internal static (int Rounds, int Threads) RoundsAndThreads(string[] args)
    {
        int rounds = 3, threads = Environment.ProcessorCount;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rounds") rounds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == "--threads") threads = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else throw new ArgumentException($"Unknown option '{args[i]}'.");
        }
        return (rounds, threads);
    }

    internal static JsonElement RunJson(string exe, string[] args, Dictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {exe}.");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{exe} {string.Join(' ', args)} exited with {p.ExitCode}: {stderr.Result}");
        string line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    internal static double Median(List<double> v)
    {
        var s = v.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    /// <summary>The path of <paramref name="name"/> in benchmarks/out/ (created when missing: a fresh clone has none).</summary>
    internal static string OutFile(string name)
    {
        string dir = Path.Combine(FindUp("benchmarks"), "out");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    /// <summary>
    /// The repository's <paramref name="name"/> directory that holds peers/ (benchmarks/ at the root: the Python
    /// peers are shared with the new stack's suites), found above the binaries.
    /// </summary>
    internal static string FindUp(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, name, "peers"))) return Path.Combine(dir.FullName, name);
        throw new DirectoryNotFoundException($"No '{name}' directory with peers/ above {AppContext.BaseDirectory}.");
    }
}
