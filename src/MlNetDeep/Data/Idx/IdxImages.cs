using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetDeep.Schema;

namespace MlNetDeep.Data.Idx;

/// <summary>
/// An IDX image file and its label file (the MNIST format) as an ML.NET data view: <c>Label</c>,
/// a key carrying the class names, and <c>Features</c>, a Vector&lt;Single, 1, H, W&gt; of
/// pixel / 255. Built on ML.NET's <c>LoadFromEnumerable</c> with a schema definition: the rows
/// are in memory and the view counts them.
/// </summary>
public static class IdxImages
{
    /// <summary>The row type of the view (public for ML.NET's reflection over its fields).</summary>
    public sealed class Row
    {
        /// <summary>The class, 0-based (LoadFromEnumerable stores value v of a key column as key v + 1).</summary>
        public uint Label { get; set; }

        /// <summary>Pixels / 255, row-major.</summary>
        public float[] Features { get; set; } = [];
    }

    /// <summary>Reads the two files and builds the view.</summary>
    /// <exception cref="InvalidDataException">A file is malformed, or the files disagree; the message names the file and entry.</exception>
    public static IDataView Load(DataOperationsCatalog catalog, string imagesPath, string labelsPath, IReadOnlyList<string>? classNames = null, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var (ishape, ibytes) = IdxFile.ReadBytes(imagesPath);
        var (lshape, lbytes) = IdxFile.ReadBytes(labelsPath);
        if (ishape.Length != 3)
            throw new InvalidDataException($"{imagesPath}: expected [N, H, W] images, got [{string.Join(", ", ishape)}].");
        if (lshape.Length != 1 || lshape[0] != ishape[0])
            throw new InvalidDataException($"{labelsPath}: expected {ishape[0]} labels to match {imagesPath}, got [{string.Join(", ", lshape)}].");
        if (limit is < 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be >= 0.");
        int classes = classNames?.Count ?? lbytes.Max() + 1;
        IReadOnlyList<string> names = classNames ?? Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        int n = Math.Min(ishape[0], limit ?? int.MaxValue), size = ishape[1] * ishape[2];
        var rows = new Row[n];
        const float scale = 1f / 255;
        for (int r = 0; r < n; r++)
        {
            if (lbytes[r] >= classes) throw new InvalidDataException($"{labelsPath}: label {lbytes[r]} at entry {r} has no class name (there are {classes}).");
            var pixels = new float[size];
            for (int j = 0; j < size; j++) pixels[j] = ibytes[(long)r * size + j] * scale;
            rows[r] = new Row { Label = lbytes[r], Features = pixels };
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, ishape[1], ishape[2]);
        schema[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), classes);
        var keyValues = new VBuffer<ReadOnlyMemory<char>>(classes, names.Select(s => s.AsMemory()).ToArray());
        schema[nameof(Row.Label)].AddAnnotation(AnnotationKinds.KeyValues, keyValues, new VectorDataViewType(TextDataViewType.Instance, classes));
        return catalog.LoadFromEnumerable(rows, schema);
    }
}
