using MlNetDeep.Data;

namespace MlNetDeep.Model;

/// <summary>A column's type as plain data, for files (the binary view cache, model zips).</summary>
internal static class ColumnSpecs
{
    /// <summary>A column's storage description.</summary>
    internal sealed record ColumnSpec(string Name, string Kind, string Item, ulong KeyCount, int[] Dims, string[]? KeyValues)
    {
        public static ColumnSpec From(DataViewSchema.Column c)
        {
            var (kind, item, dims) = c.Type switch
            {
                VectorDataViewType { IsKnownSize: true } v => ("vector", v.ItemType, v.Dimensions.ToArray()),
                VectorDataViewType v => ("varvector", v.ItemType, Array.Empty<int>()),
                PrimitiveDataViewType p => ("scalar", p, Array.Empty<int>()),
                _ => throw new NotSupportedException($"Column '{c.Name}' of type {c.Type} cannot be stored in a binary view cache."),
            };
            string itemName = item switch
            {
                KeyDataViewType => "Key",
                TextDataViewType => "String",
                BooleanDataViewType => "Boolean",
                _ => item.ToString()!,
            };
            return new ColumnSpec(c.Name, kind, itemName, item is KeyDataViewType k ? k.Count : 0, dims, c.KeyValues?.ToArray());
        }

        public DataViewType ToType(string source)
        {
            PrimitiveDataViewType item = Item switch
            {
                "Single" => NumberDataViewType.Single,
                "Double" => NumberDataViewType.Double,
                "Int32" => NumberDataViewType.Int32,
                "Int64" => NumberDataViewType.Int64,
                "Byte" => NumberDataViewType.Byte,
                "Boolean" => BooleanDataViewType.Instance,
                "String" => TextDataViewType.Instance,
                "Key" when KeyCount is > 0 and <= uint.MaxValue => new KeyDataViewType(KeyCount),
                _ => throw new InvalidDataException($"{source}: column '{Name}' has an unknown item type '{Item}' (key count {KeyCount})."),
            };
            return Kind switch
            {
                "scalar" => item,
                "vector" when Dims.Length is > 0 and <= 8 && SizeOf(Dims) is > 0 and <= int.MaxValue => new VectorDataViewType(item, Dims),
                "varvector" => new VectorDataViewType(item),
                _ => throw new InvalidDataException($"{source}: column '{Name}' has an invalid kind '{Kind}' or dimensions [{string.Join(", ", Dims)}]."),
            };
        }
    }


    /// <summary>The product of positive <paramref name="dims"/> (at most 8 of them, each an int, so it cannot overflow a long); 0 when one is not positive.</summary>
    private static long SizeOf(int[] dims)
    {
        long size = 1;
        foreach (int d in dims)
        {
            if (d <= 0) return 0;
            size *= d;
        }
        return size;
    }

    /// <summary>The specs of a schema's visible columns.</summary>
    internal static ColumnSpec[] Of(DataViewSchema schema) => schema.Where(c => !c.IsHidden(schema)).Select(ColumnSpec.From).ToArray();

    /// <summary>A schema from specs read from <paramref name="source"/> (checked).</summary>
    internal static DataViewSchema ToSchema(IReadOnlyList<ColumnSpec> specs, string source)
    {
        var columns = new (string, DataViewType, IReadOnlyDictionary<string, object>?)[specs.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            var s = specs[i];
            columns[i] = (s.Name, s.ToType(source), s.KeyValues is { } kv ? new Dictionary<string, object> { [AnnotationNames.KeyValues] = kv } : null);
        }
        return new DataViewSchema(columns);
    }
}
