using MlNetDeep.Catalogs;
using MlNetDeep.Data.Idx;

namespace MlNetDeep.Data;

/// <summary>IDX (MNIST-format) loading on <c>ctx.Data</c>.</summary>
public static class IdxLoaderCatalog
{
    /// <summary>
    /// Loads an IDX image file and its label file into memory: <c>Features</c>, a
    /// Vector&lt;Single&gt; shaped [1, H, W] holding pixel / 255, and <c>Label</c>, a key
    /// named by <paramref name="classNames"/> (default "0".."N-1").
    /// </summary>
    /// <exception cref="InvalidDataException">A header is malformed or disagrees with the file size or the other file.</exception>
    public static InMemoryDataView LoadFromIdx(this DataOperationsCatalog catalog, string imagesPath, string labelsPath, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var (ishape, ibytes) = IdxFile.ReadBytes(imagesPath);
        var (lshape, lbytes) = IdxFile.ReadBytes(labelsPath);
        if (ishape.Length != 3)
            throw new InvalidDataException($"{imagesPath}: expected [N, H, W] images, got [{string.Join(", ", ishape)}].");
        if (lshape.Length != 1 || lshape[0] != ishape[0])
            throw new InvalidDataException($"{labelsPath}: expected {ishape[0]} labels to match {imagesPath}, got [{string.Join(", ", lshape)}].");
        int classes = classNames?.Count ?? lbytes.Max() + 1;
        var names = classNames ?? Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var keys = new uint[lbytes.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            if (lbytes[i] >= classes) throw new InvalidDataException($"{labelsPath}: label {lbytes[i]} at entry {i} has no class name (there are {classes}).");
            keys[i] = lbytes[i] + 1u;
        }
        var pixels = new float[ibytes.Length];
        const float scale = 1f / 255;
        for (int i = 0; i < pixels.Length; i++) pixels[i] = ibytes[i] * scale;
        return new InMemoryDataViewBuilder()
            .AddVector("Features", pixels, 1, ishape[1], ishape[2])
            .AddKey("Label", keys, names)
            .Build();
    }

    /// <summary>Fashion-MNIST's training (60,000) or test (10,000) split with its class names (see <see cref="LoadFromIdx"/>).</summary>
    public static InMemoryDataView LoadFashionMnist(this DataOperationsCatalog catalog, bool train, string directory = FashionMnist.DefaultDirectory)
    {
        string prefix = train ? "train" : "t10k";
        return LoadFromIdx(catalog, FashionMnist.Find(directory, $"{prefix}-images-idx3-ubyte"), FashionMnist.Find(directory, $"{prefix}-labels-idx1-ubyte"), FashionMnist.ClassNames);
    }
}
