using Microsoft.ML;
using MlNetDeep.Networks;
using MlNetDeep.Trainers;
using MlNetDeep.Training;
using TorchSharp;
using Xunit;

namespace MlNetDeep.Tests;

/// <summary>Runs alone: it counts the process's live tensors, which other tests would move.</summary>
[CollectionDefinition(nameof(TensorCounting), DisableParallelization = true)]
public sealed class TensorCounting;

/// <summary>The live tensor count stays flat over 2,000 training steps (every step's tensors are disposed).</summary>
[Collection(nameof(TensorCounting))]
public class LeakTests
{
    private sealed class Sampler : TrainingCallback
    {
        public List<long> Counts { get; } = [];
        public int Steps { get; private set; }

        public override void OnBatchEnd(TrainingLogs logs)
        {
            if (++Steps % 100 == 0) Counts.Add(torch.Tensor.TotalCount);
        }
    }

    [Fact]
    public void TheLiveTensorCountStaysFlatOver2000Steps()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var ml = new MLContext(1);
        var data = TestData.ThreeClasses(ml, 800, 1, 2, 2, 2);
        var sampler = new Sampler();
        var trainer = ml.MulticlassClassification.Trainers.NeuralNetwork(new DeepMulticlassTrainer.Options
        {
            Network = new NetworkSpec([2, 2, 2], [new("Conv2d", In: 2, Out: 4, Kernel: 1), new("BatchNorm2d", Out: 4), new("ReLU"), new("Flatten"), new("Dropout", P: 0.1), new("Linear", In: 16, Out: 3)]),
            Epochs = 30, BatchSize = 10, Seed = 1, ValidationFraction = 0.1, Schedule = LearningRateSchedule.Cosine, GradientClipNorm = 5,
            Augmentation = new MlNetDeep.Data.Augmentation.ImageAugmentationOptions { HorizontalFlip = true, RandomCropPadding = 1 },
        });
        trainer.Callbacks.Add(sampler);
        var model = trainer.Fit(data);
        Assert.True(sampler.Steps >= 2000, $"{sampler.Steps} steps");
        // After the first epochs' warm-up (optimizer state, the in-memory data), the count never grows
        // (it may fall: the finalizer frees other tests' garbage tensors meanwhile).
        var settled = sampler.Counts.Skip(3).ToList();
        Assert.True(settled.Max() <= settled[0] + 10, string.Join(", ", sampler.Counts));

        long before = torch.Tensor.TotalCount;
        for (int i = 0; i < 20; i++) ml.MulticlassClassification.Evaluate(model.Transform(data));
        Assert.InRange(torch.Tensor.TotalCount - before, -10, 10);
    }
}
