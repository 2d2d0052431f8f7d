using MlNetDeep.Data.Augmentation;
using Xunit;

namespace MlNetDeep.Data.Tests;

/// <summary>Training-time augmentation: identity at inference, seeded random per row and pass while training.</summary>
public class AugmentationTests
{
    // 20 images of 1x3x4 whose pixel (y, x) = 10y + x + 1 + 100 * row.
    private static InMemoryDataView Images() => new InMemoryDataViewBuilder()
        .AddVector("Image", Enumerable.Range(0, 20).SelectMany(r => Enumerable.Range(0, 12).Select(i => (float)(10 * (i / 4) + i % 4 + 1 + 100 * r))).ToArray(), 1, 3, 4)
        .AddScalar("Id", Enumerable.Range(0, 20).Select(i => (float)i).ToArray())
        .Build();

    private static float[][] Read(IDataView v)
    {
        var col = v.Schema["Image"];
        using var c = v.GetRowCursor([col]);
        var g = c.GetGetter<VBuffer<float>>(col);
        var b = default(VBuffer<float>);
        var list = new List<float[]>();
        while (c.MoveNext()) { g(ref b); list.Add(b.ToArray()); }
        return list.ToArray();
    }

    private static ImageAugmentationTransformer Make(ImageAugmentationOptions o) => new("Image", o);

    [Fact]
    public void InferenceIsIdentity()
    {
        var t = Make(new ImageAugmentationOptions { HorizontalFlip = true, MaxRotationDegrees = 30, NoiseStd = 1, Seed = 3 });
        var data = Images();
        Assert.Same(data, t.Transform(data));
        Assert.Equal(Read(Images()), Read(t.Transform(Images())));
    }

    [Fact]
    public void FlipsMirrorSomeRowsExactly()
    {
        var t = Make(new ImageAugmentationOptions { HorizontalFlip = true, Seed = 3 });
        float[][] orig = Read(Images()), aug = Read(t.TransformForTraining(Images()));
        int flipped = 0;
        for (int r = 0; r < orig.Length; r++)
        {
            float[] mirror = Enumerable.Range(0, 12).Select(i => orig[r][(i / 4) * 4 + 3 - i % 4]).ToArray();
            Assert.True(aug[r].SequenceEqual(orig[r]) || aug[r].SequenceEqual(mirror), $"row {r}");
            if (aug[r].SequenceEqual(mirror)) flipped++;
        }
        Assert.InRange(flipped, 3, 17);
    }

    [Fact]
    public void CropPaddingShiftsWithZeroFill()
    {
        var t = Make(new ImageAugmentationOptions { RandomCropPadding = 1, Seed = 9 });
        float[][] orig = Read(Images()), aug = Read(t.TransformForTraining(Images()));
        for (int r = 0; r < orig.Length; r++)
        {
            bool matched = false;
            for (int dy = -1; dy <= 1 && !matched; dy++)
                for (int dx = -1; dx <= 1 && !matched; dx++)
                {
                    float[] shifted = Enumerable.Range(0, 12).Select(i =>
                    {
                        int y = i / 4 - dy, x = i % 4 - dx;
                        return y < 0 || y >= 3 || x < 0 || x >= 4 ? 0f : orig[r][y * 4 + x];
                    }).ToArray();
                    matched = shifted.SequenceEqual(aug[r]);
                }
            Assert.True(matched, $"row {r} is not a one-pixel shift of the original");
        }
    }

    [Fact]
    public void EachPassDrawsAnewAndASeedRepeats()
    {
        var o = new ImageAugmentationOptions { MaxRotationDegrees = 20, MaxTranslationFraction = 0.1f, RandomErasingProbability = 0.5f, NoiseStd = 0.1f, Seed = 5 };
        var t = Make(o);
        var view = t.TransformForTraining(Images());
        float[][] pass1 = Read(view), pass2 = Read(view);
        Assert.NotEqual(pass1[0], pass2[0]);
        var again = Make(o).TransformForTraining(Images());
        Assert.Equal(pass1, Read(again));
        Assert.Equal(pass2, Read(again));
        // Shuffled order does not change a row's draws.
        var shuffled = Make(o).TransformForTraining(Images());
        using var c = shuffled.GetRowCursor(shuffled.Schema, new Random(1));
        var g = c.GetGetter<VBuffer<float>>(shuffled.Schema["Image"]);
        var b = default(VBuffer<float>);
        while (c.MoveNext()) { g(ref b); Assert.Equal(pass1[c.RowId], b.ToArray()); }
    }

    [Fact]
    public void LaterEstimatorsInAChainTrainOnAugmentedData()
    {
        var ctx = new MLContext(1);
        var probe = new ProbeEstimator();
        var pipe = ctx.Transforms.AugmentImages("Image", new ImageAugmentationOptions { HorizontalFlip = true, NoiseStd = 0.5f, Seed = 2 }).Append(probe);
        var model = pipe.Fit(Images());
        Assert.NotEqual(Read(Images()), probe.Seen!);
        // The fitted pipeline does not augment at prediction time.
        Assert.Equal(Read(Images()), Read(model.Transform(Images())));
    }

    [Fact]
    public void BadOptionsAndColumnsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(new ImageAugmentationOptions { RandomErasingProbability = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(new ImageAugmentationOptions { NoiseStd = -1 }));
        var e = Assert.Throws<SchemaMismatchException>(() => new ImageAugmentationTransformer("Id", new ImageAugmentationOptions()).Transform(Images()));
        Assert.Equal("Id", e.Column);
    }

    /// <summary>Records the image column it is fitted on.</summary>
    private sealed class ProbeEstimator : IEstimator<ColumnSelectingTransformer>
    {
        public float[][]? Seen { get; private set; }

        public ColumnSelectingTransformer Fit(IDataView input)
        {
            Seen = Read(input);
            return new ColumnSelectingTransformer(["Id"], keep: false);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema.Without(["Id"]);
    }
}
