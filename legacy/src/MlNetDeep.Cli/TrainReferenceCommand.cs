using System.Diagnostics;
using System.Globalization;
using MlNetDeep.Data;
using MlNetDeep.Data.Augmentation;
using MlNetDeep.Data.Idx;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;

namespace MlNetDeep.Cli;

/// <summary>
/// The main job for now: trains the reference CNN on Fashion-MNIST through the catalog trainer
/// (Adam, lr 1e-3, batch 128), with a progress bar, optional checkpoint/resume and model zip,
/// and prints the test accuracy.
/// </summary>
internal static class TrainReferenceCommand
{
    internal const string Usage = """
        usage: mlnetdeep train-reference [--epochs N] [--batch-size N] [--seed N] [--threads N] [--limit N] [--test-limit N]
                                         [--data DIR] [--augment] [--checkpoint FILE] [--output ZIP] [--verbose]
          Trains the reference CNN on Fashion-MNIST and prints the test accuracy.
          --epochs N         passes over the training set (default 2)
          --batch-size N     mini-batch size (default 128)
          --seed N           seed for initialization, shuffling, dropout and augmentation (default 42)
          --threads N        libtorch intra-op threads (default: processor count)
          --limit N          train on the first N images only (default: all 60,000)
          --test-limit N     evaluate on the first N test images only (default: all 10,000)
          --data DIR         directory of the IDX files (default /usr/share/datasets/fashion-mnist)
          --augment          pad-2 random crops while training
          --checkpoint FILE  checkpoint after every epoch; if FILE exists, resume from it
          --output ZIP       save the fitted model as a model zip
        exit codes: 0 success, 1 failure, 2 usage error
        """;

    internal static int Run(string[] args)
    {
        int epochs = 2, batchSize = 128, seed = 42;
        int? limit = null, testLimit = null;
        bool augment = false;
        string data = FashionMnist.DefaultDirectory;
        string? checkpoint = null, output = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value.");
            int Positive(string name)
            {
                string v = Value();
                return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
                    ? n : throw new UsageException($"{name} must be a positive integer. Received: '{v}'.");
            }
            switch (args[i])
            {
                case "--epochs": epochs = Positive("--epochs"); break;
                case "--batch-size": batchSize = Positive("--batch-size"); break;
                case "--seed": seed = Positive("--seed"); break;
                case "--threads": Engine.NumThreads = Positive("--threads"); break;
                case "--limit": limit = Positive("--limit"); break;
                case "--test-limit": testLimit = Positive("--test-limit"); break;
                case "--data": data = Value(); break;
                case "--augment": augment = true; break;
                case "--checkpoint": checkpoint = Value(); break;
                case "--output": output = Value(); break;
                case "--verbose": break;
                default: throw new UsageException($"Unknown option '{args[i]}'.");
            }
        }

        var ctx = new MLContext(seed);
        IDataView train = ctx.Data.LoadFashionMnist(train: true, data), test = ctx.Data.LoadFashionMnist(train: false, data);
        if (limit is { } l) train = ctx.Data.Cache(ctx.Data.TakeRows(train, l));
        if (testLimit is { } tl) test = ctx.Data.Cache(ctx.Data.TakeRows(test, tl));
        long rows = train.GetRowCount() ?? 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Fashion-MNIST: {rows} training and {test.GetRowCount()} test images; {Engine.NumThreads} threads."));
        if (checkpoint is not null && File.Exists(checkpoint)) Console.WriteLine($"Resuming from {checkpoint}.");

        var trainer = ctx.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Network = NetworkSpec.ReferenceCnn(), Epochs = epochs, BatchSize = batchSize, LearningRate = 1e-3, Seed = seed,
            CheckpointPath = checkpoint,
            Augmentation = augment ? new ImageAugmentationOptions { RandomCropPadding = 2 } : null,
        });
        trainer.Callbacks.Add(ConsoleProgressBar.ForConsole((int)((rows + batchSize - 1) / batchSize)));
        var clock = Stopwatch.StartNew();
        using var model = trainer.Fit(train);
        double seconds = clock.Elapsed.TotalSeconds;
        var metrics = ctx.MulticlassClassification.Evaluate(model.Transform(test));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test_accuracy={metrics.MicroAccuracy:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train_seconds={seconds:F1}"));
        if (output is not null)
        {
            ctx.Model.Save(model, train.Schema, output);
            Console.WriteLine($"model={output}");
        }
        return 0;
    }
}
