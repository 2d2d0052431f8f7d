namespace MlNetDeep.Tests;

/// <summary>Generated grey images of shapes: 0 horizontal bar, 1 vertical bar, 2 cross, 3 box outline; random size and place, noise 0..0.3.</summary>
internal static class Shapes
{
    public static readonly string[] Names = ["bar", "column", "cross", "box"];

    public static (float[][] Pixels, uint[] Labels) Make(int n, int side, int seed)
    {
        var rng = new Random(seed);
        var pixels = new float[n][];
        var labels = new uint[n];
        for (int i = 0; i < n; i++)
        {
            var img = new float[side * side];
            for (int p = 0; p < img.Length; p++) img[p] = (float)rng.NextDouble() * 0.3f;
            void Set(int x, int y)
            {
                if (x >= 0 && x < side && y >= 0 && y < side) img[y * side + x] = 1f;
            }
            int cls = rng.Next(4), len = rng.Next(side / 3 + 1, side / 2 + 2), x0 = rng.Next(0, side - len), y0 = rng.Next(0, side - len);
            for (int k = 0; k < len; k++)
            {
                switch (cls)
                {
                    case 0: Set(x0 + k, y0 + len / 2); break;
                    case 1: Set(x0 + len / 2, y0 + k); break;
                    case 2: Set(x0 + k, y0 + len / 2); Set(x0 + len / 2, y0 + k); break;
                    default: Set(x0 + k, y0); Set(x0 + k, y0 + len - 1); Set(x0, y0 + k); Set(x0 + len - 1, y0 + k); break;
                }
            }
            pixels[i] = img;
            labels[i] = (uint)cls + 1;
        }
        return (pixels, labels);
    }
}
