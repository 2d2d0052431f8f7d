using System.Collections;

namespace MlNetDeep.Data;

/// <summary>
/// The columns of an <see cref="IDataView"/>: name, index, type and annotations. When two
/// columns share a name, the later one hides the earlier (which keeps its index), as in
/// ML.NET.
/// </summary>
public sealed class DataViewSchema : IReadOnlyList<DataViewSchema.Column>
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, Column> _byName;

    /// <summary>Creates a schema from column definitions, indexed in order.</summary>
    public DataViewSchema(IEnumerable<(string Name, DataViewType Type, IReadOnlyDictionary<string, object>? Annotations)> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        // Plain loops, and an array fast path: generic iterator code over these tuples is not
        // precompiled, and a schema is built on every model's cold load.
        var list = new List<Column>();
        if (columns is (string Name, DataViewType Type, IReadOnlyDictionary<string, object>? Annotations)[] array)
        {
            for (int i = 0; i < array.Length; i++) list.Add(NewColumn(array[i].Name, i, array[i].Type, array[i].Annotations));
        }
        else
        {
            foreach (var c in columns) list.Add(NewColumn(c.Name, list.Count, c.Type, c.Annotations));
        }
        _columns = list.ToArray();
        _byName = new Dictionary<string, Column>(StringComparer.Ordinal);
        foreach (var c in _columns) _byName[c.Name] = c;
    }

    /// <summary>The indexes of <paramref name="columns"/> (what a cursor keeps active).</summary>
    internal static HashSet<int> IndexesOf(IEnumerable<Column> columns)
    {
        var set = new HashSet<int>();
        foreach (var c in columns) set.Add(c.Index);
        return set;
    }

    private static Column NewColumn(string name, int index, DataViewType type, IReadOnlyDictionary<string, object>? annotations)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(type);
        return new Column(name, index, type, annotations ?? Empty);
    }

    private static readonly IReadOnlyDictionary<string, object> Empty = new Dictionary<string, object>();

    /// <summary>Number of columns (hidden ones included).</summary>
    public int Count => _columns.Length;

    /// <summary>The column at <paramref name="index"/>.</summary>
    public Column this[int index] => _columns[index];

    /// <summary>The visible column named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such column; the message lists the columns there are.</exception>
    public Column this[string name] => GetColumnOrNull(name) ??
        throw new ArgumentOutOfRangeException(nameof(name), $"Column '{name}' not found. Columns: {string.Join(", ", _byName.Keys)}.");

    /// <summary>The visible column named <paramref name="name"/>, or null.</summary>
    public Column? GetColumnOrNull(string name) => _byName.TryGetValue(name, out var c) ? c : null;

    /// <summary>The named column, which must be a Vector&lt;Single&gt; of exactly <paramref name="size"/> values (what a fitted model reads).</summary>
    /// <exception cref="SchemaMismatchException">It is missing or has another type or size; the column is named.</exception>
    public Column RequireSingleVector(string name, int size)
    {
        string expected = $"Vector<Single, {size}>";
        var col = GetColumnOrNull(name) ?? throw new SchemaMismatchException(name, expected, null);
        if (col.Type is not VectorDataViewType { IsKnownSize: true } v || v.ItemType != NumberDataViewType.Single || v.Size != size)
            throw new SchemaMismatchException(name, expected, col.Type.ToString());
        return col;
    }

    /// <inheritdoc />
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The columns as "name: type" lines.</summary>
    public override string ToString() => string.Join(Environment.NewLine, _columns.Select(c => $"{c.Name}: {c.Type}{(c.IsHidden(this) ? " (hidden)" : "")}"));

    /// <summary>One column of a schema.</summary>
    /// <param name="Name">Column name.</param>
    /// <param name="Index">Position in the schema.</param>
    /// <param name="Type">Value type.</param>
    /// <param name="Annotations">Extra facts (key value names, slot names, ...).</param>
    public sealed record Column(string Name, int Index, DataViewType Type, IReadOnlyDictionary<string, object> Annotations)
    {
        /// <summary>Whether a later column of the same name hides this one.</summary>
        public bool IsHidden(DataViewSchema schema) => schema.GetColumnOrNull(Name)?.Index != Index;

        /// <summary>The key value names (class names) of a key column, or null.</summary>
        public IReadOnlyList<string>? KeyValues => Annotations.TryGetValue(AnnotationNames.KeyValues, out var v) ? v as IReadOnlyList<string> : null;

        /// <summary>Copies this column's definition under another index (for building derived schemas).</summary>
        public (string Name, DataViewType Type, IReadOnlyDictionary<string, object>? Annotations) Definition => (Name, Type, Annotations);
    }
}
