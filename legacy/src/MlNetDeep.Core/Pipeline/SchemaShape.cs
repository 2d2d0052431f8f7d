using System.Collections;
using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>
/// What an estimator knows about columns before data is read: name, scalar or vector,
/// item type and whether it is a key (sizes and key counts may be unknown until fitting).
/// Estimators use it to check a whole pipeline up front.
/// </summary>
public sealed class SchemaShape : IReadOnlyList<SchemaShape.Column>
{
    private readonly Column[] _columns;

    /// <summary>Creates a shape from columns (later ones hide earlier ones of the same name).</summary>
    public SchemaShape(IEnumerable<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var byName = new Dictionary<string, Column>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var c in columns)
        {
            if (!byName.ContainsKey(c.Name)) order.Add(c.Name);
            byName[c.Name] = c;
        }
        _columns = order.Select(n => byName[n]).ToArray();
    }

    /// <summary>Kind of a column's values.</summary>
    public enum VectorKind
    {
        /// <summary>One value per row.</summary>
        Scalar,
        /// <summary>A fixed-size vector per row.</summary>
        Vector,
        /// <summary>A variable-length vector per row.</summary>
        VariableVector,
    }

    /// <summary>One column's shape.</summary>
    /// <param name="Name">Column name.</param>
    /// <param name="Kind">Scalar or vector.</param>
    /// <param name="ItemType">Type of each value (for keys a <see cref="KeyDataViewType"/>, possibly of unknown count).</param>
    /// <param name="Dimensions">Fixed-size vector dimensions when known.</param>
    public sealed record Column(string Name, VectorKind Kind, DataViewType ItemType, IReadOnlyList<int>? Dimensions = null)
    {
        /// <summary>Whether the values are keys.</summary>
        public bool IsKey => ItemType is KeyDataViewType;

        /// <summary>Readable type, e.g. "Vector&lt;Single&gt;" or "Key".</summary>
        public string TypeDescription => Kind switch
        {
            VectorKind.Scalar => ItemType.ToString()!,
            VectorKind.Vector => Dimensions is { Count: > 0 } d ? $"Vector<{ItemType}, {string.Join(", ", d)}>" : $"Vector<{ItemType}>",
            _ => $"VarVector<{ItemType}>",
        };
    }

    /// <summary>The shape of an existing schema (visible columns).</summary>
    public static SchemaShape Create(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new SchemaShape(schema.Where(c => !c.IsHidden(schema)).Select(FromColumn));
    }

    /// <summary>The shape of one schema column.</summary>
    public static Column FromColumn(DataViewSchema.Column c) => c.Type switch
    {
        VectorDataViewType v when v.IsKnownSize => new Column(c.Name, VectorKind.Vector, v.ItemType, v.Dimensions),
        VectorDataViewType v => new Column(c.Name, VectorKind.VariableVector, v.ItemType),
        _ => new Column(c.Name, VectorKind.Scalar, c.Type),
    };

    /// <summary>Number of columns.</summary>
    public int Count => _columns.Length;

    /// <summary>The column at <paramref name="index"/>.</summary>
    public Column this[int index] => _columns[index];

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public Column? Find(string name) => _columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The column named <paramref name="name"/>.</summary>
    /// <exception cref="SchemaMismatchException">It is missing.</exception>
    public Column Require(string name, string expected) => Find(name) ?? throw new SchemaMismatchException(name, expected, null);

    /// <summary>The named column, which must be a vector of Single (a trainer's feature column).</summary>
    /// <exception cref="SchemaMismatchException">The column is missing or not a Single vector.</exception>
    public Column RequireSingleVector(string name)
    {
        const string expected = "a Vector<Single> of known size";
        var c = Require(name, expected);
        if (c.ItemType != NumberDataViewType.Single || c.Kind != VectorKind.Vector) throw new SchemaMismatchException(name, expected, c.TypeDescription);
        return c;
    }

    /// <summary>A copy with <paramref name="columns"/> added (replacing same-named ones).</summary>
    public SchemaShape With(params Column[] columns) => new(_columns.Concat(columns));

    /// <summary>A copy without the named columns.</summary>
    public SchemaShape Without(IEnumerable<string> names)
    {
        var drop = names.ToHashSet(StringComparer.Ordinal);
        return new SchemaShape(_columns.Where(c => !drop.Contains(c.Name)));
    }

    /// <inheritdoc />
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
