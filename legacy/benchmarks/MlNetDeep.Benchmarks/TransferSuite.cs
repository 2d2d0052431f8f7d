using System.Diagnostics;
using System.Globalization;
using MlNetDeep.Classical.Linear;
using MlNetDeep.Classical.Svm;
using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Training;
using MlNetDeep.Deep.Transfer;
using MlNetDeep.Torch;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// Issue 9's transfer benchmark. The shipped backbone (models/fmnist-0-4-cnn.zip, the reference
/// CNN trained on Fashion-MNIST classes 0–4) meets five new classes (5–9: Sandal, Shirt,
/// Sneaker, Bag, Ankle boot) with 100 labelled training images each, and is tested on all
/// 5,000 test images of those classes. Variants: <c>scratch</c> (the same network from random
/// initialization, same recipe), <c>frozen_logreg</c> and <c>frozen_svm</c> (the backbone's
/// 128-d features into logistic regression / an RBF SVM), <c>finetune</c> (new head, the whole
/// network continuing backpropagation at the same rate), <c>finetune_backbone_0.1</c> (the
/// backbone at a tenth of the head's rate, the options' default) and <c>gradual</c> (head
/// first, one more block every quarter of the epochs); then <c>distill</c>: TinyCnn taught by
/// the fine-tuned network on the same 500 images, beside TinyCnn on the labels alone. The deep
/// variants share one recipe (40 epochs, batch 50, Adam 3e-3, cosine, pad-2 random crops) and
/// print the mean over seeds 1–3 (the spread is about half a point). Prints
/// transfer.&lt;variant&gt;.test_accuracy and train_s, distill.student_accuracy and
/// distill.student_params_ratio (student / teacher).
/// </summary>
internal static class TransferSuite
{
    internal const int Epochs = 40;
    internal const int PerClass = 100;

    private static DeepTrainerOptions Recipe => new()
    {
        Epochs = Epochs, BatchSize = 50, LearningRate = 3e-3, Schedule = LearningRateSchedule.Cosine, Seed = 1,
        Augmentation = new Data.Augmentation.ImageAugmentationOptions { RandomCropPadding = 2 },
    };

    internal static int Run(string[] args)
    {
        Engine.NumThreads = Environment.ProcessorCount;
        var backbone = Backbone.FromModelFile(Path.Combine(Bench.FindUp("benchmarks"), "..", "models", "fmnist-0-4-cnn.zip"));
        var ctx = new MLContext(1);
        int[] classes = [5, 6, 7, 8, 9];
        var train = ctx.Data.LoadFashionMnist(train: true, classes: classes, perClass: PerClass);
        var test = ctx.Data.LoadFashionMnist(train: false, classes: classes);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"transfer.train_images={train.GetRowCount()}"));
        Console.WriteLine(string.Create(inv, $"transfer.test_images={test.GetRowCount()}"));

        NeuralClassifierModel? teacher = null;
        double Report(string variant, int[] seeds, Func<int, ITransformer> fit)
        {
            double accuracy = 0, seconds = 0;
            foreach (int seed in seeds)
            {
                var sw = Stopwatch.StartNew();
                var model = fit(seed);
                seconds += sw.Elapsed.TotalSeconds / seeds.Length;
                double a = ctx.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;
                accuracy += a / seeds.Length;
                if (seeds.Length > 1) Console.WriteLine(string.Create(inv, $"transfer.{variant}.seed{seed}.test_accuracy={a:F4}"));
                if (variant == "finetune" && seed == 1) teacher = (NeuralClassifierModel)model;
                else (model as IDisposable)?.Dispose();
            }
            Console.WriteLine(string.Create(inv, $"transfer.{variant}.test_accuracy={accuracy:F4}"));
            Console.WriteLine(string.Create(inv, $"transfer.{variant}.train_s={seconds:F1}"));
            return accuracy;
        }

        int[] three = [1, 2, 3], one = [1];
        double scratch = Report("scratch", three, seed => ctx.MulticlassClassification.Trainers.NeuralNetwork(Recipe with { Network = NetworkSpec.ReferenceCnn(classes.Length), Seed = seed }).Fit(train));
        Report("frozen_logreg", one, _ => ctx.Transforms.ExtractNetworkFeatures(backbone)
            .Append(ctx.MulticlassClassification.Trainers.LogisticRegression(l2Regularization: 1, maximumIterations: 200)).Fit(train));
        Report("frozen_svm", one, _ => ctx.Transforms.ExtractNetworkFeatures(backbone)
            .Append(ctx.MulticlassClassification.Trainers.Svm(kernel: SvmKernel.Rbf, c: 10)).Fit(train));
        double finetune = Report("finetune", three, seed => ctx.MulticlassClassification.Trainers.FineTune(backbone, Options(seed)).Fit(train));
        Report("finetune_backbone_0.1", three, seed => ctx.MulticlassClassification.Trainers.FineTune(backbone, Options(seed) with { BackboneLearningRateFactor = 0.1 }).Fit(train));
        Report("gradual", three, seed => ctx.MulticlassClassification.Trainers.FineTune(backbone, Options(seed) with { TrainableBlocks = 0, UnfreezeEveryEpochs = Epochs / 4 }).Fit(train));
        Console.WriteLine(string.Create(inv, $"transfer.finetune_minus_scratch={finetune - scratch:F4}"));

        NeuralClassifierModel? student = null;
        var sw = Stopwatch.StartNew();
        student = ctx.MulticlassClassification.Trainers.Distill(teacher!, new DistillationOptions
        {
            Epochs = Recipe.Epochs, BatchSize = Recipe.BatchSize, LearningRate = Recipe.LearningRate, Schedule = Recipe.Schedule, Seed = 1, Augmentation = Recipe.Augmentation,
        }).Fit(train);
        double distilled = ctx.MulticlassClassification.Evaluate(student.Transform(test)).MicroAccuracy;
        long Params(NeuralClassifierModel m) => m.Network.Parameters().Sum(p => p.NumberOfElements);
        Console.WriteLine(string.Create(inv, $"distill.student_accuracy={distilled:F4}"));
        Console.WriteLine(string.Create(inv, $"distill.teacher_accuracy={ctx.MulticlassClassification.Evaluate(teacher!.Transform(test)).MicroAccuracy:F4}"));
        Console.WriteLine(string.Create(inv, $"distill.student_params_ratio={Params(student) / (double)Params(teacher!):F4}"));
        Console.WriteLine(string.Create(inv, $"distill.train_s={sw.Elapsed.TotalSeconds:F1}"));
        // The same small network on the labels alone, to show what the teacher adds.
        var alone = ctx.MulticlassClassification.Trainers.NeuralNetwork(Recipe with { Network = NetworkSpec.TinyCnn(classes.Length) }).Fit(train);
        Console.WriteLine(string.Create(inv, $"distill.student_alone_accuracy={ctx.MulticlassClassification.Evaluate(alone.Transform(test)).MicroAccuracy:F4}"));
        return 0;

        FineTuneOptions Options(int seed) => new()
        {
            Epochs = Recipe.Epochs, BatchSize = Recipe.BatchSize, LearningRate = Recipe.LearningRate, Schedule = Recipe.Schedule, Seed = seed,
            Augmentation = Recipe.Augmentation, BackboneLearningRateFactor = 1,
        };
    }
}
