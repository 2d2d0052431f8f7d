using System.Diagnostics;
using System.Globalization;
using MlNetDeep.Data.Idx;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Models;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;

namespace MlNetDeep.Cli;

/// <summary>
/// The main job for now: trains <see cref="ReferenceCnn"/> on Fashion-MNIST with Adam
/// (lr 1e-3, batch 128) and prints the test accuracy.
/// </summary>
internal static class TrainReferenceCommand
{
    internal const string Usage = """
        usage: mlnetdeep train-reference [--epochs N] [--batch-size N] [--seed N] [--threads N] [--limit N] [--data DIR] [--verbose]
          Trains the reference CNN on Fashion-MNIST and prints the test accuracy.
          --epochs N       passes over the training set (default 2)
          --batch-size N   mini-batch size (default 128)
          --seed N         seed for initialization, shuffling and dropout (default 42)
          --threads N      libtorch intra-op threads (default: processor count)
          --limit N        train on the first N images only (default: all 60,000)
          --data DIR       directory of the IDX files (default /usr/share/datasets/fashion-mnist)
        """;

    internal static int Run(string[] args)
    {
        int epochs = 2, batchSize = 128, seed = 42;
        int? limit = null;
        string data = FashionMnist.DefaultDirectory;
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
                case "--data": data = Value(); break;
                case "--verbose": break;
                default: throw new UsageException($"Unknown option '{args[i]}'.");
            }
        }

        Engine.ManualSeed(seed);
        var (trainX, trainY) = FashionMnist.Load(train: true, data, limit);
        var (testX, testY) = FashionMnist.Load(train: false, data);
        long n = trainX.Size(0);
        Console.WriteLine($"Fashion-MNIST: {n} training and {testX.Size(0)} test images; {Engine.NumThreads} threads.");

        using var model = new ReferenceCnn();
        using var optimizer = new Adam(model.Parameters(), learningRate: 1e-3);
        var total = Stopwatch.StartNew();
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            model.Train();
            var watch = Stopwatch.StartNew();
            double lossSum = 0;
            int batches = 0;
            using Tensor order = Tensors.RandPerm(n);
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = Engine.NewDisposeScope();
                Tensor idx = order.Narrow(0, start, Math.Min(batchSize, n - start));
                Tensor x = trainX.IndexSelect(0, idx), y = trainY.IndexSelect(0, idx);
                Tensor loss = Functional.CrossEntropy(model.Forward(x), y);
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
                lossSum += loss.ToDouble();
                batches++;
            }
            double acc = Accuracy(model, testX, testY);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}/{epochs}: train loss {lossSum / batches:F4}, test accuracy {acc:P2}, {n / watch.Elapsed.TotalSeconds:F0} samples/s"));
        }
        double final = Accuracy(model, testX, testY);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test_accuracy={final:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train_seconds={total.Elapsed.TotalSeconds:F1}"));
        foreach (var t in new[] { trainX, trainY, testX, testY }) t.Dispose();
        return 0;
    }

    /// <summary>Fraction of <paramref name="x"/> classified as <paramref name="y"/>, in evaluation mode.</summary>
    private static double Accuracy(Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        model.Eval();
        long correct = 0, n = x.Size(0);
        using (Engine.NoGrad())
        {
            for (long start = 0; start < n; start += 1000)
            {
                using var scope = Engine.NewDisposeScope();
                long len = Math.Min(1000, n - start);
                Tensor pred = model.Forward(x.Narrow(0, start, len)).ArgMax(1);
                correct += pred.Eq(y.Narrow(0, start, len)).Sum().ToInt64();
            }
        }
        return (double)correct / n;
    }
}
