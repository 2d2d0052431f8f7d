using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using MlNetDeep.Data.Augmentation;
using MlNetDeep.Data.Idx;
using MlNetDeep.Networks;
using MlNetDeep.Trainers;
using MlNetDeep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// The C# side of the deep suite. <c>catalog</c>: trains one model on Fashion-MNIST through
/// <c>ml.MulticlassClassification.Trainers</c> from the IDataView and reports the fit time and test
/// accuracy. <c>bare</c>: the same network and recipe as a plain TorchSharp loop over ready-made
/// tensors (the denominator of the pipeline overhead).
/// </summary>
internal static class DeepWorker
{
    /// <summary>The architectures of the suite (benchmarks/peers/deep.py mirrors them).</summary>
    internal static NetworkSpec Spec(string model) => model switch
    {
        "cnn" => NetworkSpec.ReferenceCnn(),
        "mlp" => NetworkSpec.Mlp([1, 28, 28], [256, 128], 10),
        "lenet5" => NetworkSpec.LeNet5(),
        _ => throw new ArgumentException($"Unknown model '{model}'."),
    };

    /// <summary>
    /// Each model's recipe (benchmarks/peers/deep.py mirrors it): epochs, Adam learning rate, label smoothing, pad-2 random-crop
    /// augmentation; and how many times the suite repeats the pair of runs (median times reported).
    /// </summary>
    internal static (int Epochs, double LearningRate, double LabelSmoothing, bool Augment, int Repeats) Recipe(string model) => model switch
    {
        "cnn" => (40, 1e-3, 0.1, true, 1),
        "mlp" => (10, 1e-3, 0, false, 5),
        "lenet5" => (20, 3e-3, 0.1, false, 3),
        _ => throw new ArgumentException($"Unknown model '{model}'."),
    };

    internal static int Run(string[] args)
    {
        string mode = args[0], model = args[1];
        int epochs = int.Parse(args[2], CultureInfo.InvariantCulture), limit = int.Parse(args[3], CultureInfo.InvariantCulture);
        torch.set_num_threads(int.Parse(args[4], CultureInfo.InvariantCulture));
        var result = mode == "bare" ? Bare(model, epochs, limit) : Catalog(model, epochs, limit);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static Dictionary<string, double> Catalog(string model, int epochs, int limit)
    {
        var recipe = Recipe(model);
        var ml = new MLContext(1);
        IDataView train = ml.Data.LoadFashionMnist(train: true, limit: limit > 0 ? limit : null), test = ml.Data.LoadFashionMnist(train: false);
        var trainer = ml.MulticlassClassification.Trainers.NeuralNetwork(new DeepMulticlassTrainer.Options
        {
            Network = Spec(model), Epochs = epochs, BatchSize = 128, LearningRate = recipe.LearningRate, LabelSmoothing = recipe.LabelSmoothing, Seed = 1,
            Schedule = LearningRateSchedule.Cosine, Device = "cpu",
            Augmentation = recipe.Augment ? new ImageAugmentationOptions { RandomCropPadding = 2 } : null,
        });
        var clock = Stopwatch.StartNew();
        var fitted = trainer.Fit(train);
        double seconds = clock.Elapsed.TotalSeconds;
        double accuracy = ml.MulticlassClassification.Evaluate(fitted.Transform(test)).MicroAccuracy;
        return new() { ["train_s"] = seconds, ["test_accuracy"] = accuracy };
    }

    /// <summary>The same training written directly against TorchSharp, over tensors loaded before the clock starts.</summary>
    private static Dictionary<string, double> Bare(string model, int epochs, int limit)
    {
        var recipe = Recipe(model);
        var (ishape, ibytes) = IdxFile.ReadBytes(FashionMnist.Find(FashionMnist.DefaultDirectory, "train-images-idx3-ubyte"));
        var (_, lbytes) = IdxFile.ReadBytes(FashionMnist.Find(FashionMnist.DefaultDirectory, "train-labels-idx1-ubyte"));
        int n = limit > 0 ? Math.Min(limit, ishape[0]) : ishape[0];
        var x = tensor(ibytes.AsSpan(0, n * 784).ToArray()).to(float32).div(255).view(n, 1, 28, 28);
        var y = tensor(lbytes.AsSpan(0, n).ToArray()).to(int64);
        random.manual_seed(1);
        var net = Spec(model).Build();
        var optimizer = optim.Adam(net.parameters(), recipe.LearningRate);
        var augmentation = new ImageAugmentationOptions { RandomCropPadding = 2 };
        using var generator = new Generator(1);
        long perEpoch = (n + 127) / 128, total = perEpoch * epochs, step = 0;
        var clock = Stopwatch.StartNew();
        net.train();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            using var order = randperm(n, generator: generator);
            for (long start = 0; start < n; start += 128)
            {
                using var scope = NewDisposeScope();
                var rows = order.narrow(0, start, Math.Min(128, n - start));
                var xb = x.index_select(0, rows);
                if (recipe.Augment) xb = ImageAugmenter.Apply(xb, augmentation, generator);
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = recipe.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * step / total)); // per-step cosine to 0
                var loss = nn.functional.cross_entropy(net.forward(xb), y.index_select(0, rows), label_smoothing: recipe.LabelSmoothing);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                step++;
            }
        }
        return new() { ["train_s"] = clock.Elapsed.TotalSeconds };
    }
}
