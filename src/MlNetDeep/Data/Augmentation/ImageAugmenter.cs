using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Data.Augmentation;

/// <summary>
/// Applies <see cref="ImageAugmentationOptions"/> to a batch of images [B, C, H, W] with tensor
/// operations over the whole batch (one gather for the crops, one grid sample for rotation and
/// translation), drawing from a given generator.
/// </summary>
public static class ImageAugmenter
{
    /// <summary>The augmented batch (a new tensor; <paramref name="images"/> is not changed).</summary>
    /// <exception cref="ArgumentException"><paramref name="images"/> is not [B, C, H, W].</exception>
    public static Tensor Apply(Tensor images, ImageAugmentationOptions options, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(generator);
        if (images.dim() != 4)
            throw new ArgumentException($"Augmentation needs images shaped [B, C, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        Tensor x = images.alias();
        if (options.RandomCropPadding > 0) x = RandomCrop(x, options.RandomCropPadding, generator);
        if (options.HorizontalFlip) x = RandomFlip(x, 3, generator);
        if (options.VerticalFlip) x = RandomFlip(x, 2, generator);
        if (options.MaxRotationDegrees > 0 || options.MaxTranslationFraction > 0) x = RandomAffine(x, options.MaxRotationDegrees, options.MaxTranslationFraction, generator);
        if (options.RandomErasingProbability > 0) x = RandomErasing(x, options.RandomErasingProbability, generator);
        if (options.NoiseStd > 0) x = x + randn(x.shape, generator: generator, dtype: x.dtype, device: x.device) * options.NoiseStd;
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Pads by <paramref name="padding"/> zeros and crops back at a random offset per image: out[b, c, i, j] = padded[b, c, oy[b] + i, ox[b] + j], one gather.</summary>
    private static Tensor RandomCrop(Tensor x, int padding, Generator g)
    {
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3], wp = w + 2 * padding;
        var padded = nn.functional.pad(x, [padding, padding, padding, padding]); // [B, C, H+2p, W+2p]
        var offsets = randint(0, 2 * padding + 1, [b, 2], generator: g, device: x.device); // [B, 2]: oy, ox
        var rows = offsets[.., 0].view(b, 1, 1) + arange(h, device: x.device).view(1, h, 1); // [B, H, 1]
        var cols = offsets[.., 1].view(b, 1, 1) + arange(w, device: x.device).view(1, 1, w); // [B, 1, W]
        var index = (rows * wp + cols).view(b, 1, h * w).expand(b, c, h * w); // [B, C, H*W]
        return padded.reshape(b, c, -1).gather(2, index).view(b, c, h, w);
    }

    private static Tensor RandomFlip(Tensor x, long dim, Generator g)
    {
        var flip = rand([x.shape[0]], generator: g, device: x.device).lt(0.5).view(-1, 1, 1, 1);
        return where(flip, x.flip(dim), x);
    }

    /// <summary>Rotation and translation per image through one affine grid and bilinear sampling (zeros outside).</summary>
    private static Tensor RandomAffine(Tensor x, float degrees, float fraction, Generator g)
    {
        long b = x.shape[0];
        var angle = (rand([b], generator: g, device: x.device) * 2 - 1) * (degrees * Math.PI / 180);
        var shift = (rand([b, 2], generator: g, device: x.device) * 2 - 1) * (2 * fraction); // grid coordinates span 2
        var cos = angle.cos();
        var sin = angle.sin();
        var theta = stack([stack([cos, -sin, shift[.., 0]], 1), stack([sin, cos, shift[.., 1]], 1)], 1).to(x.dtype); // [B, 2, 3]
        var grid = nn.functional.affine_grid(theta, [.. x.shape], align_corners: false);
        return nn.functional.grid_sample(x, grid, align_corners: false);
    }

    /// <summary>Random erasing (Zhong et al., 2017): with probability p per image, a rectangle of 2%–33% of the area and aspect 0.3–3.3 becomes 0.</summary>
    private static Tensor RandomErasing(Tensor x, float p, Generator g)
    {
        long b = x.shape[0], h = x.shape[2], w = x.shape[3];
        var area = (rand([b], generator: g, device: x.device) * 0.31 + 0.02) * (h * w);
        var aspect = (rand([b], generator: g, device: x.device) * (Math.Log(3.3) - Math.Log(0.3)) + Math.Log(0.3)).exp();
        var eh = (area * aspect).sqrt().round().clamp(1, h);
        var ew = (area / aspect).sqrt().round().clamp(1, w);
        var top = (rand([b], generator: g, device: x.device) * (h - eh + 1)).floor();
        var left = (rand([b], generator: g, device: x.device) * (w - ew + 1)).floor();
        var erase = rand([b], generator: g, device: x.device).lt(p);
        var ys = arange(h, device: x.device).view(1, h, 1);
        var xs = arange(w, device: x.device).view(1, 1, w);
        var inside = ys.ge(top.view(b, 1, 1)) & ys.lt((top + eh).view(b, 1, 1)) & xs.ge(left.view(b, 1, 1)) & xs.lt((left + ew).view(b, 1, 1)); // [B, H, W]
        var mask = (inside & erase.view(b, 1, 1)).unsqueeze(1); // [B, 1, H, W]
        return x.masked_fill(mask, 0);
    }
}
