using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Deep.Autoencoders;
using MlNetDeep.Deep.Training;
using MlNetDeep.Model;
using Xunit;

namespace MlNetDeep.Deep.Tests;

/// <summary>The dense (denoising) autoencoder: reconstruction, its columns, the zip, and bad settings.</summary>
public class AutoencoderTests
{
    /// <summary>8x8 images of one bright bar (a row or a column at a random place): 16 kinds, 64 values each.</summary>
    private static InMemoryDataView Bars(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count * 64];
        var y = new uint[count];
        for (int i = 0; i < count; i++)
        {
            int k = rng.Next(16);
            for (int j = 0; j < 8; j++) x[i * 64 + (k < 8 ? k * 8 + j : j * 8 + (k - 8))] = 1f;
            y[i] = (uint)(k + 1);
        }
        return new InMemoryDataViewBuilder().AddVector("Features", x, 1, 8, 8).AddKey("Label", y, Enumerable.Range(0, 16).Select(i => $"bar{i}").ToArray()).Build();
    }

    private static AutoencoderOptions Small(double noise = 0) => new()
    {
        BottleneckSize = 4, HiddenSizes = [32], NoiseStd = noise,
        Training = new DeepTrainerOptions { Epochs = 60, BatchSize = 32, LearningRate = 0.01, Seed = 2 },
    };

    private static double MeanError(IDataView scored)
    {
        using var cursor = scored.GetRowCursor([scored.Schema["ReconstructionError"]]);
        var get = cursor.GetGetter<float>(scored.Schema["ReconstructionError"]);
        float e = 0;
        double sum = 0;
        long n = 0;
        while (cursor.MoveNext()) { get(ref e); sum += e; n++; }
        return sum / n;
    }

    [Fact]
    public void GeneratedImagesAreReconstructedThroughAFourValueCode()
    {
        var ctx = new MLContext(1);
        using var model = new AutoencoderTrainer(ctx, Small()).Fit(Bars(400, 1));
        var scored = model.Transform(Bars(100, 2));
        Assert.Equal(4, ((VectorDataViewType)scored.Schema["Embedding"].Type).Size);
        Assert.Equal([1, 8, 8], ((VectorDataViewType)scored.Schema["Reconstruction"].Type).Dimensions);
        double error = MeanError(scored);
        Assert.True(error < 0.01, $"mean squared reconstruction error {error:F4} (a blank guess scores 0.125)");
        var (code, output) = model.Run(new float[64]);
        Assert.Equal(4, code.Length);
        Assert.Equal(64, output.Length);
    }

    [Fact]
    public void AConvolutionalAutoencoderReconstructsTheImagesAndRoundTripsThroughTheZip()
    {
        var ctx = new MLContext(1);
        var options = Small() with { Convolutional = true, ConvolutionalChannels = [8, 16] };
        using var model = new AutoencoderTrainer(ctx, options).Fit(Bars(400, 1));
        Assert.Contains(model.EncoderSpec.Layers, l => l.Type == "Conv2d");
        Assert.Contains(model.DecoderSpec.Layers, l => l.Type == "ConvTranspose2d");
        var test = Bars(100, 2);
        double error = MeanError(model.Transform(test));
        Assert.True(error < 0.02, $"mean squared reconstruction error {error:F4} (a blank guess scores 0.125)");
        var loaded = ctx.Model.Load(new MemoryStream(ZipRewriter.Saved(model, test.Schema)), out _);
        Assert.Equal(EstimatorConformance.Dump(model.Transform(test)), EstimatorConformance.Dump(loaded.Transform(test)));
        ((IDisposable)loaded).Dispose();
        var odd = Assert.Throws<ArgumentException>(() => new AutoencoderTrainer(ctx, options with { ConvolutionalChannels = [4, 4, 4, 4] }).Fit(Bars(10, 1)));
        Assert.Contains("needs [C, H, W] images with H and W divisible by 16", odd.Message);
    }

    [Fact]
    public void ADenoisingAutoencoderCleansCorruptedInputs()
    {
        var ctx = new MLContext(1);
        using var plain = new AutoencoderTrainer(ctx, Small()).Fit(Bars(400, 1));
        using var denoising = new AutoencoderTrainer(ctx, Small(noise: 0.3)).Fit(Bars(400, 1));
        // Corrupt test images with the same noise and score the reconstruction against the clean image.
        var clean = Bars(100, 3);
        var rng = new Random(4);
        var noisy = new float[100 * 64];
        using (var c = clean.GetRowCursor([clean.Schema["Features"]]))
        {
            var get = c.GetGetter<VBuffer<float>>(clean.Schema["Features"]);
            var buf = default(VBuffer<float>);
            for (int i = 0; c.MoveNext(); i++)
            {
                get(ref buf);
                for (int j = 0; j < 64; j++) noisy[i * 64 + j] = buf.GetValues()[j] + (float)(0.3 * Normal(rng));
            }
        }
        double Error(AutoencoderModel m)
        {
            double sum = 0;
            using var c = clean.GetRowCursor([clean.Schema["Features"]]);
            var get = c.GetGetter<VBuffer<float>>(clean.Schema["Features"]);
            var buf = default(VBuffer<float>);
            for (int i = 0; c.MoveNext(); i++)
            {
                get(ref buf);
                var (_, output) = m.Run(noisy.AsSpan(i * 64, 64));
                for (int j = 0; j < 64; j++) sum += Math.Pow(output[j] - buf.GetValues()[j], 2);
            }
            return sum / (100 * 64);
        }
        double plainError = Error(plain), denoisingError = Error(denoising);
        Assert.True(denoisingError < plainError, $"denoising {denoisingError:F4} vs plain {plainError:F4} on noisy inputs");
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void TheZipRoundTripsAndTheConformanceSuitePasses()
    {
        var ctx = new MLContext(1);
        var data = Bars(120, 5);
        using var model = new AutoencoderTrainer(ctx, Small() with { Training = Small().Training with { Epochs = 3 } }).Fit(data);
        var loaded = ctx.Model.Load(new MemoryStream(ZipRewriter.Saved(model, data.Schema)), out _);
        Assert.Equal(EstimatorConformance.Dump(model.Transform(data)), EstimatorConformance.Dump(loaded.Transform(data)));
        ((IDisposable)loaded).Dispose();
        EstimatorConformance.Check(c => new AutoencoderTrainer(c, Small() with { Training = Small().Training with { Epochs = 2 } }), data);
    }

    [Fact]
    public void ABottleneckAsLargeAsTheInputAndACraftedDecoderAreRefused()
    {
        var ctx = new MLContext(1);
        var e = Assert.Throws<ArgumentException>(() => new AutoencoderTrainer(ctx, Small() with { BottleneckSize = 64 }).Fit(Bars(10, 1)));
        Assert.Contains("The bottleneck (64) must be smaller than the input (64 values in 'Features')", e.Message);
        Assert.Contains("NoiseStd must be >= 0", Assert.Throws<ArgumentException>(() => new AutoencoderTrainer(ctx, Small(noise: -1))).Message);

        var data = Bars(50, 1);
        using var model = new AutoencoderTrainer(ctx, Small() with { Training = Small().Training with { Epochs = 1 } }).Fit(data);
        byte[] zip = ZipRewriter.Saved(model, data.Schema);
        var swapped = Assert.Throws<ModelFormatException>(() => ctx.Model.Load(new MemoryStream(ZipRewriter.Resign(zip, "decoder.json",
            b => System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(b).Replace("\"Out\":64", "\"Out\":63", StringComparison.Ordinal)))), out _));
        Assert.EndsWith("decoder.json", swapped.Entry);
        var (loaded, refused) = ZipFuzz.ResignedByteFlips(zip, ["network.json", "decoder.json", "decoder.mndt"], 100, 3, m => m.Transform(data));
        Assert.Equal(300, loaded + refused);
    }
}
