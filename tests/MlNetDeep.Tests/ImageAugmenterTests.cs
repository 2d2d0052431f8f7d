using MlNetDeep.Data.Augmentation;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MlNetDeep.Tests;

/// <summary>Batch augmentation: shapes kept, crops are shifted copies, flips mirror, draws repeat for a seed.</summary>
public class ImageAugmenterTests
{
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static Tensor Images() => arange(2 * 1 * 5 * 5, float32).view(2, 1, 5, 5) + 1;

    [Fact]
    public void ACropIsTheImageShiftedWithZerosFlowingIn()
    {
        using var g = new Generator(1);
        var x = Images();
        var y = ImageAugmenter.Apply(x, new ImageAugmentationOptions { RandomCropPadding = 1 }, g);
        Assert.Equal(x.shape, y.shape);
        for (int b = 0; b < 2; b++)
        {
            var img = y[b, 0];
            // Each output pixel is 0 (padding) or the input pixel at some fixed offset in [-1, 1]^2.
            bool found = false;
            for (int dy = -1; dy <= 1 && !found; dy++)
                for (int dx = -1; dx <= 1 && !found; dx++)
                {
                    var shifted = nn.functional.pad(x[b, 0].unsqueeze(0), [1, 1, 1, 1])[0, (1 + dy)..(6 + dy), (1 + dx)..(6 + dx)];
                    found = Same(shifted, img);
                }
            Assert.True(found);
        }
    }

    [Fact]
    public void FlipsMirrorAndDrawsRepeatForASeed()
    {
        var x = Images();
        var options = new ImageAugmentationOptions { HorizontalFlip = true, RandomErasingProbability = 0.5f, MaxRotationDegrees = 10, MaxTranslationFraction = 0.1f, NoiseStd = 0.1f };
        using var g1 = new Generator(7);
        using var g2 = new Generator(7);
        Assert.True(Same(ImageAugmenter.Apply(x, options, g1), ImageAugmenter.Apply(x, options, g2)));
        using var g3 = new Generator(3);
        var flipped = ImageAugmenter.Apply(x.repeat(50, 1, 1, 1), new ImageAugmentationOptions { HorizontalFlip = true }, g3);
        int mirrored = 0;
        for (int i = 0; i < 100; i++)
        {
            var original = x[i % 2];
            Assert.True(Same(flipped[i], original) || Same(flipped[i], original.flip(2)));
            if (!Same(flipped[i], original)) mirrored++;
        }
        Assert.InRange(mirrored, 30, 70);
    }

    [Fact]
    public void BadOptionsAndShapesAreNamed()
    {
        using var g = new Generator(1);
        Assert.Contains("[B, C, H, W]", Assert.Throws<ArgumentException>(() => ImageAugmenter.Apply(zeros(2, 25), new ImageAugmentationOptions { HorizontalFlip = true }, g)).Message);
        Assert.Equal("NoiseStd", Assert.Throws<ArgumentOutOfRangeException>(() => new ImageAugmentationOptions { NoiseStd = -1 }.Validate()).ParamName);
    }
}
