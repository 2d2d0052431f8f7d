using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlNetDeep.Classical.Clustering;
using MlNetDeep.Classical.Linear;
using MlNetDeep.Classical.Svm;
using MlNetDeep.Classical.Trees;
using MlNetDeep.Data;

namespace MlNetDeep.Benchmarks;

/// <summary>The C# side of the classical suite: fits one learner on Fashion-MNIST through the catalog and reports test accuracy and time.</summary>
internal static class ClassicalWorker
{
    internal static int Run(string[] args)
    {
        string learner = args[0];
        int limit = int.Parse(args[1], CultureInfo.InvariantCulture), threads = int.Parse(args[2], CultureInfo.InvariantCulture);
        int rounds = int.Parse(args[3], CultureInfo.InvariantCulture);
        // Only the learners that run libtorch kernels load it: its OpenMP pool would otherwise sit beside XGBoost's.
        if (learner is "logreg" or "svm_rbf" or "svm_rbf_full") Torch.Engine.NumThreads = threads;
        var ctx = new MLContext(1);
        IDataView train = ctx.Data.LoadFashionMnist(train: true), test = ctx.Data.LoadFashionMnist(train: false);
        // The RBF SVM trains on a fixed subset: the first 10,000 images (svm_rbf_full: all of them).
        if (learner == "svm_rbf" && limit == 0) limit = 10_000;
        if (limit > 0) train = ctx.Data.Cache(ctx.Data.TakeRows(train, limit));
        IEstimator<ITransformer> trainer = learner switch
        {
            // The parameters of benchmarks/peers/classical.py.
            "xgboost" => ctx.MulticlassClassification.Trainers.XGBoost(new XGBoostOptions
            {
                NumberOfRounds = rounds, LearningRate = 0.3, MaxDepth = 6, MaxBins = 256, NumberOfThreads = threads, Seed = 1,
            }),
            "logreg" => ctx.MulticlassClassification.Trainers.LogisticRegression(l2Regularization: 1, maximumIterations: 100),
            // k = 10 from the same initial centres as scikit-learn: training rows 0, n/10, 2n/10, ...
            "kmeans" => ctx.Clustering.Trainers.KMeans(new KMeansOptions { NumberOfClusters = 10, InitialCenters = EveryTenth(train) }),
            "svm_rbf" or "svm_rbf_full" => ctx.MulticlassClassification.Trainers.Svm(new SvmOptions { C = 10, CacheSizeMb = 200 }),
            _ => throw new ArgumentException($"Unknown learner '{learner}'."),
        };
        var sw = Stopwatch.StartNew();
        var fitted = trainer.Fit(train);
        double seconds = sw.Elapsed.TotalSeconds;
        var result = new Dictionary<string, double> { ["train_s"] = seconds };
        if (fitted is KMeansModel km)
        {
            result["test_accuracy"] = Purity(ctx, km.Transform(test));
            result["iterations"] = km.Iterations!.Value;
            result["inertia"] = km.Inertia!.Value;
        }
        else
        {
            result["test_accuracy"] = ctx.MulticlassClassification.Evaluate(fitted.Transform(test)).MicroAccuracy;
        }
        if (fitted is SvmModel svm) result["support_vectors"] = svm.SupportVectorCount;
        if (fitted is LinearModel { TrainingReport: { } report })
        {
            Console.Error.WriteLine(report);
            result["iterations"] = int.Parse(System.Text.RegularExpressions.Regex.Match(report, @"(\d+) iterations").Groups[1].Value, CultureInfo.InvariantCulture);
        }
        (fitted as IDisposable)?.Dispose();
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static float[][] EveryTenth(IDataView train)
    {
        long n = train.GetRowCount() ?? throw new InvalidOperationException("The training view has no row count.");
        var rows = new List<float[]>();
        var col = train.Schema["Features"];
        using var cursor = train.GetRowCursor([col]);
        var get = cursor.GetGetter<VBuffer<float>>(col);
        VBuffer<float> v = default;
        while (cursor.MoveNext() && rows.Count < 10)
        {
            if (cursor.Position % (n / 10) != 0) continue;
            get(ref v);
            rows.Add(v.ToArray());
        }
        return rows.ToArray();
    }

    /// <summary>Share of rows whose cluster's majority class is their class (benchmarks/peers/classical.py computes the same).</summary>
    private static double Purity(MLContext ctx, IDataView scored)
    {
        var pairs = ctx.Data.CreateEnumerable<ClusterAndLabel>(scored, reuseRowObject: false).ToList();
        return pairs.GroupBy(p => p.PredictedLabel).Sum(g => g.GroupBy(p => p.Label).Max(c => c.Count())) / (double)pairs.Count;
    }

    private sealed class ClusterAndLabel
    {
        public uint PredictedLabel { get; set; }
        public uint Label { get; set; }
    }
}
