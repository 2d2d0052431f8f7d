using MlNetDeep.Torch;

namespace MlNetDeep.Data.Idx;

/// <summary>
/// Fashion-MNIST as tensors: 28x28 grey images of 10 clothing classes, 60,000 for training
/// and 10,000 for test. Reads the IDX files of Debian's <c>dataset-fashion-mnist</c> package.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Pixel mean of the training set (after scaling to [0, 1]).</summary>
    public const double Mean = 0.2860;

    /// <summary>Pixel standard deviation of the training set (after scaling to [0, 1]).</summary>
    public const double Std = 0.3530;

    /// <summary>The class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// Loads one split as (images [N, 1, 28, 28] Float32 normalized with <see cref="Mean"/> and
    /// <see cref="Std"/>, labels [N] Int64). <paramref name="limit"/> keeps the first N rows.
    /// </summary>
    /// <exception cref="FileNotFoundException">The files are missing (install dataset-fashion-mnist; ./setup.sh does).</exception>
    public static (Tensor Images, Tensor Labels) Load(bool train, string directory = DefaultDirectory, int? limit = null)
    {
        string prefix = train ? "train" : "t10k";
        string images = Find(directory, $"{prefix}-images-idx3-ubyte");
        string labels = Find(directory, $"{prefix}-labels-idx1-ubyte");
        var (ishape, ibytes) = IdxFile.ReadBytes(images);
        var (lshape, lbytes) = IdxFile.ReadBytes(labels);
        if (ishape.Length != 3 || ishape[1] != 28 || ishape[2] != 28)
            throw new InvalidDataException($"{images}: expected [N, 28, 28] images, got [{string.Join(", ", ishape)}].");
        if (lshape.Length != 1 || lshape[0] != ishape[0])
            throw new InvalidDataException($"{labels}: expected {ishape[0]} labels, got [{string.Join(", ", lshape)}].");
        int n = Math.Min(ishape[0], limit ?? int.MaxValue);
        var pixels = new float[n * 28 * 28];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)((ibytes[i] / 255.0 - Mean) / Std);
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            if (lbytes[i] > 9) throw new InvalidDataException($"{labels}: label {lbytes[i]} at entry {i} is outside 0..9.");
            y[i] = lbytes[i];
        }
        return (Tensor.FromArray(pixels, n, 1, 28, 28), Tensor.FromArray(y, n));
    }

    internal static string Find(string directory, string name)
    {
        foreach (string candidate in new[] { Path.Combine(directory, name), Path.Combine(directory, name + ".gz") })
            if (File.Exists(candidate)) return candidate;
        throw new FileNotFoundException(
            $"Fashion-MNIST file {name}(.gz) not found in {directory}. Install the Debian package dataset-fashion-mnist (./setup.sh does).",
            Path.Combine(directory, name));
    }
}
