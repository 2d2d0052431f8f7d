using MlNetDeep.Data;

namespace MlNetDeep.Classical;

/// <summary>What a label column holds, and how its values become XGBoost labels.</summary>
internal enum LabelKind
{
    /// <summary>Boolean: false 0, true 1 (binary objectives).</summary>
    Boolean,
    /// <summary>Key: class index = key - 1 (multiclass objectives); key 0 (missing) is refused.</summary>
    Key,
    /// <summary>Single: the value itself (regression).</summary>
    Single,
}

/// <summary>
/// Reads a feature column (Vector&lt;Single&gt; of known size) and an optional label column of a
/// view into a dense row-major block and labels, as the classical learners train on them.
/// NaN features pass through as missing values (XGBoost) or are refused with the row and
/// column named (learners without a notion of missing); a missing key, a NaN label or a vector
/// of the wrong size is refused with the row named.
/// </summary>
internal static class DenseData
{
    /// <summary>The label kind a column supports.</summary>
    /// <exception cref="SchemaMismatchException">The column is not Boolean, a key or Single.</exception>
    public static LabelKind KindOf(DataViewSchema.Column label) => label.Type switch
    {
        BooleanDataViewType => LabelKind.Boolean,
        KeyDataViewType => LabelKind.Key,
        NumberDataViewType n when n == NumberDataViewType.Single => LabelKind.Single,
        _ => throw new SchemaMismatchException(label.Name, "Boolean, a key or Single", label.Type.ToString()),
    };

    /// <summary>Reads every row: features row-major (rows × width) and, when a label column is named, one label per row.</summary>
    /// <exception cref="SchemaMismatchException">A column is missing or of the wrong type; the column is named.</exception>
    /// <exception cref="ArgumentException">A label is missing or NaN, or the view has no rows; the row is named.</exception>
    /// <exception cref="ArgumentException">A feature is NaN and <paramref name="allowMissing"/> is false; the row and column are named.</exception>
    public static (float[] Features, int Rows, int Width, float[]? Labels) Read(IDataView data, string featureColumn, string? labelColumn, bool allowMissing = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        var f = data.Schema.GetColumnOrNull(featureColumn) ?? throw new SchemaMismatchException(featureColumn, "Vector<Single> of known size", null);
        if (f.Type is not VectorDataViewType { IsKnownSize: true } v || v.ItemType != NumberDataViewType.Single)
            throw new SchemaMismatchException(featureColumn, "Vector<Single> of known size", f.Type.ToString());
        int width = v.Size;
        DataViewSchema.Column? l = null;
        LabelKind kind = LabelKind.Single;
        if (labelColumn is not null)
        {
            l = data.Schema.GetColumnOrNull(labelColumn) ?? throw new SchemaMismatchException(labelColumn, "Boolean, a key or Single", null);
            kind = KindOf(l);
        }
        // Known row counts (cached and in-memory views) fill one block; others grow it by doubling.
        long known = data.GetRowCount() ?? 0;
        var features = new float[checked((int)Math.Min(Math.Max(known, 1) * width, Array.MaxLength))];
        var labels = labelColumn is null ? null : new float[Math.Max(known, 1)];
        using var cursor = data.GetRowCursor(l is { } lc ? [f, lc] : [f]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(f);
        Func<float>? getLabel = l is { } c ? LabelGetter(cursor, c, kind) : null;
        VBuffer<float> row = default;
        int rows = 0;
        while (cursor.MoveNext())
        {
            getFeatures(ref row);
            if (row.Length != width) throw new ArgumentException($"Row {rows}: column '{featureColumn}' has {row.Length} values; the schema says {width}.");
            if ((long)(rows + 1) * width > features.Length)
            {
                long grown = Math.Min((long)features.Length * 2, Array.MaxLength / width * (long)width);
                if (grown <= features.Length) throw new ArgumentException($"Row {rows}: the data exceeds the largest matrix XGBoost is given from one array.");
                Array.Resize(ref features, (int)grown);
            }
            var values = row.GetValues();
            if (!allowMissing && IndexOfNaN(values) is var nan and >= 0)
                throw new ArgumentException($"Row {rows}: column '{featureColumn}' slot {nan} is NaN (missing); this learner needs every value. " +
                    "Fill missing values first (ctx.Transforms.ReplaceMissingValues) or use XGBoost, which routes them.");
            values.CopyTo(features.AsSpan(rows * width, width));
            if (getLabel is not null)
            {
                float y = getLabel();
                if (float.IsNaN(y)) throw new ArgumentException($"Row {rows}: label column '{labelColumn}' is missing (NaN or key 0); remove or fill such rows before training.");
                if (rows >= labels!.Length) Array.Resize(ref labels, labels.Length * 2);
                labels[rows] = y;
            }
            rows++;
        }
        if (rows == 0) throw new ArgumentException("The data has no rows.");
        if ((long)rows * width != features.Length) Array.Resize(ref features, rows * width);
        if (labels is not null && labels.Length != rows) Array.Resize(ref labels, rows);
        return (features, rows, width, labels);
    }

    private static int IndexOfNaN(ReadOnlySpan<float> v)
    {
        for (int i = 0; i < v.Length; i++)
            if (float.IsNaN(v[i])) return i;
        return -1;
    }

    private static Func<float> LabelGetter(DataViewRowCursor cursor, DataViewSchema.Column label, LabelKind kind)
    {
        switch (kind)
        {
            case LabelKind.Boolean:
            {
                var g = cursor.GetGetter<bool>(label);
                bool b = false;
                return () => { g(ref b); return b ? 1f : 0f; };
            }
            case LabelKind.Key:
            {
                var g = cursor.GetGetter<uint>(label);
                uint k = 0;
                return () => { g(ref k); return k == 0 ? float.NaN : k - 1; };
            }
            default:
            {
                var g = cursor.GetGetter<float>(label);
                float x = 0;
                return () => { g(ref x); return x; };
            }
        }
    }
}
