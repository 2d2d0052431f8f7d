using MlNetDeep.Data.Idx;

namespace Microsoft.ML;

/// <summary>IDX (MNIST-format) images as ML.NET data views, on <c>ml.Data</c>.</summary>
public static class FashionMnistCatalog
{
    /// <summary>
    /// Fashion-MNIST's training (60,000 rows) or test (10,000) split from Debian's dataset-fashion-mnist:
    /// <c>Label</c>, a key carrying the class names (T-shirt/top … Ankle boot), and <c>Features</c>,
    /// a Vector&lt;Single, 1, 28, 28&gt; of pixel / 255. <paramref name="limit"/> keeps the first rows.
    /// </summary>
    /// <exception cref="FileNotFoundException">The files are missing; the message names the package.</exception>
    public static IDataView LoadFashionMnist(this DataOperationsCatalog catalog, bool train, string directory = FashionMnist.DefaultDirectory, int? limit = null)
    {
        string prefix = train ? "train" : "t10k";
        return IdxImages.Load(catalog, FashionMnist.Find(directory, $"{prefix}-images-idx3-ubyte"), FashionMnist.Find(directory, $"{prefix}-labels-idx1-ubyte"),
            FashionMnist.ClassNames, limit);
    }

    /// <summary>An IDX image file and its label file (plain or .gz) as a data view shaped as <see cref="LoadFashionMnist"/>'s; classes named "0".. unless <paramref name="classNames"/> are given.</summary>
    /// <exception cref="InvalidDataException">A file is malformed or the two disagree; the message names the file and entry.</exception>
    public static IDataView LoadFromIdx(this DataOperationsCatalog catalog, string imagesPath, string labelsPath, IReadOnlyList<string>? classNames = null, int? limit = null) =>
        IdxImages.Load(catalog, imagesPath, labelsPath, classNames, limit);
}
