using System.Globalization;
using System.Reflection;

namespace MlNetDeep.Data.Transforms;

/// <summary>A learned value -> key dictionary for one column (keys 1..Count; 0 is missing).</summary>
internal abstract class KeyMap
{
    /// <summary>The value names, key i + 1 naming entry i.</summary>
    public abstract string[] Names { get; }

    /// <summary>The map as data: the item type and the values in key order (JSON keeps floats exact).</summary>
    internal sealed record State(string Type, System.Text.Json.JsonElement Values);

    internal abstract State ToState();

    internal static KeyMap FromState(State s)
    {
        if (s.Values.ValueKind != System.Text.Json.JsonValueKind.Array) throw new InvalidDataException("key values must be an array");
        KeyMap Make<T>(Func<System.Text.Json.JsonElement, T> read) where T : notnull
        {
            var values = s.Values.EnumerateArray().Select(read).ToArray();
            if (values.Length == 0) throw new InvalidDataException("no key values");
            if (values.Any(IsMissing)) throw new InvalidDataException("a key value is missing (NaN or empty)");
            if (values.Distinct().Count() != values.Length) throw new InvalidDataException("key values repeat");
            return new KeyMap<T>(values);
        }
        // Typed reads of each element (no serializer generation); a wrong JSON kind raises InvalidOperationException.
        return s.Type switch
        {
            "String" => Make(e => e.GetString() ?? ""),
            "Single" => Make(e => e.GetSingle()),
            "Double" => Make(e => e.GetDouble()),
            "Int32" => Make(e => e.GetInt32()),
            "Int64" => Make(e => e.GetInt64()),
            "Byte" => Make(e => e.GetByte()),
            "Boolean" => Make(e => e.GetBoolean()),
            _ => throw new InvalidDataException($"unknown key value type '{s.Type}'"),
        };
    }

    /// <summary>Getter of uint (scalar input) or VBuffer&lt;uint&gt; (vector input) over an input cursor.</summary>
    public abstract Delegate MakeGetter(DataViewRowCursor cursor, DataViewSchema.Column input);

    private static readonly MethodInfo LearnMethod = typeof(KeyMap).GetMethod(nameof(Learn), BindingFlags.NonPublic | BindingFlags.Static)!;

    internal static KeyMap Train(IDataView data, DataViewSchema.Column col, int maxKeys, bool byValue)
    {
        Type raw = ColumnTypes.ItemType(col.Type).RawType;
        return (KeyMap)LearnMethod.MakeGenericMethod(raw).Invoke(null, System.Reflection.BindingFlags.DoNotWrapExceptions, null, [data, col, maxKeys, byValue], null)!;
    }

    internal static bool IsMissing<T>(T v) => v switch
    {
        float f => float.IsNaN(f),
        double d => double.IsNaN(d),
        string s => string.IsNullOrEmpty(s),
        null => true,
        _ => false,
    };

    private static KeyMap Learn<T>(IDataView data, DataViewSchema.Column col, int maxKeys, bool byValue) where T : notnull
    {
        var order = new List<T>();
        var seen = new HashSet<T>();
        using (var cursor = data.GetRowCursor([col]))
        {
            void Add(T v)
            {
                if (IsMissing(v) || seen.Contains(v) || seen.Count >= maxKeys) return;
                seen.Add(v);
                order.Add(v);
            }
            if (col.Type is VectorDataViewType)
            {
                var g = cursor.GetGetter<VBuffer<T>>(col);
                var buf = default(VBuffer<T>);
                while (cursor.MoveNext()) { g(ref buf); foreach (var v in buf.GetValues()) Add(v); }
            }
            else
            {
                var g = cursor.GetGetter<T>(col);
                T v = default!;
                while (cursor.MoveNext()) { g(ref v); Add(v); }
            }
        }
        if (order.Count == 0)
            throw new ArgumentException($"Column '{col.Name}' has no non-missing values to learn keys from (empty data?).");
        if (byValue) order.Sort(typeof(T) == typeof(string) ? (Comparer<T>)(object)Comparer<string>.Create(string.CompareOrdinal) : Comparer<T>.Default);
        return new KeyMap<T>(order);
    }

    internal static string Name<T>(T v) => v switch
    {
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => v?.ToString() ?? "",
    };
}

internal sealed class KeyMap<T> : KeyMap where T : notnull
{
    private readonly Dictionary<T, uint> _keys;

    private readonly T[] _values;

    internal override State ToState()
    {
        string type = typeof(T) == typeof(string) ? "String" : typeof(T) == typeof(bool) ? "Boolean" : NumberDataViewType.FromRaw(typeof(T))!.ToString()!;
        return new State(type, ToElement(_values));
    }

    /// <summary>The values as a JSON array element, written without a reflection serializer.</summary>
    private static System.Text.Json.JsonElement ToElement(T[] values)
    {
        using var ms = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(ms))
        {
            w.WriteStartArray();
            foreach (var v in values)
            {
                switch (v)
                {
                    case string x: w.WriteStringValue(x); break;
                    case float x: w.WriteNumberValue(x); break;
                    case double x: w.WriteNumberValue(x); break;
                    case int x: w.WriteNumberValue(x); break;
                    case long x: w.WriteNumberValue(x); break;
                    case byte x: w.WriteNumberValue(x); break;
                    case bool x: w.WriteBooleanValue(x); break;
                    default: throw new NotSupportedException($"Key values of type {typeof(T).Name} cannot be saved.");
                }
            }
            w.WriteEndArray();
        }
        using var doc = System.Text.Json.JsonDocument.Parse(ms.ToArray());
        return doc.RootElement.Clone();
    }

    public KeyMap(IReadOnlyList<T> values)
    {
        _values = values.ToArray();
        _keys = new Dictionary<T, uint>(values.Count);
        for (int i = 0; i < values.Count; i++) _keys[values[i]] = (uint)i + 1;
        Names = values.Select(Name).ToArray();
    }

    public override string[] Names { get; }

    private uint Key(T v) => IsMissing(v) ? 0 : _keys.GetValueOrDefault(v);

    public override Delegate MakeGetter(DataViewRowCursor cursor, DataViewSchema.Column input)
    {
        if (input.Type is VectorDataViewType)
        {
            var g = cursor.GetGetter<VBuffer<T>>(input);
            var src = default(VBuffer<T>);
            return (ValueGetter<VBuffer<uint>>)((ref VBuffer<uint> dst) =>
            {
                g(ref src);
                var values = src.GetValues();
                uint[] buf = dst.Reuse(values.Length);
                for (int i = 0; i < values.Length; i++) buf[i] = Key(values[i]);
                dst = new VBuffer<uint>(values.Length, buf);
            });
        }
        var sg = cursor.GetGetter<T>(input);
        T v = default!;
        return (ValueGetter<uint>)((ref uint k) => { sg(ref v); k = Key(v); });
    }
}
