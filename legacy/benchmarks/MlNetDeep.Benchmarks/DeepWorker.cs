using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlNetDeep.Data;
using MlNetDeep.Data.Augmentation;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;

namespace MlNetDeep.Benchmarks;

/// <summary>The C# side of the deep suite: trains one model on Fashion-MNIST through the catalog and reports test accuracy and time.</summary>
internal static class DeepWorker
{
    /// <summary>The architectures of the suite (benchmarks/peers/deep.py mirrors them).</summary>
    internal static NetworkSpec Spec(string model) => model switch
    {
        "cnn" => NetworkSpec.ReferenceCnn(),
        "mlp" => NetworkSpec.Mlp([1, 28, 28], [256, 128], 10),
        "lenet5" => NetworkSpec.LeNet5(),
        "rnn_rows" => NetworkSpec.Recurrent([1, 28, 28], 10, "GRU", hidden: 128),
        _ => throw new ArgumentException($"Unknown model '{model}'."),
    };

    /// <summary>
    /// Each model's recipe (benchmarks/peers/deep.py mirrors it): epochs, Adam learning rate, label smoothing, pad-2 random-crop
    /// augmentation; and how many times the suite repeats the pair of runs (median times reported).
    /// </summary>
    internal static (int Epochs, double LearningRate, double LabelSmoothing, bool Augment, int Repeats) Recipe(string model) => model switch
    {
        "cnn" => (25, 1e-3, 0.1, true, 1),
        "mlp" => (10, 1e-3, 0, false, 5),
        "lenet5" => (20, 3e-3, 0.1, false, 3),
        "rnn_rows" => (15, 2e-3, 0, false, 1),
        _ => throw new ArgumentException($"Unknown model '{model}'."),
    };

    internal static int Run(string[] args)
    {
        string model = args[0];
        int epochs = int.Parse(args[1], CultureInfo.InvariantCulture), limit = int.Parse(args[2], CultureInfo.InvariantCulture);
        Engine.NumThreads = int.Parse(args[3], CultureInfo.InvariantCulture);
        var recipe = Recipe(model);
        var ctx = new MLContext(1);
        IDataView train = ctx.Data.LoadFashionMnist(train: true), test = ctx.Data.LoadFashionMnist(train: false);
        if (limit > 0) train = ctx.Data.Cache(ctx.Data.TakeRows(train, limit));
        var options = new DeepTrainerOptions
        {
            Network = Spec(model), Epochs = epochs, BatchSize = 128, LearningRate = recipe.LearningRate, LabelSmoothing = recipe.LabelSmoothing, Seed = 1,
            Schedule = LearningRateSchedule.Cosine,
            Augmentation = recipe.Augment ? new ImageAugmentationOptions { RandomCropPadding = 2 } : null,
        };
        var trainer = ctx.MulticlassClassification.Trainers.NeuralNetwork(options);
        var sw = Stopwatch.StartNew();
        using var fitted = trainer.Fit(train);
        double seconds = sw.Elapsed.TotalSeconds;
        double accuracy = ctx.MulticlassClassification.Evaluate(fitted.Transform(test)).MicroAccuracy;
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double> { ["train_s"] = seconds, ["test_accuracy"] = accuracy }));
        return 0;
    }
}
