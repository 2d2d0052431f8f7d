using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetDeep.Schema;

/// <summary>
/// Builds <see cref="SchemaShape.Column"/> values for estimators' <c>GetOutputSchema</c>.
/// ML.NET 6 keeps the column's constructor internal (its own trainers reach it through
/// InternalsVisibleTo), yet a third-party estimator must return new columns, with the
/// annotations downstream estimators check (MapKeyToValue refuses a key column whose shape
/// lacks KeyValues). <see cref="UnsafeAccessorAttribute"/> calls that constructor; a changed
/// signature in a later ML.NET fails at the first call with <see cref="MissingMethodException"/>,
/// which the schema tests catch.
/// </summary>
internal static class SchemaShapes
{
    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern SchemaShape.Column NewColumn(string name, SchemaShape.Column.VectorKind vecKind, DataViewType itemType, bool isKey, SchemaShape? annotations);

    /// <summary>A scalar column.</summary>
    internal static SchemaShape.Column Scalar(string name, DataViewType itemType, bool isKey = false, IEnumerable<SchemaShape.Column>? annotations = null) =>
        NewColumn(name, SchemaShape.Column.VectorKind.Scalar, itemType, isKey, annotations is null ? null : new SchemaShape(annotations));

    /// <summary>A vector column of known size.</summary>
    internal static SchemaShape.Column Vector(string name, DataViewType itemType, bool isKey = false, IEnumerable<SchemaShape.Column>? annotations = null) =>
        NewColumn(name, SchemaShape.Column.VectorKind.Vector, itemType, isKey, annotations is null ? null : new SchemaShape(annotations));

    /// <summary>The input schema with <paramref name="added"/> columns appended, replacing any of the same name (as ML.NET's transformers do).</summary>
    internal static SchemaShape With(this SchemaShape input, params SchemaShape.Column[] added)
    {
        var names = added.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return new SchemaShape(input.Where(c => !names.Contains(c.Name)).Concat(added));
    }

    /// <summary>The column named <paramref name="name"/> (the last of that name, as ML.NET's own lookup; its TryFindColumn is internal).</summary>
    internal static bool TryFind(this SchemaShape shape, string name, out SchemaShape.Column column)
    {
        column = default;
        bool found = false;
        foreach (var c in shape)
        {
            if (c.Name != name) continue;
            column = c;
            found = true;
        }
        return found;
    }

    /// <summary>How ML.NET prints a column shape's type, e.g. "Vector&lt;Single&gt;" or "Key&lt;UInt32&gt;".</summary>
    internal static string Describe(SchemaShape.Column c)
    {
        string item = c.IsKey ? $"Key<{c.ItemType.RawType.Name}>" : c.ItemType.ToString() ?? c.ItemType.RawType.Name;
        return c.Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => item,
            SchemaShape.Column.VectorKind.Vector => $"Vector<{item}>",
            _ => $"VarVector<{item}>",
        };
    }
}
