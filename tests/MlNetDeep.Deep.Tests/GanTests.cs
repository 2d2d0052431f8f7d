using System.Buffers.Binary;
using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Deep.Generative;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Training;
using Xunit;

namespace MlNetDeep.Deep.Tests;

/// <summary>Generative adversarial networks: a toy with two modes, the DCGAN on images, seeds, interpolation, the PNG grid, the zip and bad networks.</summary>
public class GanTests
{
    /// <summary>One value per row from an even mixture of N(-2, 0.2²) and N(2, 0.2²).</summary>
    private static InMemoryDataView TwoModes(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count];
        for (int i = 0; i < count; i++)
            x[i] = (float)((rng.Next(2) == 0 ? -2 : 2) + 0.2 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        return new InMemoryDataViewBuilder().AddVector("Features", x, 1).Build();
    }

    private static GanOptions Toy(int epochs = 40) => new()
    {
        LatentSize = 4,
        Generator = NetworkSpec.Mlp([4], [32, 32], 1, "LeakyReLU"),
        Discriminator = NetworkSpec.Mlp([1], [32, 32], 1, "LeakyReLU"),
        Training = new DeepTrainerOptions { Epochs = epochs, BatchSize = 64, LearningRate = 2e-3, Seed = 7 },
    };

    [Fact]
    public void AGanOnATwoModeToyCoversBothModes()
    {
        using var model = new GanTrainer(new MLContext(1), Toy()).Fit(TwoModes(2000, 1));
        var samples = model.Generate(1000).Select(s => s[0]).ToArray();
        double left = samples.Count(v => Math.Abs(v + 2) < 1) / 1000.0, right = samples.Count(v => Math.Abs(v - 2) < 1) / 1000.0;
        Assert.True(left > 0.2 && right > 0.2, $"{left:P0} of the samples near -2 and {right:P0} near +2 (both modes must be covered)");
        Assert.True(left + right > 0.8, $"only {left + right:P0} of the samples near either mode");
    }

    [Fact]
    public void SeedsAreReproducibleAndInterpolationRunsBetweenThem()
    {
        using var model = new GanTrainer(new MLContext(1), Toy(epochs: 2)).Fit(TwoModes(200, 2));
        Assert.Equal(model.Generate([5, 6]), model.Generate([5, 6]));
        Assert.NotEqual(model.Generate([5])[0], model.Generate([6])[0]);
        var path = model.Interpolate(5, 6, 4);
        Assert.Equal(4, path.Length);
        // The ends are the seeds' own examples (to float rounding: a batch of 4 is not computed exactly like a batch of 1).
        Assert.Equal(model.Generate([5])[0][0], path[0][0], 5);
        Assert.Equal(model.Generate([6])[0][0], path[^1][0], 5);
        Assert.Equal(model.Latent(5), model.Latent(5));
    }

    [Fact]
    public void TheDcganGeneratesImagesWritesAGridAndRoundTripsThroughTheZip()
    {
        var ctx = new MLContext(3);
        var images = ctx.Data.Cache(ctx.Data.TakeRows(ctx.Data.LoadFashionMnist(train: true), 256));
        using var model = new GanTrainer(ctx, new GanOptions { Training = new DeepTrainerOptions { Epochs = 1, BatchSize = 64, LearningRate = 2e-4, Seed = 3 } }).Fit(images);
        Assert.Equal([1, 28, 28], model.OutputShape);
        var generated = model.Generate(16, firstSeed: 100);
        Assert.All(generated, g => Assert.True(g.Length == 784 && g.All(v => v is >= 0 and <= 1)));

        byte[] png = model.PngGrid(generated, columns: 8);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal(8 * 29 + 1, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(2 * 29 + 1, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));

        var seeds = new InMemoryDataViewBuilder().AddScalar("Seed", new[] { 100, 101 }).Build();
        var loaded = (GanModel)ctx.Model.Load(new MemoryStream(ZipRewriter.Saved(model, seeds.Schema)), out _);
        Assert.Equal(generated, loaded.Generate(16, firstSeed: 100));
        Assert.Equal(EstimatorConformance.Dump(model.Transform(seeds)), EstimatorConformance.Dump(loaded.Transform(seeds)));
        loaded.Dispose();
    }

    [Fact]
    public void MismatchedNetworksAreNamedBeforeTraining()
    {
        var ctx = new MLContext(1);
        var data = TwoModes(50, 3);
        var wrongOut = Assert.Throws<ArgumentException>(() => new GanTrainer(ctx, Toy() with { Generator = NetworkSpec.Mlp([4], [8], 2) }).Fit(data));
        Assert.Contains("The generator produces [2] per example; the data's 'Features' is [1]", wrongOut.Message);
        var wrongLatent = Assert.Throws<ArgumentException>(() => new GanTrainer(ctx, Toy() with { LatentSize = 3 }).Fit(data));
        Assert.Contains("it must take the latent vector [3]", wrongLatent.Message);
        var wrongD = Assert.Throws<ArgumentException>(() => new GanTrainer(ctx, Toy() with { Discriminator = NetworkSpec.Mlp([1], [8], 2) }).Fit(data));
        Assert.Contains("The discriminator must take [1] and output [1]", wrongD.Message);
        var noDefault = Assert.Throws<ArgumentException>(() => new GanTrainer(ctx, new GanOptions()).Fit(data));
        Assert.Contains("No default generator for examples shaped [1]", noDefault.Message);
        Assert.Contains("Beta1 must be in [0, 1)", Assert.Throws<ArgumentException>(() => new GanTrainer(ctx, new GanOptions { Beta1 = 1 })).Message);
    }
}
