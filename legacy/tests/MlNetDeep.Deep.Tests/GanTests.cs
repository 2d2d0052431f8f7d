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
    /// <summary>Class "left" from N(-2, 0.2²), class "right" from N(2, 0.2²).</summary>
    private static InMemoryDataView TwoLabelledModes(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count];
        var label = new uint[count];
        for (int i = 0; i < count; i++)
        {
            label[i] = (uint)(1 + rng.Next(2));
            x[i] = (float)((label[i] == 1 ? -2 : 2) + 0.2 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        }
        return new InMemoryDataViewBuilder().AddVector("Features", x, 1).AddKey("Label", label, ["left", "right"]).Build();
    }

    private static GanOptions ConditionalToy(int epochs = 40) => Toy(epochs) with
    {
        LabelColumnName = "Label",
        Generator = NetworkSpec.Mlp([4 + 2], [32, 32], 1, "LeakyReLU"),
        Discriminator = NetworkSpec.Mlp([1 + 2], [32, 32], 1, "LeakyReLU"),
    };

    [Fact]
    public void AConditionalGanGeneratesTheModeOfTheClassItIsAskedFor()
    {
        using var model = new GanTrainer(new MLContext(1), ConditionalToy()).Fit(TwoLabelledModes(2000, 4));
        Assert.Equal(["left", "right"], model.Classes);
        Assert.Equal(4, model.LatentSize);
        var left = model.Generate(500, classIndex: model.ClassIndex("left")).Select(s => s[0]).ToArray();
        var right = model.Generate(500, firstSeed: 1000, classIndex: 1).Select(s => s[0]).ToArray();
        double leftNear = left.Count(v => Math.Abs(v + 2) < 1) / 500.0, rightNear = right.Count(v => Math.Abs(v - 2) < 1) / 500.0;
        Assert.True(leftNear > 0.9 && rightNear > 0.9, $"{leftNear:P0} of the 'left' samples near -2, {rightNear:P0} of the 'right' samples near +2");
        // Without a class, generation cycles through the classes.
        var cycled = model.Generate(4, firstSeed: 0);
        Assert.Equal(model.Generate([0, 1, 2, 3], [0, 1, 0, 1]), cycled);
        Assert.Equal(model.Generate([2], [0])[0], model.Interpolate(2, 3, 3, classIndex: 0)[0]);
    }

    [Fact]
    public void AConditionalDcganRoundTripsAndReadsTheClassFromAKeyOrTextColumn()
    {
        var ctx = new MLContext(5);
        var images = ctx.Data.Cache(ctx.Data.TakeRows(ctx.Data.LoadFashionMnist(train: true), 256));
        using var model = new GanTrainer(ctx, new GanOptions { LabelColumnName = "Label", Training = new DeepTrainerOptions { Epochs = 1, BatchSize = 64, LearningRate = 2e-4, Seed = 5 } }).Fit(images);
        Assert.Equal(10, model.Classes!.Count);
        Assert.Equal("Trouser", model.Classes[1]);
        var trousers = model.Generate(3, firstSeed: 7, classIndex: 1);
        Assert.NotEqual(trousers[0], model.Generate([7], [2])[0]);

        var byKey = new InMemoryDataViewBuilder().AddScalar("Seed", new[] { 7, 8 }).AddKey("Label", new uint[] { 2, 2 }, model.Classes).Build();
        var byName = new InMemoryDataViewBuilder().AddScalar("Seed", new[] { 7, 8 }).AddScalar("Label", new[] { "Trouser", "Trouser" }).Build();
        Assert.Equal(Generated(model.Transform(byKey)), trousers.Take(2).ToArray());
        Assert.Equal(Generated(model.Transform(byName)), trousers.Take(2).ToArray());

        byte[] zip = ZipRewriter.Saved(model, byKey.Schema);
        using (var loaded = (GanModel)ctx.Model.Load(new MemoryStream(zip), out _))
        {
            Assert.Equal(model.Classes, loaded.Classes);
            Assert.Equal("Label", loaded.LabelColumnName);
            Assert.Equal(trousers, loaded.Generate(3, firstSeed: 7, classIndex: 1));
            Assert.Equal(Generated(model.Transform(byKey)), Generated(loaded.Transform(byKey)));
        }
        var (ok, refused) = ZipFuzz.ResignedByteFlips(zip, ["network.json", "condition.json"], 60, 9, m => ((GanModel)m).Generate(2));
        Assert.Equal(120, ok + refused);

        var unknown = Assert.Throws<ArgumentException>(() => Generated(model.Transform(new InMemoryDataViewBuilder().AddScalar("Seed", new[] { 1 }).AddScalar("Label", new[] { "Hat" }).Build())));
        Assert.Contains("No class 'Hat'; the classes are T-shirt/top, Trouser", unknown.Message);
        var noLabel = Assert.Throws<SchemaMismatchException>(() => model.Transform(new InMemoryDataViewBuilder().AddScalar("Seed", new[] { 1 }).Build()));
        Assert.Contains("Label", noLabel.Message);
        Assert.Contains("pass one class index (0..9) per example: 2 examples, 0 classes", Assert.Throws<ArgumentException>(() => model.Generate([1, 2])).Message);
        Assert.Contains("Class index 10 (example 0) is outside 0..9", Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([1], [10])).Message);
        Assert.Contains("pass the class to interpolate within", Assert.Throws<ArgumentException>(() => model.Interpolate(1, 2, 3)).Message);
    }

    private static float[][] Generated(IDataView scored)
    {
        var rows = new List<float[]>();
        using var c = scored.GetRowCursor([scored.Schema["Generated"]]);
        var get = c.GetGetter<VBuffer<float>>(scored.Schema["Generated"]);
        var buf = default(VBuffer<float>);
        while (c.MoveNext()) { get(ref buf); rows.Add(buf.ToArray()); }
        return rows.ToArray();
    }

    [Fact]
    public void ConditionalGanMistakesAreNamed()
    {
        var ctx = new MLContext(1);
        var data = TwoLabelledModes(50, 3);
        var wrongD = Assert.Throws<ArgumentException>(() => new GanTrainer(ctx, ConditionalToy() with { Discriminator = NetworkSpec.Mlp([1], [8], 1) }).Fit(data));
        Assert.Contains("The discriminator must take [3] (an example plus the 2-class one-hot vector)", wrongD.Message);
        var wrongG = Assert.Throws<ArgumentException>(() => new GanTrainer(ctx, ConditionalToy() with { Generator = NetworkSpec.Mlp([4], [8], 1) }).Fit(data));
        Assert.Contains("it must take the latent vector [4] plus the 2-class one-hot vector, [6]", wrongG.Message);
        var notKey = Assert.Throws<SchemaMismatchException>(() => new GanTrainer(ctx, ConditionalToy() with { LabelColumnName = "Features" }).Fit(data));
        Assert.Contains("MapValueToKey", notKey.Message);
        var missing = new InMemoryDataViewBuilder().AddVector("Features", new float[] { 1, 2 }, 1).AddKey("Label", new uint[] { 1, 0 }, ["left", "right"]).Build();
        var missingLabel = Assert.Throws<ArgumentException>(() => new GanTrainer(ctx, ConditionalToy(epochs: 1)).Fit(missing));
        Assert.Contains("Label column 'Label' has a missing value", missingLabel.Message);
        Assert.Contains("LabelColumnName is empty", Assert.Throws<ArgumentException>(() => new GanTrainer(ctx, new GanOptions { LabelColumnName = "" })).Message);
    }
}
