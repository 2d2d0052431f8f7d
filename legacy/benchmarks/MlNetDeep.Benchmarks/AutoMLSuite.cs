using System.Globalization;
using System.IO.Compression;
using MlNetDeep.AutoML;
using MlNetDeep.Data;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// Issue 10's tabular benchmark: three datasets Debian's python3-sklearn ships as CSV
/// (breast cancer, 569 × 30, 2 classes; wine, 178 × 13, 3 classes; digits, 1,797 × 64,
/// 10 classes), each split 75/25 once (seeded) and written to benchmarks/out/automl/ so both
/// sides use the same split. Our AutoML gets a 60-second budget (CFO over logistic regression,
/// linear SVM, libsvm's SVM, XGBoost and the MLP, raw features, trials scored by 5-fold
/// cross-validation on these small sets) and its refit best pipeline is scored on the
/// test part, next to the best of scikit-learn's default LogisticRegression, RandomForest,
/// HistGradientBoosting and SVC on the same split (peers/automl_tabular.py). Prints
/// automl.tabular.&lt;dataset&gt;.score and .sklearn_best (and each scikit-learn model, the
/// best trainer, the trial count). <c>--budget S</c> changes the budget.
/// <para>
/// <c>automl-fmnist</c> (<see cref="RunFashionMnist"/>) is the 60-minute run on full Fashion-MNIST.
/// </para>
/// </summary>
internal static class AutoMLSuite
{
    private const string SklearnData = "/usr/lib/python3/dist-packages/sklearn/datasets/data";

