using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetDeep.Networks;
using MlNetDeep.Trainers;
using MlNetDeep.Training;
using Xunit;

namespace MlNetDeep.Tests;

/// <summary>Tiny problems every task must learn: XOR, generated shapes, road angles, independent labels.</summary>
public class ConvergenceTests
{
    private const int Side = 16;

    private static NetworkSpec SmallCnn(int outputs) => new([1, Side, Side],
    [
        new("Conv2d", In: 1, Out: 8, Kernel: 3, Padding: 1), new("ReLU"), new("MaxPool2d", Kernel: 2),
        new("Conv2d", In: 8, Out: 16, Kernel: 3, Padding: 1), new("ReLU"), new("MaxPool2d", Kernel: 2),
        new("Flatten"), new("Linear", In: 16 * 4 * 4, Out: 32), new("ReLU"), new("Linear", In: 32, Out: outputs),
    ]);

    [Fact]
    public void TheMlpLearnsXorAsABinaryClassifier()
    {
        var ml = new MLContext(1);
        float[][] x = [[0, 0], [0, 1], [1, 0], [1, 1]];
        bool[] y = [false, true, true, false];
        var data = TestData.Boolean(ml, Enumerable.Repeat(x, 50).SelectMany(r => r).ToArray(), Enumerable.Repeat(y, 50).SelectMany(r => r).ToArray());
        var model = ml.BinaryClassification.Trainers.Mlp(new DeepBinaryTrainer.Options { Epochs = 60, BatchSize = 8, LearningRate = 1e-2, Seed = 1 }, hiddenSizes: [16]).Fit(data);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(TestData.Boolean(ml, x, y)));
        Assert.Equal(1, metrics.Accuracy);
        Assert.True(metrics.LogLoss < 0.2, $"log-loss {metrics.LogLoss}");
        var probabilities = model.Transform(TestData.Boolean(ml, x, y)).GetColumn<float>("Probability").ToArray();
        Assert.True(probabilities[1] > 0.9 && probabilities[0] < 0.1, string.Join(", ", probabilities));
    }

    [Fact]
    public void TheCnnClassifiesGeneratedShapesAbove95Percent()
    {
        var ml = new MLContext(1);
        IDataView View((float[][] P, uint[] L) d) => TestData.Keyed(ml, d.P, d.L, Shapes.Names, 1, Side, Side);
        var trainer = ml.MulticlassClassification.Trainers.NeuralNetwork(new DeepMulticlassTrainer.Options
        {
            Network = SmallCnn(4), Epochs = 15, BatchSize = 32, LearningRate = 3e-3, Seed = 2, Schedule = LearningRateSchedule.Cosine,
        });
        var model = trainer.Fit(View(Shapes.Make(800, Side, 1)));
        double accuracy = ml.MulticlassClassification.Evaluate(model.Transform(View(Shapes.Make(400, Side, 2)))).MicroAccuracy;
        Assert.True(accuracy > 0.95, $"accuracy on unseen shapes {accuracy:F3}");
    }

    /// <summary>The lectures' steering-angle demo: an image of a road line from the bottom centre at an angle in [-45°, 45°], the angle in radians out.</summary>
    private static (float[][] Pixels, float[] Angles) Roads(int n, int seed)
    {
        var rng = new Random(seed);
        var pixels = new float[n][];
        var angles = new float[n];
        for (int i = 0; i < n; i++)
        {
            var img = new float[Side * Side];
            double a = (rng.NextDouble() * 2 - 1) * Math.PI / 4;
            for (double t = 0; t < Side; t += 0.25)
            {
                int x = (int)Math.Round(Side / 2.0 + t * Math.Sin(a)), y = (int)Math.Round(Side - 1 - t * Math.Cos(a));
                if (x is >= 0 and < Side && y is >= 0 and < Side) img[y * Side + x] = 1f;
            }
            pixels[i] = img;
            angles[i] = (float)a;
        }
        return (pixels, angles);
    }

    [Fact]
    public void RegressionLearnsTheRoadAngle()
    {
        var ml = new MLContext(1);
        var (px, py) = Roads(600, 1);
        var (tx, ty) = Roads(200, 2);
        var trainer = ml.Regression.Trainers.NeuralNetwork(new DeepRegressionTrainer.Options
        {
            Network = SmallCnn(1), Epochs = 20, BatchSize = 32, LearningRate = 3e-3, Seed = 3, Schedule = LearningRateSchedule.Cosine,
        });
        var model = trainer.Fit(TestData.Single(ml, px, py, 1, Side, Side));
        var metrics = ml.Regression.Evaluate(model.Transform(TestData.Single(ml, tx, ty, 1, Side, Side)));
        // Angles span ±0.785 rad (variance 0.21); within a few degrees is learnt.
        Assert.True(metrics.RSquared > 0.95, $"R² {metrics.RSquared:F3}, MAE {metrics.MeanAbsoluteError:F3}");
        Assert.True(metrics.MeanAbsoluteError < 0.08, $"MAE {metrics.MeanAbsoluteError:F3} rad");
    }

    [Fact]
    public void MultiLabelLearnsWhichShapesAnImageHolds()
    {
        var ml = new MLContext(1);
        (float[][], bool[][]) Images(int n, int seed)
        {
            // Each image holds any subset of {horizontal bar at the top, vertical bar at the left, dot at the bottom right}.
            var rng = new Random(seed);
            var x = new float[n][];
            var y = new bool[n][];
            for (int i = 0; i < n; i++)
            {
                var img = new float[Side * Side];
                for (int p = 0; p < img.Length; p++) img[p] = (float)rng.NextDouble() * 0.2f;
                var labels = new[] { rng.Next(2) == 1, rng.Next(2) == 1, rng.Next(2) == 1 };
                int shift = rng.Next(3);
                if (labels[0]) for (int k = 2; k < 10; k++) img[(1 + shift) * Side + k + shift] = 1;
                if (labels[1]) for (int k = 4; k < 12; k++) img[(k + shift) * Side + 1 + shift] = 1;
                if (labels[2]) { img[(12 + shift) * Side + 12 + shift] = 1; img[(12 + shift) * Side + 11 + shift] = 1; }
                (x[i], y[i]) = (img, labels);
            }
            return (x, y);
        }
        var (trainX, trainY) = Images(600, 1);
        var (testX, testY) = Images(200, 2);
        var trainer = ml.MultiLabelClassification.Trainers.NeuralNetwork(new DeepMultiLabelTrainer.Options
        {
            Network = SmallCnn(3), Epochs = 15, BatchSize = 32, LearningRate = 3e-3, Seed = 4,
        });
        var model = trainer.Fit(TestData.MultiLabel(ml, trainX, trainY, 1, Side, Side));
        var metrics = ml.MultiLabelClassification.Evaluate(model.Transform(TestData.MultiLabel(ml, testX, testY, 1, Side, Side)));
        Assert.True(metrics.SubsetAccuracy > 0.9, $"subset accuracy {metrics.SubsetAccuracy:F3}, Hamming loss {metrics.HammingLoss:F3}");
        Assert.All(metrics.PerLabelF1, f => Assert.True(f > 0.9, $"F1 {f:F3}"));
        Assert.Equal(3, model.LabelNames.Count);
    }
}
