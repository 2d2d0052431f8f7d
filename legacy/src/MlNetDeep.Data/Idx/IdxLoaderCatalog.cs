using MlNetDeep.Catalogs;
using MlNetDeep.Data.Idx;

namespace MlNetDeep.Data;

/// <summary>IDX (MNIST-format) loading on <c>ctx.Data</c>.</summary>
public static class IdxLoaderCatalog
{
    /// <summary>
    /// Loads an IDX image file and its label file into memory: <c>Features</c>, a
    /// Vector&lt;Single&gt; shaped [1, H, W] holding pixel / 255, and <c>Label</c>, a key
    /// named by <paramref name="classNames"/> (default "0".."N-1"). With <paramref name="classes"/>
    /// only the rows of those classes (0-based label values) are kept and the label is a key of
    /// just them, in the order given; <paramref name="perClass"/> &gt; 0 keeps each class's first
    /// that many rows (a small labelled set for transfer learning).
    /// </summary>
    /// <exception cref="InvalidDataException">A header is malformed or disagrees with the file size or the other file.</exception>
    /// <exception cref="ArgumentException"><paramref name="classes"/> repeats a class or names one the labels cannot have.</exception>
    public static InMemoryDataView LoadFromIdx(this DataOperationsCatalog catalog, string imagesPath, string labelsPath, IReadOnlyList<string>? classNames = null,
        IReadOnlyList<int>? classes = null, int perClass = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var (ishape, ibytes) = IdxFile.ReadBytes(imagesPath);
        var (lshape, lbytes) = IdxFile.ReadBytes(labelsPath);
        if (ishape.Length != 3)
            throw new InvalidDataException($"{imagesPath}: expected [N, H, W] images, got [{string.Join(", ", ishape)}].");
        if (lshape.Length != 1 || lshape[0] != ishape[0])
            throw new InvalidDataException($"{labelsPath}: expected {ishape[0]} labels to match {imagesPath}, got [{string.Join(", ", lshape)}].");
        int classCount = classNames?.Count ?? lbytes.Max() + 1;
        IReadOnlyList<string> names = classNames ?? Enumerable.Range(0, classCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var keys = new uint[lbytes.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            if (lbytes[i] >= classCount) throw new InvalidDataException($"{labelsPath}: label {lbytes[i]} at entry {i} has no class name (there are {classCount}).");
            keys[i] = lbytes[i] + 1u;
        }
        ArgumentOutOfRangeException.ThrowIfNegative(perClass);
        int size = ishape[1] * ishape[2];
        if (classes is not null)
        {
            if (classes.Count == 0 || classes.Distinct().Count() != classes.Count)
                throw new ArgumentException($"classes must list distinct label values; got [{string.Join(", ", classes)}].", nameof(classes));
            foreach (int c in classes)
                if (c < 0 || c >= names.Count) throw new ArgumentException($"classes lists {c}; the labels have {names.Count} classes (0..{names.Count - 1}).", nameof(classes));
        }
        // The kept classes, re-keyed in the order given (all of them, unchanged, by default).
        int[] selected = classes?.ToArray() ?? Enumerable.Range(0, names.Count).ToArray();
        var position = new Dictionary<uint, uint>();
        for (int i = 0; i < selected.Length; i++) position[(uint)selected[i] + 1] = (uint)i + 1;
        var taken = new int[selected.Length + 1];
        int[] kept = Enumerable.Range(0, keys.Length).Where(r => position.TryGetValue(keys[r], out uint k) && (perClass == 0 || taken[k]++ < perClass)).ToArray();
        keys = kept.Select(r => position[keys[r]]).ToArray();
        names = selected.Select(c => names[c]).ToArray();
        var pixels = new float[(long)kept.Length * size];
        const float scale = 1f / 255;
        for (int r = 0; r < kept.Length; r++)
            for (int j = 0; j < size; j++) pixels[(long)r * size + j] = ibytes[(long)kept[r] * size + j] * scale;
        return new InMemoryDataViewBuilder()
            .AddVector("Features", pixels, 1, ishape[1], ishape[2])
            .AddKey("Label", keys, names)
            .Build();
    }

    /// <summary>
    /// Fashion-MNIST's training (60,000) or test (10,000) split with its class names; optionally
    /// only some <paramref name="classes"/> (0 T-shirt/top … 9 Ankle boot), the first
    /// <paramref name="perClass"/> images of each (see <see cref="LoadFromIdx"/>).
    /// </summary>
    public static InMemoryDataView LoadFashionMnist(this DataOperationsCatalog catalog, bool train, string directory = FashionMnist.DefaultDirectory,
        IReadOnlyList<int>? classes = null, int perClass = 0)
    {
        string prefix = train ? "train" : "t10k";
        return LoadFromIdx(catalog, FashionMnist.Find(directory, $"{prefix}-images-idx3-ubyte"), FashionMnist.Find(directory, $"{prefix}-labels-idx1-ubyte"), FashionMnist.ClassNames,
            classes, perClass);
    }
}
