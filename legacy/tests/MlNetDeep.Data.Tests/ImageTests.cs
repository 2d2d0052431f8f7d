using MlNetDeep.Data.Images;
using Xunit;

namespace MlNetDeep.Data.Tests;

/// <summary>Image decoding and encoding, the image folder loader, and LoadImages/ResizeImages/ExtractPixels, on good and bad files.</summary>
public sealed class ImageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mnd-images").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A 4x6 RGB test pattern whose pixel (y, x) is (10y + x, 100 + y, 200 - x) + shift.</summary>
    private static MLImage Pattern(int shift = 0)
    {
        var px = new byte[4 * 6 * 3];
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 6; x++)
            {
                int o = (y * 6 + x) * 3;
                (px[o], px[o + 1], px[o + 2]) = ((byte)(10 * y + x + shift), (byte)(100 + y), (byte)(200 - x));
            }
        return new MLImage(4, 6, 3, px);
    }

    private string Write(string label, string name, byte[] bytes)
    {
        string dir = Path.Combine(_root, label);
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".bmp")]
    public void LosslessFormatsRoundTripExactly(string ext)
    {
        var img = Pattern();
        var back = ImageCodec.Decode(ImageCodec.Encode(img, ext), "mem" + ext);
        Assert.Equal((4, 6, 3), (back.Height, back.Width, back.Channels));
        Assert.Equal(img.Pixels, back.Pixels);
    }

    [Fact]
    public void JpegDecodesCloseToTheOriginalAndGreyHasOneChannel()
    {
        var back = ImageCodec.Decode(ImageCodec.Encode(Pattern(), ".jpg", 100), "mem.jpg");
        Assert.True(Pattern().Pixels.Zip(back.Pixels).All(p => Math.Abs(p.First - p.Second) <= 12));
        var grey = ImageCodec.Decode(ImageCodec.Encode(Pattern(), ".png"), "mem.png", grayscale: true);
        Assert.Equal(1, grey.Channels);
        Assert.Equal(24, grey.Pixels.Length);
    }

    [Fact]
    public void BadFilesAreRefusedBeforeOrByTheDecoderNamingThePath()
    {
        string text = Write("x", "notes.png", "hello, not an image"u8.ToArray());
        var e = Assert.Throws<ImageLoadException>(() => ImageCodec.Load(text));
        Assert.Equal(text, e.Path);
        Assert.Contains("unknown signature", e.Message);

        byte[] png = ImageCodec.Encode(Pattern(), ".png");
        string truncated = Write("x", "cut.png", png[..40]);
        Assert.Contains("corrupt", Assert.Throws<ImageLoadException>(() => ImageCodec.Load(truncated)).Message);

        byte[] huge = (byte[])png.Clone();
        huge[16] = 0x7F; // width 2^31-ish in the IHDR header
        Assert.Contains("outside 1..16384", Assert.Throws<ImageLoadException>(() => ImageCodec.Load(Write("x", "huge.png", huge))).Message);

        byte[] jpgHeaderOnly = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x04, 0x00, 0x06, 0x03, 0, 0, 0, 0, 0];
        Assert.Throws<ImageLoadException>(() => ImageCodec.Load(Write("x", "fake.jpg", jpgHeaderOnly)));
        Assert.Contains("not found", Assert.Throws<ImageLoadException>(() => ImageCodec.Load(Path.Combine(_root, "nope.png"))).Message);
    }

    [Fact]
    public void RandomBytesBehindImageSignaturesNeverCrash()
    {
        var rng = new Random(11);
        byte[][] seeds = [ImageCodec.Encode(Pattern(), ".png"), ImageCodec.Encode(Pattern(), ".jpg"), ImageCodec.Encode(Pattern(), ".bmp")];
        int ok = 0, refused = 0;
        for (int i = 0; i < 600; i++)
        {
            byte[] b = (byte[])seeds[i % 3].Clone();
            for (int k = rng.Next(1, 6); k > 0; k--) b[rng.Next(b.Length)] = (byte)rng.Next(256);
            if (rng.Next(3) == 0) b = b[..rng.Next(1, b.Length)];
            try { ImageCodec.Decode(b, "fuzz"); ok++; }
            catch (ImageLoadException) { refused++; }
        }
        Assert.Equal(600, ok + refused);
        Assert.True(refused > 0);
    }

    [Fact]
    public void FolderLoaderPipelineProducesPixelTensorsWithClassNames()
    {
        Write("cat", "a.png", ImageCodec.Encode(Pattern(0), ".png"));
        Write("cat", "b.bmp", ImageCodec.Encode(Pattern(1), ".bmp"));
        Write("dog", "c.png", ImageCodec.Encode(Pattern(2), ".png"));
        Write("dog", "readme.txt", "ignored"u8.ToArray());
        var ctx = new MLContext(1);
        var folder = ctx.Data.LoadFromImageFolder(_root);
        Assert.Equal(["cat", "dog"], folder.Labels);
        Assert.Equal(3, folder.GetRowCount());
        var pipe = ctx.Transforms.LoadImages("Image", null, "ImagePath")
            .Append(ctx.Transforms.ResizeImages("Image", 6, 4))
            .Append(ctx.Transforms.ExtractPixels("Features", "Image", scale: 1, offset: 0));
        var shape = pipe.GetOutputSchema(SchemaShape.Create(folder.Schema));
        Assert.Equal([3, 4, 6], shape.Find("Features")!.Dimensions);
        var o = pipe.Fit(folder).Transform(folder);
        using var c = o.GetRowCursor([o.Schema["Features"], o.Schema["Label"]]);
        var g = c.GetGetter<VBuffer<float>>(o.Schema["Features"]);
        var gl = c.GetGetter<uint>(o.Schema["Label"]);
        var v = default(VBuffer<float>);
        uint label = 0;
        c.MoveNext();
        g(ref v);
        gl(ref label);
        Assert.Equal(1u, label);
        var f = v.ToArray();
        Assert.Equal(72, f.Length);
        Assert.Equal(0f, f[0]);            // R of (0,0)
        Assert.Equal(10f * 3 + 5, f[23]);  // R of (3,5)
        Assert.Equal(100f, f[24]);         // G plane starts
        Assert.Equal(200f - 5, f[48 + 5]); // B of (0,5)
    }

    [Fact]
    public void CorruptImagesInAFolderFailOrAreSkippedAndReported()
    {
        Write("a", "good.png", ImageCodec.Encode(Pattern(), ".png"));
        string bad = Write("b", "bad.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        var ctx = new MLContext(1);
        var e = Assert.Throws<ImageLoadException>(() => ctx.Data.LoadFromImageFolder(_root));
        Assert.Equal(bad, e.Path);
        var skipping = ctx.Data.LoadFromImageFolder(_root, new ImageFolderOptions { SkipCorruptImages = true });
        Assert.Equal(1, skipping.GetRowCount());
        Assert.Equal(bad, Assert.Single(skipping.Skipped).Path);
        Assert.Throws<DirectoryNotFoundException>(() => ctx.Data.LoadFromImageFolder(Path.Combine(_root, "missing")));
    }

    [Fact]
    public void ExtractPixelsNeedsAKnownSize()
    {
        Write("a", "good.png", ImageCodec.Encode(Pattern(), ".png"));
        var ctx = new MLContext(1);
        var folder = ctx.Data.LoadFromImageFolder(_root);
        var pipe = ctx.Transforms.LoadImages("Image", null, "ImagePath").Append(ctx.Transforms.ExtractPixels("F", "Image"));
        var e = Assert.Throws<SchemaMismatchException>(() => pipe.GetOutputSchema(SchemaShape.Create(folder.Schema)));
        Assert.Contains("ResizeImages", e.Expected);
    }
}
