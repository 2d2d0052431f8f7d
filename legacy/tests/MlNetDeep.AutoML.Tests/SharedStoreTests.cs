using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MlNetDeep.AutoML.Experiments;
using MlNetDeep.AutoML.SearchSpaces;
using MlNetDeep.AutoML.Tuners;
using Xunit;

namespace MlNetDeep.AutoML.Tests;

/// <summary>
/// Experiments shared by several worker processes: through one SQLite file, and through a
/// PostgreSQL server this test starts in its own data directory on loopback (Debian's
/// postgresql, installed by setup.sh).
/// </summary>
public sealed class SharedStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-shared").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void TwoWorkerProcessesShareOneSqliteExperiment() => TwoWorkers("sqlite", Path.Combine(_dir, "shared.db"), () =>
    {
        using var store = new SqliteTrialStore(Path.Combine(_dir, "shared.db"));
        return store.Load("shared-test");
    });

    [Fact]
    public void TwoWorkerProcessesShareOnePostgresExperiment()
    {
        using var server = PostgresServer.Start(_dir);
        TwoWorkers("postgres", server.ConnectionString, () =>
        {
            using var store = new PostgresTrialStore(server.ConnectionString);
            return store.Load("shared-test");
        });
        // The store resumes like the SQLite one when used alone: a second run of the finished experiment adds nothing.
        using var again = new PostgresTrialStore(server.ConnectionString);
        var rerun = new Experiment(new RandomTuner(new SearchSpace().Float("x", -1, 1), 1), _ => throw new InvalidOperationException("no trial should run"),
            new ExperimentOptions { Name = "shared-test", MaxTrials = 16, Shared = true }, again).Run();
        Assert.Equal(16, rerun.Trials.Count);
    }

    private static void TwoWorkers(string kind, string target, Func<IReadOnlyList<Trial>> load)
    {
        const int trials = 16;
        var workers = Enumerable.Range(1, 2).Select(w =>
        {
            var psi = ProcessTrialTests.Host("shared", kind, target, w.ToString(CultureInfo.InvariantCulture), trials.ToString(CultureInfo.InvariantCulture));
            psi.RedirectStandardOutput = psi.RedirectStandardError = true;
            return Process.Start(psi)!;
        }).ToList();
        var outputs = workers.Select(p => (Out: p.StandardOutput.ReadToEndAsync(), Err: p.StandardError.ReadToEndAsync())).ToList();
        foreach (var (p, i) in workers.Select((p, i) => (p, i)))
        {
            Assert.True(p.WaitForExit(TimeSpan.FromSeconds(120)), "a worker did not finish");
            Assert.True(p.ExitCode == 0, $"worker {i + 1} failed: {outputs[i].Err.Result}");
        }
        var recorded = load();
        // Exactly the trial count across both workers, ids 1..16 each claimed once, all completed.
        Assert.Equal(Enumerable.Range(1, trials), recorded.Select(t => t.Id));
        Assert.All(recorded, t => Assert.Equal(TrialStatus.Completed, t.Status));
        var byWorker = recorded.GroupBy(t => (int)t.Metrics["worker"]).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byWorker.Count == 2 && byWorker.Values.All(n => n >= 3), $"trials per worker: {string.Join(", ", byWorker)}");
        // Each worker's result holds every worker's finished trials: the last to end sees all, the
        // first all but the one the other (running one trial at a time) may still have been running.
        var seen = outputs.Select(o => int.Parse(o.Out.Result.Trim()["seen ".Length..], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(trials, seen.Max());
        Assert.True(seen.Min() >= trials - 1, $"seen: {string.Join(", ", seen)}");
    }

    [Fact]
    public void ASharedExperimentNeedsASharedStore()
    {
        var e = Assert.Throws<ArgumentException>(() => new Experiment(new RandomTuner(new SearchSpace().Float("x", 0, 1), 1), _ => new TrialResult(0),
            new ExperimentOptions { MaxTrials = 1, Shared = true }));
        Assert.Contains("needs a store several workers can share", e.Message);
    }

    /// <summary>A throwaway PostgreSQL server: initdb in a temporary directory, listening on a free loopback port, stopped at dispose.</summary>
    private sealed class PostgresServer : IDisposable
    {
        private readonly string _data;
        private readonly string? _user;

        private PostgresServer(string data, string? user, int port) =>
            (_data, _user, ConnectionString) = (data, user, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=30");

        public string ConnectionString { get; }

        public static PostgresServer Start(string root)
        {
            string bin = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault() ?? "" : "";
            Assert.True(bin.Length > 0, "PostgreSQL's server binaries are missing (/usr/lib/postgresql/*/bin/initdb): run ./setup.sh, which installs Debian's postgresql");
            string dir = Path.Combine(root, "pg");
            Directory.CreateDirectory(dir);
            // PostgreSQL refuses to run as root: as root, run it as the postgres user the package created.
            string? user = Environment.UserName == "root" ? "postgres" : null;
            if (user is not null) Run("chown", "-R", user, root);
            string data = Path.Combine(dir, "data");
            RunAs(user, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8");
            int port = FreePort();
            RunAs(user, Path.Combine(bin, "pg_ctl"), "-D", data, "-w", "-t", "60", "-l", Path.Combine(dir, "log"),
                "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
            return new PostgresServer(data, user, port) { Bin = bin };
        }

        private string Bin { get; init; } = "";

        public void Dispose() => RunAs(_user, Path.Combine(Bin, "pg_ctl"), "-D", _data, "-m", "immediate", "-w", "stop");

        private static int FreePort()
        {
            using var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }

        private static void RunAs(string? user, string program, params string[] args) =>
            Run(user is null ? program : "runuser", user is null ? args : ["-u", user, "--", program, .. args]);

        private static void Run(string program, params string[] args)
        {
            var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEndAsync();
            string error = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(TimeSpan.FromSeconds(90)), $"{program} did not finish");
            Assert.True(p.ExitCode == 0, $"{program} {string.Join(' ', args)} failed ({p.ExitCode}): {error} {output.Result}");
        }
    }
}
