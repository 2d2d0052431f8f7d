using MlNetDeep.Catalogs;
using MlNetDeep.Data.Augmentation;

namespace MlNetDeep.Data;

/// <summary>Training-time augmentation on <c>ctx.Transforms</c>.</summary>
public static class AugmentationCatalog
{
    /// <summary>
    /// Augments a [C, H, W] image column while later steps train, never at inference (see
    /// <see cref="ImageAugmentationTransformer"/>). Without an explicit seed the context's next seed is used.
    /// </summary>
    public static IEstimator<ImageAugmentationTransformer> AugmentImages(this TransformsCatalog catalog, string columnName, ImageAugmentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Seed == 0 ? options with { Seed = catalog.Context.NextSeed() } : options;
        return new ImageAugmentationTransformer(columnName, o);
    }
}