    /// <summary>The suites' one option, <c>--budget S</c>.</summary>
    private static double Budget(string[] args, double seconds)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--budget") seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            else throw new ArgumentException($"Unknown option '{args[i]}'.");
        }
        return seconds;
    }

    internal static int Run(string[] args)
    {
        double budget = Budget(args, 60);
        var inv = CultureInfo.InvariantCulture;
        string outDir = Path.GetDirectoryName(Bench.OutFile(Path.Combine("automl", "x")))!;
        Directory.CreateDirectory(outDir);
        string peer = Path.Combine(Bench.FindUp("benchmarks"), "peers", "automl_tabular.py");
        Console.WriteLine(string.Create(inv, $"automl.tabular.budget_s={budget}"));
        foreach (var (name, rows) in new[] { ("breast_cancer", ReadSklearnCsv("breast_cancer.csv")), ("wine", ReadSklearnCsv("wine_data.csv")), ("digits", ReadDigits()) })
        {
            var rng = new Random(1);
            var order = Enumerable.Range(0, rows.Count).OrderBy(_ => rng.Next()).ToArray();
            int nTest = rows.Count / 4;
            var test = order.Take(nTest).Select(i => rows[i]).ToList();
            var train = order.Skip(nTest).Select(i => rows[i]).ToList();
            string trainCsv = Path.Combine(outDir, $"{name}-train.csv"), testCsv = Path.Combine(outDir, $"{name}-test.csv");
            File.WriteAllLines(trainCsv, train.Select(r => string.Join(",", r.X.Select(v => v.ToString("R", inv)).Append(r.Y.ToString(inv)))));
            File.WriteAllLines(testCsv, test.Select(r => string.Join(",", r.X.Select(v => v.ToString("R", inv)).Append(r.Y.ToString(inv)))));

            var py = Bench.RunJson("/usr/bin/python3", [peer, trainCsv, testCsv]);
            var ctx = new MLContext(1);
            int classes = rows.Max(r => r.Y) + 1;
            var result = AutoMLExperiment.MulticlassClassification(ctx, View(train, classes), new AutoMLOptions
            {
                TimeBudget = TimeSpan.FromSeconds(budget), Tuner = TunerKind.Cfo, Seed = 1, MaxEpochs = 60, Trainers = ["LogisticRegression", "LinearSvm", "Svm", "XGBoost", "Mlp"],
            });
            double score = ctx.MulticlassClassification.Evaluate(result.BestModel!.Transform(View(test, classes))).MicroAccuracy;
            Console.WriteLine(string.Create(inv, $"automl.tabular.{name}.score={score:F4}"));
            Console.WriteLine(string.Create(inv, $"automl.tabular.{name}.sklearn_best={py.GetProperty("best").GetDouble():F4}"));
            foreach (string m in new[] { "logistic_regression", "random_forest", "hist_gradient_boosting", "svc" })
                Console.WriteLine(string.Create(inv, $"automl.tabular.{name}.sklearn_{m}={py.GetProperty(m).GetDouble():F4}"));
            Console.WriteLine(string.Create(inv, $"automl.tabular.{name}.best_trainer={result.BestTrainer}"));
            Console.WriteLine(string.Create(inv, $"automl.tabular.{name}.trials={result.Trials.Count}"));
            Console.WriteLine(string.Create(inv, $"automl.tabular.{name}.validation_accuracy={result.Best.Metrics["accuracy"]:F4}"));
            if (result.Ensemble is { } ensemble)
            {
                Console.WriteLine(string.Create(inv, $"automl.tabular.{name}.ensemble_members={string.Join("+", ensemble.TrialIds.Select(id => result.Trials.First(t => t.Id == id).Parameters.GetString(AutoMLExperiment.TrainerParameter)))}"));
                Console.WriteLine(string.Create(inv, $"automl.tabular.{name}.ensemble_validation_accuracy={ensemble.ValidationAccuracy:F4}"));
                Console.WriteLine(string.Create(inv, $"automl.tabular.{name}.ensemble_best_single_validation_accuracy={ensemble.BestSingleValidationAccuracy:F4}"));
            }
            else Console.WriteLine(string.Create(inv, $"automl.tabular.{name}.ensemble_members=none"));
            (result.BestModel as IDisposable)?.Dispose();
        }
        return 0;
    }

    /// <summary>
    /// Issue 10's image benchmark: a 60-minute budget (<c>--budget S</c> changes it) over the
    /// CNN, MLP and XGBoost spaces on the 60,000 Fashion-MNIST training images, the refit
    /// included in the budget, trials scored on a 20% held-out split with ASHA over epochs; the
    /// refit best pipeline is scored on the 10,000 test images. Prints
    /// automl.fmnist_60min.test_accuracy (goal 0.94, floor 0.93), the wall time, the trials and
    /// each family's best validation accuracy, and writes every trial to
    /// benchmarks/out/automl/fmnist-trials.csv.
    /// </summary>
    internal static int RunFashionMnist(string[] args)
    {
        double budget = Budget(args, 3600);
        var inv = CultureInfo.InvariantCulture;
        var ctx = new MLContext(1);
        var train = ctx.Data.LoadFashionMnist(train: true);
        var test = ctx.Data.LoadFashionMnist(train: false);
        string key = budget == 3600 ? "automl.fmnist_60min" : string.Create(inv, $"automl.fmnist_{budget:0}s");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string trialsCsv = Bench.OutFile(Path.Combine("automl", "fmnist-trials.csv"));
        Directory.CreateDirectory(Path.GetDirectoryName(trialsCsv)!);
        using var log = new StreamWriter(trialsCsv) { AutoFlush = true };
        log.WriteLine("id,elapsed_s,trainer,status,accuracy,seconds,epochs_run,parameters");
        var result = AutoMLExperiment.MulticlassClassification(ctx, train, new AutoMLOptions
        {
            TimeBudget = TimeSpan.FromSeconds(budget), Tuner = TunerKind.Cfo, Seed = 1, MaxEpochs = 20, Trainers = ["Cnn", "Mlp", "XGBoost"],
        }, progress: t =>
        {
            string line = string.Create(inv, $"{t.Id},{clock.Elapsed.TotalSeconds:F0},{t.Parameters.GetString(AutoMLExperiment.TrainerParameter)},{t.Status},{t.Metrics.GetValueOrDefault("accuracy"):F4},{t.Seconds:F1},{t.Metrics.GetValueOrDefault("resource"):F0},\"{t.Parameters}\"");
            lock (log) log.WriteLine(line);
            Console.Error.WriteLine(line);
        });
        double accuracy = ctx.MulticlassClassification.Evaluate(result.BestModel!.Transform(test)).MicroAccuracy;
        Console.WriteLine(string.Create(inv, $"{key}.test_accuracy={accuracy:F4}"));
        Console.WriteLine(string.Create(inv, $"{key}.wall_s={clock.Elapsed.TotalSeconds:F0}"));
        Console.WriteLine(string.Create(inv, $"{key}.budget_s={budget:0}"));
        Console.WriteLine(string.Create(inv, $"{key}.best_trainer={result.BestTrainer}"));
        Console.WriteLine(string.Create(inv, $"{key}.best_parameters=\"{result.Best.Parameters}\""));
        Console.WriteLine(string.Create(inv, $"{key}.validation_accuracy={result.Best.Metrics["accuracy"]:F4}"));
        Console.WriteLine(string.Create(inv, $"{key}.trials={result.Trials.Count}"));
        foreach (var s in Enum.GetValues<MlNetDeep.AutoML.Experiments.TrialStatus>())
            Console.WriteLine(string.Create(inv, $"{key}.trials_{s.ToString().ToLowerInvariant()}={result.Trials.Count(t => t.Status == s)}"));
        foreach (var (trainer, acc, n) in result.Leaderboard)
            Console.WriteLine(string.Create(inv, $"{key}.{trainer.ToLowerInvariant()}.best_validation_accuracy={acc:F4}"));
        (result.BestModel as IDisposable)?.Dispose();
        return 0;
    }

    private static InMemoryDataView View(List<(float[] X, int Y)> rows, int classes) => new InMemoryDataViewBuilder()
        .AddVector("Features", rows.SelectMany(r => r.X).ToArray(), rows[0].X.Length)
        .AddKey("Label", rows.Select(r => (uint)(r.Y + 1)).ToArray(), Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray())
        .Build();

    /// <summary>scikit-learn's CSV layout: a header "n_samples,n_features,names…", then features and the integer class per row.</summary>
    private static List<(float[] X, int Y)> ReadSklearnCsv(string file)
    {
        string path = Path.Combine(SklearnData, file);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: install Debian's python3-sklearn (./setup.sh --bench does).", path);
        return File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var v = l.Split(',');
            return (v[..^1].Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray(), int.Parse(v[^1], CultureInfo.InvariantCulture));
        }).ToList();
    }

    /// <summary>digits.csv.gz: 64 pixel values and the digit per row, no header.</summary>
    private static List<(float[] X, int Y)> ReadDigits()
    {
        string path = Path.Combine(SklearnData, "digits.csv.gz");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: install Debian's python3-sklearn (./setup.sh --bench does).", path);
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var rows = new List<(float[], int)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var v = line.Split(',');
            rows.Add((v[..^1].Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray(), (int)float.Parse(v[^1], CultureInfo.InvariantCulture)));
        }
        return rows;
    }
}
