using System.Globalization;
using System.Reflection;

namespace MlNetDeep.Data.Text;

/// <summary>Builds <see cref="TextLoaderView"/>s: reads the header, infers or maps columns, checks field indices.</summary>
internal static class TextLoader
{
    internal static TextLoaderView Load(string path, TextLoaderOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path)) throw new FileNotFoundException($"Text file '{path}' not found.", path);
        var (header, firstRow, sample) = Peek(path, options);
        int expected = header?.Length ?? firstRow?.Length ?? 0;
        if (expected == 0) throw new TextLoaderException(path, 1, null, "the file is empty");
        var columns = options.Columns ?? Infer(header, expected, sample);
        foreach (var c in columns)
        {
            if (c.Start < 0 || c.Last < c.Start)
                throw new ArgumentException($"Column '{c.Name}': field range {c.Start}..{c.Last} is not valid.");
            if (c.Last >= expected)
                throw new TextLoaderException(path, 1, c.Last, $"column '{c.Name}' reads field {c.Last + 1} but rows have {expected} fields");
            if (c.Type is KeyDataViewType || c.Type.RawType == typeof(byte))
                throw new ArgumentException($"Column '{c.Name}': the text loader reads Single, Double, Int32, Int64, Boolean or String; map keys with MapValueToKey.");
        }
        if (columns.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != columns.Count)
            throw new ArgumentException("Text loader columns must have distinct names.");
        return new TextLoaderView(path, options, columns, expected);
    }

    private static (string[]? Header, string[]? First, List<string[]> Sample) Peek(string path, TextLoaderOptions o)
    {
        using var r = new RecordReader(File.OpenRead(path), o.Separator, o.AllowQuoting, o.TrimWhitespace);
        string[] Read() => Enumerable.Range(0, r.FieldCount).Select(r.FieldString).ToArray();
        string[]? header = null;
        var sample = new List<string[]>();
        try
        {
            if (o.HasHeader && r.Next()) header = Read();
            while (sample.Count < Math.Max(1, o.InferenceRows) && r.Next()) sample.Add(Read());
        }
        catch (FormatException e) when (e is not TextLoaderException)
        {
            throw new TextLoaderException(path, r.Line, null, e.Message);
        }
        return (header, sample.FirstOrDefault(), sample);
    }

    private static List<TextLoaderColumn> Infer(string[]? header, int fields, List<string[]> sample)
    {
        var cols = new List<TextLoaderColumn>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int f = 0; f < fields; f++)
        {
            var values = sample.Where(r => r.Length == fields).Select(r => r[f]).Where(v => v.Length > 0).ToList();
            PrimitiveDataViewType type =
                values.Count > 0 && values.All(v => float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) ? NumberDataViewType.Single
                : values.Count > 0 && values.All(v => v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("false", StringComparison.OrdinalIgnoreCase)) ? BooleanDataViewType.Instance
                : values.Count == 0 ? NumberDataViewType.Single
                : TextDataViewType.Instance;
            string name = header is not null && header[f].Length > 0 ? header[f] : $"Column{f}";
            while (!used.Add(name)) name += "_";
            cols.Add(new TextLoaderColumn(name, type, f));
        }
        return cols;
    }

    /// <summary>Columns from <see cref="LoadColumnAttribute"/>s of <typeparamref name="T"/>.</summary>
    internal static List<TextLoaderColumn> FromAttributes<T>()
    {
        var cols = new List<TextLoaderColumn>();
        foreach (var m in typeof(T).GetMembers(BindingFlags.Public | BindingFlags.Instance))
        {
            var load = m.GetCustomAttribute<LoadColumnAttribute>();
            if (load is null || m.GetCustomAttribute<NoColumnAttribute>() is not null) continue;
            Type mt = m switch { FieldInfo f => f.FieldType, PropertyInfo p => p.PropertyType, _ => throw new InvalidOperationException() };
            Type item = mt.IsArray ? mt.GetElementType()! : mt;
            PrimitiveDataViewType type = item == typeof(bool) ? BooleanDataViewType.Instance : item == typeof(string) ? TextDataViewType.Instance
                : NumberDataViewType.FromRaw(item) ?? throw new ArgumentException($"{typeof(T).Name}.{m.Name}: {mt.Name} cannot be loaded from text.");
            if (mt.IsArray != (load.End > load.Start))
                throw new ArgumentException($"{typeof(T).Name}.{m.Name}: an array member needs a field range [LoadColumn(start, end)], a scalar a single field.");
            string name = m.GetCustomAttribute<ColumnNameAttribute>()?.Name ?? m.Name;
            cols.Add(new TextLoaderColumn(name, type, load.Start, load.End));
        }
        if (cols.Count == 0) throw new ArgumentException($"{typeof(T).Name} has no members with [LoadColumn].");
        return cols;
    }
}
