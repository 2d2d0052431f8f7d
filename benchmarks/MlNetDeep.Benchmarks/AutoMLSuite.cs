using System.Globalization;
using System.IO.Compression;
using MlNetDeep.AutoML;

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
/// The 60-minute Fashion-MNIST run is not part of the suite yet.
/// </summary>
internal static class AutoMLSuite
{
    private const string SklearnData = "/usr/lib/python3/dist-packages/sklearn/datasets/data";

    internal static int Run(string[] args)
    {
        double budget = 60;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--budget") budget = double.Parse(args[++i], CultureInfo.InvariantCulture);
            else throw new ArgumentException($"Unknown option '{args[i]}'.");
        }
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
            (result.BestModel as IDisposable)?.Dispose();
        }
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
