using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MlNetDeep.AutoML;
using MlNetDeep.AutoML.Experiments;
using MlNetDeep.Cli.Compare;
using MlNetDeep.Cli.Report;
using MlNetDeep.Cli.Specs;
using MlNetDeep.Model;
using MlNetDeep.Torch;

namespace MlNetDeep.Cli.Commands;

/// <summary>
/// <c>mlnetdeep automl</c>: searches trainer families and their options on a spec's training
/// data (after the spec's transforms) under a time budget, refits the best pipeline on all the
/// training data, scores it on the spec's test data, and writes the model zip, the trials and
/// the HTML report.
/// </summary>
internal static class AutoMLCommand
{
    internal const string Usage = """
        usage: mlnetdeep automl <spec.yaml> [--output DIR] [--budget SECONDS] [--trials N] [--trainers A,B,...] [--tuner cfo|tpe|random]
                                [--isolation process|thread] [--memory-limit-mb MB] [--trial-timeout SECONDS] [--store FILE] [--seed N] [--threads N] [--quick] [--verbose]
          Searches pipelines for the spec's data: the trainer families (LogisticRegression, LinearSvm, Svm, XGBoost, Mlp,
          Cnn for 28x28 images) and their options, within the budget (search and refit). The spec's 'automl' section sets
          the defaults; a spec that names a trainer is searched instead of trained. Writes to DIR (default automl-results):
          model.zip (the refit best pipeline), trials.csv, leaderboard.json and report.html.
          --budget SECONDS        time budget of search and refit (default: automl.time_budget, budget_seconds, else 600)
          --trials N              most trials
          --trainers A,B          trainer families to search
          --tuner NAME            cfo (cost-frugal local search, default), tpe, random
          --isolation MODE        process (default: each trial in its own process) or thread
          --memory-limit-mb MB    resident-memory cap of a trial's process
          --trial-timeout SECONDS longest a trial may run
          --store FILE            record the trials in a SQLite file; an existing one is resumed
          --seed N                seed of the split, the tuner and the trials (default 1)
          --threads N             libtorch intra-op threads
          --quick                 apply the spec's 'quick' overrides
        """;

