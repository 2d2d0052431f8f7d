using Microsoft.ML;
using MlNetDeep.Trainers;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace MlNetDeep.Tests;

/// <summary>Bring your own module: a hand-written TorchSharp module trains through the catalog and scores like ours.</summary>
public class TorchModuleTests
{
    /// <summary>What a TorchSharp user writes: a module with its own layers and forward.</summary>
    private sealed class TwoTower : nn.Module<Tensor, Tensor>
    {
        private readonly Linear left, right, head;

        public TwoTower() : base(nameof(TwoTower))
        {
            left = nn.Linear(4, 16);
            right = nn.Linear(4, 16);
            head = nn.Linear(32, 3);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) // x: [B, 2, 4]
        {
            var l = nn.functional.relu(left.forward(x[.., 0]));
            var r = nn.functional.relu(right.forward(x[.., 1]));
            return head.forward(cat([l, r], 1));
        }
    }

    [Fact]
    public void AHandWrittenModuleTrainsThroughTheCatalog()
    {
        var ml = new MLContext(1);
        var data = TestData.ThreeClasses(ml, 600, 1);
        int created = 0;
        var trainer = ml.MulticlassClassification.Trainers.TorchModule(() => { created++; return new TwoTower(); },
            new DeepMulticlassTrainer.Options { InputShape = [2, 4], Epochs = 30, LearningRate = 1e-2, BatchSize = 32, Seed = 1 });
        var model = trainer.Fit(data);
        Assert.Equal(1, created);
        Assert.IsType<TwoTower>(model.Network);
        Assert.Null(model.Spec);
        Assert.Equal([2L, 4], model.InputShape);
        double accuracy = ml.MulticlassClassification.Evaluate(model.Transform(TestData.ThreeClasses(ml, 300, 2))).MicroAccuracy;
        Assert.True(accuracy > 0.85, $"accuracy {accuracy:F3}");
    }

    [Fact]
    public void AModuleThatDoesNotFitIsNamedBeforeTraining()
    {
        var ml = new MLContext(1);
        var data = TestData.ThreeClasses(ml, 30, 1);
        var wrongOutputs = ml.MulticlassClassification.Trainers.TorchModule(() => nn.Sequential(nn.Linear(8, 5)));
        Assert.Equal("The module outputs [5] per row; the label 'Label' needs [3] (3 classes).", Assert.Throws<ArgumentException>(() => wrongOutputs.Fit(data)).Message);
        var wrongInputs = ml.MulticlassClassification.Trainers.TorchModule(() => nn.Sequential(nn.Linear(7, 3)));
        Assert.StartsWith("The module does not accept a row shaped [8]", Assert.Throws<ArgumentException>(() => wrongInputs.Fit(data)).Message);
        var badShape = ml.MulticlassClassification.Trainers.TorchModule(() => nn.Sequential(nn.Linear(8, 3)), inputShape: [3, 3]);
        Assert.Contains("InputShape [3, 3]", Assert.Throws<MlNetDeep.Schema.SchemaMismatchException>(() => badShape.Fit(data)).Message);
    }
}
