using MlNetDeep.Data.Model;
using MlNetDeep.Model;
using MlNetDeep.Data.Transforms;

namespace MlNetDeep.Data.Images;

/// <summary>
/// LoadImages: decodes the image file named by a text column (relative to an optional
/// folder) into an <see cref="MLImage"/> column, RGB or grey. A missing or corrupt file raises
/// <see cref="ImageLoadException"/> naming it. Learns nothing; also its own estimator.
/// </summary>
public sealed class ImageLoadingTransformer : TrivialOneToOneTransformer<ImageLoadingTransformer>, IModelComponent
{
    /// <summary>Creates the transformer.</summary>
    public ImageLoadingTransformer(string outputColumnName, string inputColumnName, string? imageFolder = null, bool grayscale = false)
        : base([(outputColumnName, inputColumnName)])
    {
        ImageFolder = imageFolder;
        Grayscale = grayscale;
    }

    /// <summary>Folder relative paths start from (null: paths as given).</summary>
    public string? ImageFolder { get; }
    /// <summary>Whether images decode to one grey channel instead of RGB.</summary>
    public bool Grayscale { get; }

    private protected override string ExpectedInput => "String (an image path)";

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex)
    {
        if (input.Type is not TextDataViewType) throw new SchemaMismatchException(input.Name, ExpectedInput, input.Type.ToString());
        return new MappedColumn(outputName, new ImageDataViewType(channels: Grayscale ? 1 : 3), null, [input], c =>
        {
            var g = c.GetGetter<string>(input);
            string path = "";
            return (ValueGetter<MLImage>)((ref MLImage img) =>
            {
                g(ref path);
                string full = ImageFolder is null ? path : Path.Combine(ImageFolder, path);
                img = ImageCodec.Load(full, Grayscale);
            });
        });
    }

    /// <inheritdoc />
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var (o, i) = Columns[0];
        var c = inputSchema.Require(i, ExpectedInput);
        if (c.ItemType is not TextDataViewType || c.Kind != SchemaShape.VectorKind.Scalar) throw new SchemaMismatchException(i, ExpectedInput, c.TypeDescription);
        return inputSchema.With(new SchemaShape.Column(o, SchemaShape.VectorKind.Scalar, new ImageDataViewType(channels: Grayscale ? 1 : 3)));
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.LoadImages;

    /// <inheritdoc />
    public void Save(ModelSaveContext context) => context.WriteJson("state.json", new State(Columns[0].OutputColumnName, Columns[0].InputColumnName, ImageFolder, Grayscale), DataJson.Default.LoadImagesState);

    internal sealed record State(string Output, string Input, string? Folder, bool Grayscale);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("state.json", DataJson.Default.LoadImagesState);
        return new ImageLoadingTransformer(s.Output, s.Input, s.Folder, s.Grayscale);
    }
}
