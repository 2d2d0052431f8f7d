namespace MlNetDeep.Data.Transforms;

/// <summary>Type tests and descriptions shared by the transforms.</summary>
internal static class ColumnTypes
{
    internal static bool IsSingle(DataViewType t) => t == NumberDataViewType.Single;
    internal static bool IsSingleOrVector(DataViewType t) => IsSingle(t) || t is VectorDataViewType v && IsSingle(v.ItemType);
    internal static PrimitiveDataViewType ItemType(DataViewType t) => t is VectorDataViewType v ? v.ItemType : (PrimitiveDataViewType)t;
    internal static int SlotCount(DataViewType t) => t is VectorDataViewType v ? v.Size : 1;

    /// <summary>Shape check of a Single scalar or known-size Single vector input.</summary>
    internal static SchemaShape.Column RequireSingle(SchemaShape shape, string name, string what)
    {
        var c = shape.Require(name, what);
        if (c.ItemType != NumberDataViewType.Single || c.Kind == SchemaShape.VectorKind.VariableVector)
            throw new SchemaMismatchException(name, what, c.TypeDescription);
        return c;
    }
}
