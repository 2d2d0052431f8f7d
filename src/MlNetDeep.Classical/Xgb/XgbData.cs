using MlNetDeep.Data;

namespace MlNetDeep.Classical.Xgb;

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
/// view into a dense row-major block and labels for a <see cref="DMatrix"/>. NaN features pass
/// through as missing values; a missing key, a NaN label or a vector of the wrong size is
/// refused with the row named.
/// </summary>
internal static class XgbData
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
    public static (float[] Features, int Rows, int Width, float[]? Labels) Read(IDataView data, string featureColumn, string? labelColumn)
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
        var features = new List<float>();
        var labels = labelColumn is null ? null : new List<float>();
        using var cursor = data.GetRowCursor(l is { } lc ? [f, lc] : [f]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(f);
        Func<float>? getLabel = l is { } c ? LabelGetter(cursor, c, kind) : null;
        VBuffer<float> row = default;
        int rows = 0;
        while (cursor.MoveNext())
        {
            getFeatures(ref row);
            if (row.Length != width) throw new ArgumentException($"Row {rows}: column '{featureColumn}' has {row.Length} values; the schema says {width}.");
            features.AddRange(row.GetValues());
            if (getLabel is not null)
            {
                float y = getLabel();
                if (float.IsNaN(y)) throw new ArgumentException($"Row {rows}: label column '{labelColumn}' is missing (NaN or key 0); remove or fill such rows before training.");
                labels!.Add(y);
            }
            rows++;
        }
        if (rows == 0) throw new ArgumentException("The data has no rows.");
        return (features.ToArray(), rows, width, labels?.ToArray());
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

    /// <summary>A <see cref="DMatrix"/> of the view's rows (labels set when a label column is named).</summary>
    public static DMatrix ToDMatrix(IDataView data, string featureColumn, string? labelColumn)
    {
        var (x, rows, width, y) = Read(data, featureColumn, labelColumn);
        var d = new DMatrix(x, rows, width);
        try
        {
            if (y is not null) d.SetLabels(y);
            return d;
        }
        catch
        {
            d.Dispose();
            throw;
        }
    }
}
