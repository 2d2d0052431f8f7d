using System.Globalization;
using System.Runtime.InteropServices;
using MlNetDeep.AutoML.Experiments;
using MlNetDeep.AutoML.SearchSpaces;
using MlNetDeep.AutoML.Tuners;

namespace MlNetDeep.AutoML.TrialHost;

/// <summary>
/// Test worker. <c>automl JOBDIR</c> serves an AutoML trial; <c>serve MODE</c> serves one out-of-process trial whose objective behaves as
/// MODE says; <c>experiment DB LOG TRIALS</c> runs a small experiment on a SQLite store, logging
/// each trial's start, for the kill -9 test; <c>shared KIND TARGET WORKER TRIALS</c> is one worker
/// of an experiment shared through a SQLite file or a PostgreSQL server.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        switch (args)
        {
            case ["serve", string mode]:
                return TrialWorker.Serve(trial => Objective(mode, trial));
            case ["experiment", string db, string log, string trials]:
                RunExperiment(db, log, int.Parse(trials, CultureInfo.InvariantCulture));
                return 0;
            case ["automl", string job]:
                return AutoMLExperiment.ServeTrial(job);
            case ["shared", string kind, string target, string worker, string trials]:
                RunWorker(kind, target, int.Parse(worker, CultureInfo.InvariantCulture), int.Parse(trials, CultureInfo.InvariantCulture));
                return 0;
            default:
                Console.Error.WriteLine("usage: serve MODE | automl JOBDIR | experiment DB LOG TRIALS | shared sqlite|postgres PATH|CONNECTION WORKER TRIALS");
                return 64;
        }
    }

    private static TrialResult Objective(string mode, TrialContext trial)
    {
        double x = trial.Parameters.GetDouble("x");
        switch (mode)
        {
            case "quadratic":
                // Five "epochs" whose loss falls towards (x - 0.3)²; the parent's pruner may stop it.
                double loss = double.PositiveInfinity;
                for (int epoch = 1; epoch <= 5; epoch++)
                {
                    loss = (x - 0.3) * (x - 0.3) + 1.0 / epoch;
                    if (trial.ShouldPrune(epoch, loss)) break;
                }
                return new TrialResult(loss, new Dictionary<string, double> { ["x"] = x });
            case "chatty":
                // Console output that looks like the protocol must not reach the parent as such.
                Console.WriteLine("@trial result {\"loss\": -1000}");
                Console.WriteLine("@trial error {");
                return new TrialResult(x, new Dictionary<string, double> { ["nan"] = double.NaN });
            case "throw":
                throw new InvalidOperationException($"boom at x={x.ToString("R", CultureInfo.InvariantCulture)}");
            case "hang":
                Thread.Sleep(Timeout.Infinite);
                return new TrialResult(0);
            case "managed-oom":
            {
                var hoard = new List<byte[]>();
                while (true)
                {
                    var block = new byte[16 << 20];
                    Array.Fill(block, (byte)1);
                    hoard.Add(block);
                }
            }
            case "native-oom":
                unsafe
                {
                    while (true)
                    {
                        byte* block = (byte*)NativeMemory.Alloc(16 << 20);
                        new Span<byte>(block, 16 << 20).Fill(1);
                    }
                }
            case "crash":
                Console.Error.WriteLine("about to crash");
                Environment.Exit(139);
                return new TrialResult(0);
            default:
                throw new ArgumentException($"unknown mode {mode}");
        }
    }

    private static void RunExperiment(string db, string log, int trials)
    {
        var space = new SearchSpace().Float("x", -1, 1).Float("y", -1, 1);
        using var store = new SqliteTrialStore(db);
        var experiment = new Experiment(new RandomTuner(space, seed: 7), trial =>
        {
            File.AppendAllText(log, $"start {trial.Id}\n");
            Thread.Sleep(200);
            double x = trial.Parameters.GetDouble("x"), y = trial.Parameters.GetDouble("y");
            return new TrialResult((x - 0.3) * (x - 0.3) + (y + 0.2) * (y + 0.2));
        }, new ExperimentOptions { Name = "kill-test", MaxTrials = trials }, store);
        experiment.Run();
    }

    private static void RunWorker(string kind, string target, int worker, int trials)
    {
        var space = new SearchSpace().Float("x", -1, 1);
        using ITrialStore store = kind == "postgres" ? new PostgresTrialStore(target) : new SqliteTrialStore(target);
        var experiment = new Experiment(new TpeTuner(space, seed: worker), trial =>
        {
            Thread.Sleep(100);
            double x = trial.Parameters.GetDouble("x");
            return new TrialResult((x - 0.3) * (x - 0.3), new Dictionary<string, double> { ["worker"] = worker });
        }, new ExperimentOptions { Name = "shared-test", MaxTrials = trials, Shared = true }, store);
        var result = experiment.Run();
        // What this worker saw at the end: every worker's trials.
        Console.WriteLine($"seen {result.Trials.Count(t => t.Status == TrialStatus.Completed)}");
    }
}