    internal static int Run(string[] args)
    {
        var cl = new CommandLine(args, ["--output", "--budget", "--trials", "--trainers", "--tuner", "--isolation", "--memory-limit-mb", "--trial-timeout", "--store", "--seed", "--threads"], ["--quick", "--verbose"]);
        string specPath = cl.Positional(0, "the pipeline spec (e.g. pipelines/automl/fashion-mnist.yaml)");
        cl.AtMostPositionals(1);
        if (cl.PositiveInt("--threads") is { } threads) Engine.NumThreads = threads;
        var spec = PipelineSpec.Load(specPath, cl.Flag("--quick"));
        if (spec.Task != PipelineTask.Multiclass)
            throw new UsageException($"automl searches multiclass pipelines so far; '{spec.File}' has task {PipelineSpec.Snake(spec.Task)}.");
        var settings = spec.AutoMLSettings();
        int seed = cl.PositiveInt("--seed") ?? 1;
        var isolation = cl.Value("--isolation") switch
        {
            null => settings.Isolation,
            "process" => TrialIsolation.Process,
            "thread" => TrialIsolation.Thread,
            var v => throw new UsageException($"--isolation must be process or thread. Received: '{v}'."),
        };
        var tuner = cl.Value("--tuner") switch
        {
            null => settings.Tuner,
            "cfo" => TunerKind.Cfo,
            "tpe" => TunerKind.Tpe,
            "random" => TunerKind.Random,
            var v => throw new UsageException($"--tuner must be cfo, tpe or random. Received: '{v}'."),
        };
        var budget = TimeSpan.FromSeconds(cl.PositiveDouble("--budget") ?? settings.TimeBudget?.TotalSeconds ?? spec.BudgetSeconds ?? 600);
        string output = cl.Value("--output") ?? "automl-results";
        var options = new AutoMLOptions
        {
            LabelColumnName = spec.LabelColumn, FeatureColumnName = settings.FeatureColumnName, Seed = seed, Tuner = tuner,
            TimeBudget = budget, MaxTrials = cl.PositiveInt("--trials") ?? settings.MaxTrials,
            Trainers = cl.Value("--trainers") is { } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : settings.Trainers,
            MaxEpochs = settings.MaxEpochs, CrossValidationFolds = settings.CrossValidationFolds, ValidationFraction = settings.ValidationFraction,
            Parallelism = settings.Parallelism, Pruning = settings.Pruning, Ensemble = settings.Ensemble,
            MemoryLimitMb = cl.PositiveDouble("--memory-limit-mb") ?? settings.MemoryLimitMb,
            TrialTimeout = cl.PositiveDouble("--trial-timeout") is { } tt ? TimeSpan.FromSeconds(tt) : settings.TrialTimeout,
            StorePath = cl.Value("--store") ?? settings.StorePath,
            TrialProcess = isolation == TrialIsolation.Process ? WorkerCommand(cl.Value("--threads")) : null,
        };
        try
        {
            options.Validate(); // before any data is read (a memory cap with --isolation thread is refused here too)
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{spec.File}: automl settings: {e.Message}");
        }
        Directory.CreateDirectory(output);

        var clock = Stopwatch.StartNew();
        var ctx = new MLContext(seed);
        Console.WriteLine($"[automl] loading {spec.Name}");
        var (trainView, testView) = spec.LoadData(ctx);
        spec.CheckColumns(ctx, trainView.Schema);
        var train = ctx.Data.Cache(trainView);
        ITransformer? featurizer = spec.BuildTransforms(ctx)?.Fit(train);
        IDataView features = featurizer is null ? train : ctx.Data.Cache(featurizer.Transform(train));
        // Loading and featurizing count against the budget.
        options = options with { TimeBudget = budget - clock.Elapsed > TimeSpan.Zero ? budget - clock.Elapsed
            : throw new InvalidOperationException($"Loading the data took {clock.Elapsed.TotalSeconds:F0} s, the whole budget of {budget.TotalSeconds:F0} s.") };

        var ended = new Dictionary<int, double>();
        var progress = new Progress(budget, clock);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[automl] searching {(options.Trainers is { } t ? string.Join(", ", t) : "every family that applies")} with {tuner} for {budget.TotalMinutes:F1} minutes, trials in {(isolation == TrialIsolation.Process ? "their own processes" : "threads")}"));
        AutoMLResult result;
        using (var heartbeat = new Timer(_ => progress.Heartbeat(), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)))
        {
            result = AutoMLExperiment.MulticlassClassification(ctx, features, options, trial =>
            {
                lock (ended) ended[trial.Id] = clock.Elapsed.TotalSeconds;
                progress.Trial(trial);
            });
        }
        var best = result.BestModel!;
        // One flat chain: the spec's fitted transforms, then the best pipeline's parts (a scaler and its model, or the model).
        ITransformer model = featurizer is null ? best
            : new TransformerChain<ITransformer>((featurizer as IEnumerable<ITransformer> ?? [featurizer]).Concat(best as IEnumerable<ITransformer> ?? [best]));
        Console.WriteLine("[automl] evaluating the refit best pipeline on the test data");
        var test = ctx.Data.Cache(testView);
        var eval = Compare.Evaluation.Evaluate(ctx, spec.Task, ctx.Data.Cache(model.Transform(test)), spec.LabelColumn);
        string zip = Path.Combine(output, "model.zip");
        var provenance = new Dictionary<string, string>
        {
            ["spec"] = Path.GetFileName(spec.File), ["pipeline"] = spec.Name, ["trainer"] = result.BestTrainer, ["task"] = PipelineSpec.Snake(spec.Task),
            ["automl_trials"] = result.Trials.Count.ToString(CultureInfo.InvariantCulture), ["automl_best_parameters"] = result.Best.Parameters.ToString(),
        };
        if (result.Ensemble is not null) provenance["automl_ensemble"] = Members(result);
        ctx.Model.Save(model, train.Schema, zip, new ModelProvenance(provenance, eval.Metrics));
        WriteTrials(Path.Combine(output, "trials.csv"), result.Trials, ended);
        WriteLeaderboard(Path.Combine(output, "leaderboard.json"), result, eval);
        AutoMLReport.Write(result, ended, eval.Metrics, clock.Elapsed, Path.Combine(output, "report.html"));
        (model as IDisposable)?.Dispose();

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"best_trainer={result.BestTrainer}");
        Console.WriteLine($"best_parameters={result.Best.Parameters}");
        Console.WriteLine(string.Create(inv, $"validation_accuracy={result.Best.Metrics.GetValueOrDefault("accuracy"):F4}"));
        if (result.Ensemble is { } chosen)
        {
            Console.WriteLine($"ensemble={Members(result)}");
            Console.WriteLine(string.Create(inv, $"ensemble_validation_accuracy={chosen.ValidationAccuracy:F4}"));
        }
        foreach (var (k, v) in eval.Metrics) Console.WriteLine(string.Create(inv, $"test_{k}={v:F4}"));
        Console.WriteLine(string.Create(inv, $"trials={result.Trials.Count}"));
        Console.WriteLine(string.Create(inv, $"wall_seconds={clock.Elapsed.TotalSeconds:F1}"));
        Console.WriteLine($"model={zip}");
        Console.WriteLine($"report={Path.Combine(output, "report.html")}");
        return 0;
    }

    /// <summary>The ensemble's members as "trial 12 (XGBoost) 0.60, trial 40 (LogisticRegression) 0.40".</summary>
    internal static string Members(AutoMLResult result) => string.Join(", ", result.Ensemble!.TrialIds.Zip(result.Ensemble.Weights).Select(m =>
        string.Create(CultureInfo.InvariantCulture, $"trial {m.First} ({result.Trials.First(t => t.Id == m.First).Parameters.GetString(AutoMLExperiment.TrainerParameter)}) {m.Second:F2}")));

    /// <summary>The command that serves one trial: this CLI's hidden <c>automl-worker JOBDIR</c>.</summary>
    private static Func<string, ProcessStartInfo> WorkerCommand(string? threads) => job =>
        Program.SelfCommand(threads is null ? ["automl-worker", job] : ["automl-worker", job, "--threads", threads]);

    /// <summary><c>mlnetdeep automl-worker JOBDIR [--threads N]</c>: serves one trial of an out-of-process search (started by automl, not by hand).</summary>
    internal static int Worker(string[] args)
    {
        var cl = new CommandLine(args, ["--threads"], []);
        string job = cl.Positional(0, "the job directory");
        cl.AtMostPositionals(1);
        if (cl.PositiveInt("--threads") is { } threads) Engine.NumThreads = threads;
        return AutoMLExperiment.ServeTrial(job);
    }

    private static void WriteTrials(string path, IReadOnlyList<Trial> trials, IReadOnlyDictionary<int, double> ended)
    {
        var inv = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("id,trainer,status,validation_accuracy,loss,seconds,ended_s,error,parameters\n");
        foreach (var t in trials)
            csv.Append(inv, $"{t.Id},{CsvCell.Of(t.Parameters.GetString(AutoMLExperiment.TrainerParameter))},{t.Status},")
               .Append(inv, $"{(t.Metrics.TryGetValue("accuracy", out double a) ? a.ToString("R", inv) : "")},{(double.IsFinite(t.Loss) ? t.Loss.ToString("R", inv) : "")},")
               .Append(inv, $"{t.Seconds:F2},{(ended.TryGetValue(t.Id, out double e) ? e.ToString("F1", inv) : "")},{CsvCell.Of(t.Error ?? "")},{CsvCell.Of(t.Parameters.ToString())}\n");
        File.WriteAllText(path, csv.ToString());
    }

    private static void WriteLeaderboard(string path, AutoMLResult result, EvaluationResult eval)
    {
        using var file = File.Create(path);
        using var w = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("best_trainer", result.BestTrainer);
        w.WriteNumber("best_trial", result.Best.Id);
        w.WriteNumber("validation_accuracy", result.Best.Metrics.GetValueOrDefault("accuracy"));
        w.WriteStartObject("best_parameters");
        foreach (var (k, v) in result.Best.Parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (v is int i) w.WriteNumber(k, i);
            else if (v is double d) w.WriteNumber(k, d);
            else w.WriteString(k, Convert.ToString(v, CultureInfo.InvariantCulture));
        }
        w.WriteEndObject();
        if (result.Ensemble is { } ensemble)
        {
            w.WriteStartObject("ensemble");
            w.WriteNumber("validation_accuracy", ensemble.ValidationAccuracy);
            w.WriteNumber("best_single_validation_accuracy", ensemble.BestSingleValidationAccuracy);
            w.WriteStartArray("members");
            foreach (var (id, weight) in ensemble.TrialIds.Zip(ensemble.Weights))
            {
                w.WriteStartObject();
                w.WriteNumber("trial", id);
                w.WriteString("trainer", result.Trials.First(t => t.Id == id).Parameters.GetString(AutoMLExperiment.TrainerParameter));
                w.WriteNumber("weight", weight);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteStartObject("test");
        foreach (var (k, v) in eval.Metrics) if (double.IsFinite(v)) w.WriteNumber(k, v);
        w.WriteEndObject();
        w.WriteStartArray("families");
        foreach (var (trainer, accuracy, trials) in result.Leaderboard)
        {
            w.WriteStartObject();
            w.WriteString("trainer", trainer);
            w.WriteNumber("best_validation_accuracy", accuracy);
            w.WriteNumber("trials", trials);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Live progress: a line per trial as it ends, with the best so far and the time used, and a heartbeat while a long trial runs.</summary>
    private sealed class Progress(TimeSpan budget, Stopwatch clock)
    {
        private readonly object _gate = new();
        private Trial? _best;
        private int _trials;
        private TimeSpan _last;

        public void Trial(Trial t)
        {
            lock (_gate)
            {
                _trials++;
                _last = clock.Elapsed;
                if (t.Status == TrialStatus.Completed && (_best is null || t.Loss < _best.Loss)) _best = t;
                string detail = t.Status switch
                {
                    TrialStatus.Completed => string.Create(CultureInfo.InvariantCulture, $"val_acc {t.Metrics.GetValueOrDefault("accuracy"):F4}"),
                    TrialStatus.Pruned => string.Create(CultureInfo.InvariantCulture, $"pruned after {t.Metrics.GetValueOrDefault("resource"):F0} epochs, val_error {t.Loss:F4}"),
                    _ => t.Error ?? "",
                };
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"trial {t.Id,4} {t.Parameters.GetString(AutoMLExperiment.TrainerParameter),-18} {t.Status.ToString().ToLowerInvariant(),-9} {detail} ({t.Seconds:F1} s) | {Best()} | {Clock()}"));
            }
        }

        public void Heartbeat()
        {
            lock (_gate)
            {
                if (clock.Elapsed - _last < TimeSpan.FromSeconds(25)) return;
                Console.WriteLine($"  ... trial {_trials + 1} running | {Best()} | {Clock()}");
            }
        }

        private string Best() => _best is null ? "no trial completed yet"
            : string.Create(CultureInfo.InvariantCulture, $"best {_best.Metrics.GetValueOrDefault("accuracy"):F4} {_best.Parameters.GetString(AutoMLExperiment.TrainerParameter)} #{_best.Id}");

        private string Clock() => $"{Minutes(clock.Elapsed)} of {Minutes(budget)}";

        private static string Minutes(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}:{t.Seconds:00}");
    }
}
