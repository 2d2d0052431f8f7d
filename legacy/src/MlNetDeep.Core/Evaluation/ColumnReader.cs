using MlNetDeep.Data;

namespace MlNetDeep.Evaluation;

/// <summary>Reads evaluator input columns into arrays, checking their types by name.</summary>
internal static class ColumnReader
{
    internal static DataViewSchema.Column Require(IDataView data, string name, string expected, Func<DataViewType, bool> ok)
    {
        var col = data.Schema.GetColumnOrNull(name) ?? throw new SchemaMismatchException(name, expected, null);
        if (!ok(col.Type)) throw new SchemaMismatchException(name, expected, col.Type.ToString());
        return col;
    }

    internal static bool IsFloatScalar(DataViewType t) => t == NumberDataViewType.Single || t == NumberDataViewType.Double;
    internal static bool IsFloatVector(DataViewType t) => t is VectorDataViewType v && (v.ItemType == NumberDataViewType.Single);

    /// <summary>A getter converting a float or double scalar column to double.</summary>
    internal static Func<double> Double(DataViewRowCursor c, DataViewSchema.Column col)
    {
        if (col.Type == NumberDataViewType.Single) { var g = c.GetGetter<float>(col); float v = 0; return () => { g(ref v); return v; }; }
        { var g = c.GetGetter<double>(col); double v = 0; return () => { g(ref v); return v; }; }
    }
}
