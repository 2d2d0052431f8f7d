using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>
/// Builds an <see cref="InMemoryDataView"/> column by column. Every column must have the
/// same number of rows. The arrays are taken as they are (not copied): don't change them
/// afterwards.
/// </summary>
public sealed class InMemoryDataViewBuilder
{
    private readonly List<(string Name, DataViewType Type, IReadOnlyDictionary<string, object>? Annotations)> _defs = new();
    private readonly List<IColumnStore> _stores = new();
    private long _rows = -1;

    private void Add(string name, DataViewType type, IColumnStore store, long rows, IReadOnlyDictionary<string, object>? annotations = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_rows >= 0 && rows != _rows)
            throw new ArgumentException($"Column '{name}' has {rows} rows; earlier columns have {_rows}.", name);
        _rows = rows;
        _defs.Add((name, type, annotations));
        _stores.Add(store);
    }

    /// <summary>Adds a numeric, bool or text column.</summary>
    public InMemoryDataViewBuilder AddScalar<T>(string name, T[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        DataViewType type = typeof(T) == typeof(bool) ? BooleanDataViewType.Instance
            : typeof(T) == typeof(string) ? TextDataViewType.Instance
            : NumberDataViewType.FromRaw(typeof(T)) ?? throw new NotSupportedException($"Column '{name}': {typeof(T).Name} is not a column type.");
        Add(name, type, new ScalarStore<T>(values), values.LongLength);
        return this;
    }

    /// <summary>Adds a key column: values 1..names.Count (0 = missing), named by <paramref name="keyValues"/>.</summary>
    public InMemoryDataViewBuilder AddKey(string name, uint[] values, IReadOnlyList<string> keyValues)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(keyValues);
        uint count = (uint)keyValues.Count;
        for (long i = 0; i < values.LongLength; i++)
            if (values[i] > count)
                throw new ArgumentException($"Column '{name}' row {i}: key {values[i]} exceeds the {count} key values.", nameof(values));
        Add(name, new KeyDataViewType(count), new ScalarStore<uint>(values), values.LongLength,
            new Dictionary<string, object> { [AnnotationNames.KeyValues] = keyValues.ToArray() });
        return this;
    }

    /// <summary>Adds a fixed-size vector column from a flat row-major array of rows x prod(dimensions) values.</summary>
    public InMemoryDataViewBuilder AddVector<T>(string name, T[] flat, params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(flat);
        var type = new VectorDataViewType(ItemType<T>(name), dimensions);
        if (flat.LongLength % type.Size != 0)
            throw new ArgumentException($"Column '{name}': {flat.LongLength} values are not a whole number of rows of {type.Size}.", nameof(flat));
        Add(name, type, new FixedVectorStore<T>(flat, type.Size), flat.LongLength / type.Size);
        return this;
    }

    /// <summary>Adds a variable-length vector (sequence) column, one array per row.</summary>
    public InMemoryDataViewBuilder AddVarVector<T>(string name, T[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Add(name, new VectorDataViewType(ItemType<T>(name)), new VarVectorStore<T>(rows), rows.LongLength);
        return this;
    }

    internal InMemoryDataViewBuilder AddStore(string name, DataViewType type, IColumnStore store, long rows, IReadOnlyDictionary<string, object>? annotations)
    {
        Add(name, type, store, rows, annotations);
        return this;
    }

    private static PrimitiveDataViewType ItemType<T>(string name) =>
        typeof(T) == typeof(bool) ? BooleanDataViewType.Instance
        : typeof(T) == typeof(string) ? TextDataViewType.Instance
        : NumberDataViewType.FromRaw(typeof(T)) ?? throw new NotSupportedException($"Column '{name}': {typeof(T).Name} is not a vector item type.");

    /// <summary>Creates the view.</summary>
    public InMemoryDataView Build() => new(new DataViewSchema(_defs), _stores.ToArray(), Math.Max(_rows, 0));
}
