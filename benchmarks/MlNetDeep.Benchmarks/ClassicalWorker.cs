using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlNetDeep.Classical.Linear;
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
        Torch.Engine.NumThreads = threads;
        var ctx = new MLContext(1);
        IDataView train = ctx.Data.LoadFashionMnist(train: true), test = ctx.Data.LoadFashionMnist(train: false);
        if (limit > 0) train = ctx.Data.Cache(ctx.Data.TakeRows(train, limit));
        IEstimator<ITransformer> trainer = learner switch
        {
            // The parameters of benchmarks/peers/classical.py.
            "xgboost" => ctx.MulticlassClassification.Trainers.XGBoost(new XGBoostOptions
            {
                NumberOfRounds = rounds, LearningRate = 0.3, MaxDepth = 6, MaxBins = 256, NumberOfThreads = threads, Seed = 1,
            }),
            "logreg" => ctx.MulticlassClassification.Trainers.LogisticRegression(l2Regularization: 1, maximumIterations: 100),
            _ => throw new ArgumentException($"Unknown learner '{learner}'."),
        };
        var sw = Stopwatch.StartNew();
        var fitted = trainer.Fit(train);
        double seconds = sw.Elapsed.TotalSeconds;
        double accuracy = ctx.MulticlassClassification.Evaluate(fitted.Transform(test)).MicroAccuracy;
        var result = new Dictionary<string, double> { ["train_s"] = seconds, ["test_accuracy"] = accuracy };
        if (fitted is LinearModel { TrainingReport: { } report })
        {
            Console.Error.WriteLine(report);
            result["iterations"] = int.Parse(System.Text.RegularExpressions.Regex.Match(report, @"(\d+) iterations").Groups[1].Value, CultureInfo.InvariantCulture);
        }
        (fitted as IDisposable)?.Dispose();
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }
}
