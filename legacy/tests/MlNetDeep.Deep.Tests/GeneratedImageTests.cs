using MlNetDeep.Data;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Training;
using Xunit;

namespace MlNetDeep.Deep.Tests;

/// <summary>
/// The CNN on generated images the issue names: shapes (bar, cross, box outline at random
/// places, with noise) classified above 95% on unseen images, and the lectures'
/// steering-angle demo — an image of a road line at an angle in, the angle out.
/// </summary>
public class GeneratedImageTests
{
    private const int Side = 16;

    private static void Set(float[] img, int x, int y)
    {
        if (x is >= 0 and < Side && y is >= 0 and < Side) img[y * Side + x] = 1f;
    }

    /// <summary>Class 0: horizontal bar; 1: vertical bar; 2: cross; 3: box outline. Random size and place, noise 0..0.3.</summary>
    private static (float[] Pixels, uint[] Labels) Shapes(int n, int seed)
    {
        var rng = new Random(seed);
        var pixels = new float[n * Side * Side];
        var labels = new uint[n];
        for (int i = 0; i < n; i++)
        {
            var img = new float[Side * Side];
            for (int p = 0; p < img.Length; p++) img[p] = (float)rng.NextDouble() * 0.3f;
            int cls = rng.Next(4), len = rng.Next(5, 9), x0 = rng.Next(1, Side - len), y0 = rng.Next(1, Side - len);
            for (int k = 0; k < len; k++)
            {
                switch (cls)
                {
                    case 0: Set(img, x0 + k, y0 + len / 2); break;
                    case 1: Set(img, x0 + len / 2, y0 + k); break;
                    case 2: Set(img, x0 + k, y0 + len / 2); Set(img, x0 + len / 2, y0 + k); break;
                    default: Set(img, x0 + k, y0); Set(img, x0 + k, y0 + len - 1); Set(img, x0, y0 + k); Set(img, x0 + len - 1, y0 + k); break;
                }
            }
            img.CopyTo(pixels, i * Side * Side);
            labels[i] = (uint)cls + 1;
        }
        return (pixels, labels);
    }

    private static NetworkSpec SmallCnn(int outputs) => new([1, Side, Side],
    [
        new("Conv2d", In: 1, Out: 8, Kernel: 3, Padding: 1), new("ReLU"), new("MaxPool2d", Kernel: 2),
        new("Conv2d", In: 8, Out: 16, Kernel: 3, Padding: 1), new("ReLU"), new("MaxPool2d", Kernel: 2),
        new("Flatten"), new("Linear", In: 16 * 4 * 4, Out: 32), new("ReLU"), new("Linear", In: 32, Out: outputs),
    ]);

    [Fact]
    public void TheCnnClassifiesGeneratedShapesAbove95Percent()
    {
        string[] names = ["bar", "column", "cross", "box"];
        IDataView View((float[] P, uint[] L) d) => new InMemoryDataViewBuilder().AddVector("Features", d.P, 1, Side, Side).AddKey("Label", d.L, names).Build();
        var ctx = new MLContext(1);
        var trainer = ctx.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Network = SmallCnn(4), Epochs = 15, BatchSize = 32, LearningRate = 3e-3, Seed = 2, Schedule = LearningRateSchedule.Cosine,
        });
        using var model = trainer.Fit(View(Shapes(800, 1)));
        double accuracy = ctx.MulticlassClassification.Evaluate(model.Transform(View(Shapes(400, 2)))).MicroAccuracy;
        Assert.True(accuracy > 0.95, $"accuracy on unseen shapes {accuracy:F3}");
    }

    /// <summary>A road line from the bottom centre at an angle in [-45°, 45°] from vertical; the label is the angle in radians.</summary>
    private static (float[] Pixels, float[] Angles) Roads(int n, int seed)
    {
        var rng = new Random(seed);
        var pixels = new float[n * Side * Side];
        var angles = new float[n];
        for (int i = 0; i < n; i++)
        {
            var img = new float[Side * Side];
            for (int p = 0; p < img.Length; p++) img[p] = (float)rng.NextDouble() * 0.2f;
            double a = (rng.NextDouble() * 2 - 1) * Math.PI / 4;
            for (double t = 0; t < Side; t += 0.25)
                Set(img, (int)Math.Round(Side / 2.0 + t * Math.Sin(a)), (int)Math.Round(Side - 1 - t * Math.Cos(a)));
            img.CopyTo(pixels, i * Side * Side);
            angles[i] = (float)a;
        }
        return (pixels, angles);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheCnnRegressesTheSteeringAngleOfGeneratedRoads(bool l1Loss)
    {
        IDataView View((float[] P, float[] A) d) => new InMemoryDataViewBuilder().AddVector("Features", d.P, 1, Side, Side).AddScalar("Label", d.A).Build();
        var ctx = new MLContext(1);
        var trainer = ctx.Regression.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Network = SmallCnn(1), Epochs = 20, BatchSize = 32, LearningRate = 3e-3, Seed = 2, Schedule = LearningRateSchedule.Cosine,
        }, l1Loss);
        using var model = trainer.Fit(View(Roads(800, 3)));
        var m = ctx.Regression.Evaluate(model.Transform(View(Roads(300, 4))));
        // The angle spans ±0.785 rad (standard deviation ~0.45); a 0.1 rad (6°) mean error is a steering model.
        Assert.True(m.MeanAbsoluteError < 0.1, $"mean absolute error {m.MeanAbsoluteError:F3} rad");
        Assert.True(m.RSquared > 0.9, $"R2 {m.RSquared:F3}");
    }
}
