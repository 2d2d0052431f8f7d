namespace MlNetDeep.Data.Augmentation;

/// <summary>Applies <see cref="ImageAugmentationOptions"/> to one [C, H, W] image in place.</summary>
internal static class ImageAugmenter
{
    internal static void Apply(float[] img, int c, int h, int w, ImageAugmentationOptions o, Random rng)
    {
        // Geometric: one affine map (crop offset, translation, rotation, flips) sampled bilinearly.
        double dx = 0, dy = 0, angle = 0;
        if (o.RandomCropPadding > 0)
        {
            dx += rng.Next(-o.RandomCropPadding, o.RandomCropPadding + 1);
            dy += rng.Next(-o.RandomCropPadding, o.RandomCropPadding + 1);
        }
        if (o.MaxTranslationFraction > 0)
        {
            dx += (rng.NextDouble() * 2 - 1) * o.MaxTranslationFraction * w;
            dy += (rng.NextDouble() * 2 - 1) * o.MaxTranslationFraction * h;
        }
        if (o.MaxRotationDegrees > 0) angle = (rng.NextDouble() * 2 - 1) * o.MaxRotationDegrees * Math.PI / 180;
        bool flipX = o.HorizontalFlip && rng.Next(2) == 1, flipY = o.VerticalFlip && rng.Next(2) == 1;
        if (dx != 0 || dy != 0 || angle != 0 || flipX || flipY)
            Warp(img, c, h, w, dx, dy, angle, flipX, flipY, integral: angle == 0 && dx == Math.Round(dx) && dy == Math.Round(dy));
        if (o.RandomErasingProbability > 0 && rng.NextDouble() < o.RandomErasingProbability) Erase(img, c, h, w, rng);
        if (o.NoiseStd > 0)
            for (int i = 0; i < img.Length; i++)
            {
                // Box-Muller.
                double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
                img[i] += (float)(o.NoiseStd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
    }

    private static void Warp(float[] img, int c, int h, int w, double dx, double dy, double angle, bool flipX, bool flipY, bool integral)
    {
        var src = (float[])img.Clone();
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, cos = Math.Cos(angle), sin = Math.Sin(angle);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                // Output (x, y) takes the input at the inverse map: undo the shift, the rotation, the flips.
                double ux = x - dx - cx, uy = y - dy - cy;
                double sx = cos * ux + sin * uy + cx, sy = -sin * ux + cos * uy + cy;
                if (flipX) sx = w - 1 - sx;
                if (flipY) sy = h - 1 - sy;
                for (int k = 0; k < c; k++)
                    img[(k * h + y) * w + x] = integral ? Pixel(src, k, h, w, (int)Math.Round(sx), (int)Math.Round(sy)) : Bilinear(src, k, h, w, sx, sy);
            }
    }

    private static float Pixel(float[] s, int k, int h, int w, int x, int y) => x < 0 || y < 0 || x >= w || y >= h ? 0 : s[(k * h + y) * w + x];

    private static float Bilinear(float[] s, int k, int h, int w, double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        return (float)((1 - fx) * (1 - fy) * Pixel(s, k, h, w, x0, y0) + fx * (1 - fy) * Pixel(s, k, h, w, x0 + 1, y0)
            + (1 - fx) * fy * Pixel(s, k, h, w, x0, y0 + 1) + fx * fy * Pixel(s, k, h, w, x0 + 1, y0 + 1));
    }

    private static void Erase(float[] img, int c, int h, int w, Random rng)
    {
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double area = h * w * (0.02 + rng.NextDouble() * 0.31);
            double aspect = Math.Exp(Math.Log(0.3) + rng.NextDouble() * (Math.Log(3.3) - Math.Log(0.3)));
            int eh = (int)Math.Round(Math.Sqrt(area * aspect)), ew = (int)Math.Round(Math.Sqrt(area / aspect));
            if (eh < 1 || ew < 1 || eh >= h || ew >= w) continue;
            int y0 = rng.Next(h - eh + 1), x0 = rng.Next(w - ew + 1);
            for (int k = 0; k < c; k++)
                for (int y = y0; y < y0 + eh; y++)
                    Array.Clear(img, (k * h + y) * w + x0, ew);
            return;
        }
    }
}
