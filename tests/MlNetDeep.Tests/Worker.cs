using System.Diagnostics;

namespace MlNetDeep.Tests;

/// <summary>Runs tests/MlNetDeep.Tests.Worker (built beside the tests) as a child process.</summary>
internal static class Worker
{
    /// <summary>The worker's dll, from its own build output next to this test project's.</summary>
    public static string Dll
    {
        get
        {
            string tests = AppContext.BaseDirectory; // tests/MlNetDeep.Tests/bin/<Configuration>/net10.0/
            var parts = tests.TrimEnd('/').Split('/');
            string configuration = parts[^2], framework = parts[^1];
            string dll = Path.GetFullPath(Path.Combine(tests, "..", "..", "..", "..", "MlNetDeep.Tests.Worker", "bin", configuration, framework, "MlNetDeep.Tests.Worker.dll"));
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"The test worker is not built: {dll}");
        }
    }

    public static Process Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    /// <summary>Runs to the end; returns the exit code, stdout and stderr.</summary>
    public static (int Code, string Output, string Error) Run(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var p = Start(args, environment);
        var error = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException($"The worker ({string.Join(' ', args)}) ran over 5 minutes."); }
        return (p.ExitCode, output, error.Result);
    }
}
