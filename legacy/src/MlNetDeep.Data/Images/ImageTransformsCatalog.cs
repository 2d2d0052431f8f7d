using MlNetDeep.Catalogs;
using MlNetDeep.Data.Images;

namespace MlNetDeep.Data;

/// <summary>Image transforms on <c>ctx.Transforms</c>: LoadImages, ResizeImages, ExtractPixels.</summary>
public static class ImageTransformsCatalog
{
    /// <summary>Decodes the image files named by <paramref name="inputColumnName"/> (see <see cref="ImageLoadingTransformer"/>).</summary>
    public static IEstimator<ImageLoadingTransformer> LoadImages(this TransformsCatalog catalog, string outputColumnName, string? imageFolder, string inputColumnName,
        bool grayscale = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageLoadingTransformer(outputColumnName, inputColumnName, imageFolder, grayscale);
    }

    /// <summary>Resizes images (see <see cref="ImageResizingTransformer"/>).</summary>
    public static IEstimator<ImageResizingTransformer> ResizeImages(this TransformsCatalog catalog, string outputColumnName, int imageWidth, int imageHeight,
        string? inputColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageResizingTransformer(outputColumnName, imageWidth, imageHeight, inputColumnName);
    }

    /// <summary>Turns images into float vectors (see <see cref="ImagePixelExtractingTransformer"/>).</summary>
    public static IEstimator<ImagePixelExtractingTransformer> ExtractPixels(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        float scale = 1f / 255, float offset = 0, bool interleavePixelColors = false, bool bgr = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImagePixelExtractingTransformer(outputColumnName, inputColumnName, scale, offset, interleavePixelColors, bgr);
    }
}
