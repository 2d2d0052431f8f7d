namespace MlNetDeep.Catalogs;

/// <summary>
/// Data transforms: <c>ctx.Transforms.Concatenate(...)</c>, <c>ctx.Transforms.NormalizeMinMax(...)</c>,
/// <c>ctx.Transforms.Conversion.MapValueToKey(...)</c>. The factories are extension methods
/// defined next to each transform.
/// </summary>
public sealed class TransformsCatalog : CatalogBase
{
    internal TransformsCatalog(MLContext context) : base(context)
    {
        Conversion = new ConversionTransforms(context);
        Categorical = new CategoricalTransforms(context);
        Text = new TextTransforms(context);
    }

    /// <summary>Type conversions and key mappings.</summary>
    public ConversionTransforms Conversion { get; }

    /// <summary>Categorical encodings (one-hot, hashed).</summary>
    public CategoricalTransforms Categorical { get; }

    /// <summary>Text tokenization.</summary>
    public TextTransforms Text { get; }

    /// <summary>Conversion transforms (extension methods target this).</summary>
    public sealed class ConversionTransforms : CatalogBase
    {
        internal ConversionTransforms(MLContext context) : base(context) { }
    }

    /// <summary>Categorical transforms (extension methods target this).</summary>
    public sealed class CategoricalTransforms : CatalogBase
    {
        internal CategoricalTransforms(MLContext context) : base(context) { }
    }

    /// <summary>Text transforms (extension methods target this).</summary>
    public sealed class TextTransforms : CatalogBase
    {
        internal TextTransforms(MLContext context) : base(context) { }
    }
}
