using MlNetDeep.Data;

namespace MlNetDeep.Classical;

/// <summary>The label-column checks every classical trainer makes, by the <see cref="LabelKind"/> its task needs.</summary>
internal static class LabelColumns
{
    /// <summary>What a label of this kind must be, for messages.</summary>
    public static string Expected(LabelKind kind) => kind switch
    {
        LabelKind.Boolean => "Boolean",
        LabelKind.Key => "a key column (use MapValueToKey)",
        _ => "Single",
    };

    /// <summary>The label column of a view, which must have the kind's type.</summary>
    /// <exception cref="SchemaMismatchException">It is missing or has another type; the column is named.</exception>
    public static DataViewSchema.Column Require(DataViewSchema schema, string name, LabelKind kind)
    {
        var label = schema.GetColumnOrNull(name) ?? throw new SchemaMismatchException(name, Expected(kind), null);
        bool fits = kind switch
        {
            LabelKind.Boolean => label.Type is BooleanDataViewType,
            LabelKind.Key => label.Type is KeyDataViewType,
            _ => label.Type == NumberDataViewType.Single,
        };
        return fits ? label : throw new SchemaMismatchException(name, Expected(kind), label.Type.ToString());
    }

    /// <summary>The same check on a schema shape, before any data is read (<see cref="IEstimator{T}.GetOutputSchema"/>).</summary>
    /// <exception cref="SchemaMismatchException">It is missing or has another type; the column is named.</exception>
    public static void Require(SchemaShape shape, string name, LabelKind kind)
    {
        var l = shape.Require(name, Expected(kind));
        bool fits = l.Kind == SchemaShape.VectorKind.Scalar && kind switch
        {
            LabelKind.Boolean => l.ItemType is BooleanDataViewType,
            LabelKind.Key => l.IsKey,
            _ => !l.IsKey && l.ItemType == NumberDataViewType.Single,
        };
        if (!fits) throw new SchemaMismatchException(name, Expected(kind), l.TypeDescription);
    }
}
