using MlNetDeep.Data.Model;
using MlNetDeep.Model;
using MlNetDeep.Data.Transforms;

namespace MlNetDeep.Data.Images;

/// <summary>
/// ExtractPixels: turns images of a known size (after ResizeImages) into a Vector&lt;Single&gt;
/// shaped [C, H, W] (or [H, W, C] when interleaved), each value pixel * scale + offset, in RGB
/// or BGR channel order. Learns nothing.
/// </summary>
public sealed class ImagePixelExtractingTransformer : TrivialOneToOneTransformer<ImagePixelExtractingTransformer>, IModelComponent
{
    /// <summary>Creates the transformer.</summary>
    public ImagePixelExtractingTransformer(string outputColumnName, string? inputColumnName = null, float scale = 1f / 255, float offset = 0,
        bool interleave = false, bool bgr = false)
        : base([(outputColumnName, inputColumnName ?? outputColumnName)])
    {
        if (!float.IsFinite(scale) || !float.IsFinite(offset)) throw new ArgumentException("Scale and offset must be finite.");
        (Scale, Offset, Interleave, Bgr) = (scale, offset, interleave, bgr);
    }

    /// <summary>Multiplier of each byte.</summary>
    public float Scale { get; }
    /// <summary>Added after scaling.</summary>
    public float Offset { get; }
    /// <summary>Whether the layout is [H, W, C] instead of [C, H, W].</summary>
    public bool Interleave { get; }
    /// <summary>Whether colour channels come out as B, G, R.</summary>
    public bool Bgr { get; }

    private protected override string ExpectedInput => "Image of a known size (use ResizeImages first)";

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex)
    {
        if (input.Type is not ImageDataViewType { Height: > 0 } t) throw new SchemaMismatchException(input.Name, ExpectedInput, input.Type.ToString());
        return new MappedColumn(outputName, OutputType(t), null, [input], c =>
        {
            var g = c.GetGetter<MLImage>(input);
            MLImage img = null!;
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                g(ref img);
                if (img.Height != t.Height || img.Width != t.Width || img.Channels != t.Channels)
                    throw new InvalidOperationException($"Column '{input.Name}': an image is {img.Width}x{img.Height}x{img.Channels}, the column's type says {t.Width}x{t.Height}x{t.Channels}.");
                int ch = img.Channels, hw = t.Height * t.Width, n = hw * ch;
                float[] buf = dst.Reuse(n);
                byte[] px = img.Pixels;
                for (int p = 0; p < hw; p++)
                    for (int k = 0; k < ch; k++)
                    {
                        int src = p * ch + (Bgr && ch == 3 ? 2 - k : k);
                        buf[Interleave ? p * ch + k : k * hw + p] = px[src] * Scale + Offset;
                    }
                dst = new VBuffer<float>(n, buf);
            });
        });
    }

    private VectorDataViewType OutputType(ImageDataViewType t)
    {
        int ch = t.Channels;
        return Interleave ? new VectorDataViewType(NumberDataViewType.Single, t.Height, t.Width, ch) : new VectorDataViewType(NumberDataViewType.Single, ch, t.Height, t.Width);
    }

    /// <inheritdoc />
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var (o, i) = Columns[0];
        var c = inputSchema.Require(i, ExpectedInput);
        if (c.ItemType is not ImageDataViewType { Height: > 0 } t) throw new SchemaMismatchException(i, ExpectedInput, c.TypeDescription);
        return inputSchema.With(new SchemaShape.Column(o, SchemaShape.VectorKind.Vector, NumberDataViewType.Single, OutputType(t).Dimensions));
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.ExtractPixels;

    /// <inheritdoc />
    public void Save(ModelSaveContext context) =>
        context.WriteJson("state.json", new State(Columns[0].OutputColumnName, Columns[0].InputColumnName, Scale, Offset, Interleave, Bgr), DataJson.Default.ExtractPixelsState);

    internal sealed record State(string Output, string Input, float Scale, float Offset, bool Interleave, bool Bgr);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("state.json", DataJson.Default.ExtractPixelsState);
        return new ImagePixelExtractingTransformer(s.Output, s.Input, s.Scale, s.Offset, s.Interleave, s.Bgr);
    }
}
