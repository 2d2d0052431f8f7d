using MlNetDeep.Data.Model;
using MlNetDeep.Model;
using MlNetDeep.Data.Transforms;

namespace MlNetDeep.Data.Images;

/// <summary>ResizeImages: resizes an image column to a fixed height and width (area averaging when shrinking, bilinear when growing). Learns nothing.</summary>
public sealed class ImageResizingTransformer : TrivialOneToOneTransformer<ImageResizingTransformer>, IModelComponent
{
    /// <summary>Creates the transformer.</summary>
    public ImageResizingTransformer(string outputColumnName, int imageWidth, int imageHeight, string? inputColumnName = null)
        : base([(outputColumnName, inputColumnName ?? outputColumnName)])
    {
        if (imageWidth is <= 0 or > ImageCodec.MaxDimension) throw new ArgumentOutOfRangeException(nameof(imageWidth), imageWidth, $"Width must be in 1..{ImageCodec.MaxDimension}.");
        if (imageHeight is <= 0 or > ImageCodec.MaxDimension) throw new ArgumentOutOfRangeException(nameof(imageHeight), imageHeight, $"Height must be in 1..{ImageCodec.MaxDimension}.");
        (Width, Height) = (imageWidth, imageHeight);
    }

    /// <summary>Target width.</summary>
    public int Width { get; }
    /// <summary>Target height.</summary>
    public int Height { get; }

    private protected override string ExpectedInput => "Image";

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex)
    {
        if (input.Type is not ImageDataViewType t) throw new SchemaMismatchException(input.Name, ExpectedInput, input.Type.ToString());
        return new MappedColumn(outputName, new ImageDataViewType(Height, Width, t.Channels), null, [input], c =>
        {
            var g = c.GetGetter<MLImage>(input);
            MLImage src = null!;
            return (ValueGetter<MLImage>)((ref MLImage dst) => { g(ref src); dst = ImageCodec.Resize(src, Height, Width); });
        });
    }

    /// <inheritdoc />
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var (o, i) = Columns[0];
        var c = inputSchema.Require(i, ExpectedInput);
        if (c.ItemType is not ImageDataViewType t) throw new SchemaMismatchException(i, ExpectedInput, c.TypeDescription);
        return inputSchema.With(new SchemaShape.Column(o, SchemaShape.VectorKind.Scalar, new ImageDataViewType(Height, Width, t.Channels)));
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.ResizeImages;

    /// <inheritdoc />
    public void Save(ModelSaveContext context) => context.WriteJson("state.json", new State(Columns[0].OutputColumnName, Columns[0].InputColumnName, Width, Height), DataJson.Default.ResizeImagesState);

    internal sealed record State(string Output, string Input, int Width, int Height);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("state.json", DataJson.Default.ResizeImagesState);
        return new ImageResizingTransformer(s.Output, s.Width, s.Height, s.Input);
    }
}
