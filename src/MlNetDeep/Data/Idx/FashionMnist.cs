namespace MlNetDeep.Data.Idx;

/// <summary>Fashion-MNIST: 28x28 grey images of 10 clothing classes, 60,000 for training and 10,000 for test (Debian's <c>dataset-fashion-mnist</c>).</summary>
public static class FashionMnist
{
    /// <summary>Where Debian's package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The path of <paramref name="name"/> in <paramref name="directory"/>, plain or gzip-compressed.</summary>
    /// <exception cref="FileNotFoundException">Neither exists; the message says which package provides them.</exception>
    public static string Find(string directory, string name)
    {
        foreach (string candidate in new[] { Path.Combine(directory, name), Path.Combine(directory, name + ".gz") })
            if (File.Exists(candidate)) return candidate;
        throw new FileNotFoundException(
            $"Fashion-MNIST file {name}(.gz) not found in {directory}. Install the Debian package dataset-fashion-mnist (./setup.sh does).",
            Path.Combine(directory, name));
    }
}
