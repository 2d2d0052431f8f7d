using System.Diagnostics;
using System.Text.Json;

namespace MlNetDeep.Benchmarks;

/// <summary>Helpers shared by the suites: child processes that print JSON, medians, paths.</summary>
internal static class Bench
{
    /// <summary>
    /// One OpenBLAS thread, for both sides of a comparison: OpenBLAS's own threads otherwise compete with
    /// libtorch's OpenMP pool (PyTorch's MLP steps ran 3x slower here), and the figures would measure that contention.
    /// </summary>
    internal static readonly Dictionary<string, string> OneBlasThread = new() { ["OPENBLAS_NUM_THREADS"] = "1" };

    /// <summary>
    /// The environment of both sides of a training comparison: one OpenBLAS thread, and glibc's malloc
    /// tuned as MlNetDeep tunes its own process (<c>AllocatorTuning</c>), so the two use the same
    /// allocator settings and the figures compare the engines, not the allocators.
    /// </summary>
    internal static Dictionary<string, string> SameAllocator => new(OneBlasThread.Concat(MlNetDeep.Runtime.AllocatorTuning.EnvironmentVariables));

    /// <summary>Runs a child that prints one JSON object as its last line; returns it.</summary>
    /// <exception cref="InvalidOperationException">The child failed; its stderr is in the message.</exception>
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

    internal static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    /// <summary>benchmarks/peers/<paramref name="name"/>, found above the binaries.</summary>
    internal static string Peer(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "benchmarks", "peers", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"benchmarks/peers/{name} not found above {AppContext.BaseDirectory}.");
    }
}
