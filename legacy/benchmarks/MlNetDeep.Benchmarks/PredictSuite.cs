using System.Globalization;
using System.Text.Json;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// ./benchmarks/run predict: single-row latency of a 784 -> 10 logistic model through the
/// prediction engine; single-image CNN latency (no grad) against PyTorch eager on the same
/// network, alternating processes; CNN batch scoring throughput; load + first prediction of
/// the CNN pipeline zip, from the plain build (JIT) and from a ReadyToRun publish. The CNN is
/// the engine benchmark's network; the zip holds it trained through the catalog trainer (one
/// epoch on 3,000 images) by the ReadyToRun build.
/// </summary>
internal static class PredictSuite
{
    private const int LoadsPerRound = 5;

    internal static int Run(string[] args)
    {
        var (rounds, threads) = Bench.RoundsAndThreads(args);
        string root = Bench.FindUp("benchmarks");
        string peer = Path.Combine(root, "peers", "predict.py");
        string t = threads.ToString(CultureInfo.InvariantCulture);
        string zip = Path.Combine(root, "out", "cnn-pipeline.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
        string r2r = PublishReadyToRun(root);
        // The zip is trained and saved by the ReadyToRun build, so a publish that cannot train
        // (as one did: see docs/model-zip.md, "Cold start") fails the suite instead of going unnoticed.
        Bench.RunJson("dotnet", [r2r, "worker", "predict", "save", t, zip], Bench.OneBlasThread);
        var linear = new List<double>();
        var csCnn = new List<JsonElement>();
        var pyCnn = new List<double>();
        var load = new List<JsonElement>();
        var loadR2r = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            linear.Add(Cs("linear", t).GetProperty("row_us").GetDouble());
            if (r % 2 == 0) { csCnn.Add(Cs("cnn", t)); pyCnn.Add(Py(peer, t)); }
            else { pyCnn.Add(Py(peer, t)); csCnn.Add(Cs("cnn", t)); }
            // A cold load is one process's first few tens of milliseconds, so it is sampled more
            // often than the other figures to keep the 2-core machine's noise out of the median.
            for (int k = 0; k < LoadsPerRound; k++)
            {
                load.Add(Cs("load", t, zip));
                loadR2r.Add(Bench.RunJson("dotnet", [r2r, "worker", "predict", "load", t, zip], Bench.OneBlasThread).GetProperty("load_first_predict_ms").GetDouble());
            }
        }
        double cnnRow = Bench.Median(csCnn.Select(e => e.GetProperty("row_us").GetDouble()).ToList());
        double pyRow = Bench.Median(pyCnn);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"predict.rounds={rounds}"));
        Console.WriteLine(string.Create(inv, $"predict.threads={threads}"));
        Console.WriteLine(string.Create(inv, $"predict.linear_row_us={Bench.Median(linear):F2}"));
        Console.WriteLine(string.Create(inv, $"predict.cnn_row_us={cnnRow:F1}"));
        Console.WriteLine(string.Create(inv, $"predict.cnn_row_us_pytorch={pyRow:F1}"));
        Console.WriteLine(string.Create(inv, $"predict.cnn_row_ratio_vs_pytorch={cnnRow / pyRow:F3}"));
        Console.WriteLine(string.Create(inv, $"predict.cnn_batch_rows_per_s={Bench.Median(csCnn.Select(e => e.GetProperty("batch_rows_per_s").GetDouble()).ToList()):F0}"));
        Console.WriteLine(string.Create(inv, $"model.load_samples={load.Count}"));
        Console.WriteLine(string.Create(inv, $"model.load_first_predict_ms={Bench.Median(load.Select(e => e.GetProperty("load_first_predict_ms").GetDouble()).ToList()):F1}"));
        Console.WriteLine(string.Create(inv, $"model.load_first_predict_ms_readytorun={Bench.Median(loadR2r):F1}"));
        Console.WriteLine(string.Create(inv, $"model.process_start_to_first_predict_ms={Bench.Median(load.Select(e => e.GetProperty("process_first_predict_ms").GetDouble()).ToList()):F0}"));
        return 0;
    }

    /// <summary>
    /// Publishes the benchmark worker ReadyToRun (ahead-of-time compiled, as a service is
    /// deployed: <c>dotnet publish -p:PublishReadyToRun=true</c>) and returns its dll: the load
    /// benchmark runs from both builds, since a cold load is mostly JIT compilation.
    /// </summary>
    private static string PublishReadyToRun(string root)
    {
        string output = Path.Combine(root, "out", "readytorun");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["publish", Path.Combine(root, "MlNetDeep.Benchmarks", "MlNetDeep.Benchmarks.csproj"), "-c", "Release", "-r", "linux-x64",
            "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output, "-nologo", "-v", "q"]) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var err = p.StandardError.ReadToEndAsync();
        string outText = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"dotnet publish (ReadyToRun) failed: {outText}{err.Result}");
        return Path.Combine(output, "MlNetDeep.Benchmarks.dll");
    }

    private static JsonElement Cs(string task, params string[] args) =>
        Bench.RunJson(Environment.ProcessPath ?? "dotnet", [typeof(PredictSuite).Assembly.Location, "worker", "predict", task, .. args], Bench.OneBlasThread);

    private static double Py(string peer, string threads) => Bench.RunJson("/usr/bin/python3", [peer, threads], Bench.OneBlasThread).GetProperty("row_us").GetDouble();
}
