using System.Globalization;
using MlNetDeep.Torch.IO;

namespace MlNetDeep.Model;

/// <summary>
/// One value of a JSON entry of a model zip, read by hand rather than through a generated
/// serializer: loaders pick the fields they need and every mismatch becomes a
/// <see cref="ModelFormatException"/> naming the entry and the path to the field
/// (<c>Spec.Layers[3].Kernel: expected an integer, found a string</c>). Reading this way keeps
/// the cold start of a model load short: a serializer's metadata and converters cost tens of
/// milliseconds of JIT before the first value is read.
/// </summary>
/// <remarks>
/// Missing properties (and JSON <c>null</c>) read as the type's default, as the serializer that
/// wrote them would read them back; a present value of the wrong kind is an error. Duplicate
/// property names are refused when the document is parsed. The document is parsed by
/// <see cref="StrictJson"/> into plain dictionaries, lists, strings and number texts (cheaper
/// on a cold start than System.Text.Json's reader or document).
/// </remarks>
public sealed class ModelJson
{
    private readonly object? _value;
    private readonly bool _present;
    private readonly string _path;
    private readonly Func<string, ModelFormatException> _fail;

    private ModelJson(object? value, bool present, string path, Func<string, ModelFormatException> fail)
    {
        _value = value;
        _present = present;
        _path = path;
        _fail = fail;
    }

    /// <summary>
    /// Parses <paramref name="json"/> (at most <paramref name="maxDepth"/> deep, no duplicate
    /// property names) and hands its root to <paramref name="read"/>; errors name
    /// <paramref name="source"/> and <paramref name="entry"/>.
    /// </summary>
    /// <exception cref="ModelFormatException">The bytes are not JSON, nest too deep, repeat a property, or <paramref name="read"/> found a field of the wrong kind.</exception>
    public static T Read<T>(byte[] json, int maxDepth, string source, string entry, Func<ModelJson, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(read);
        var fail = (Func<string, ModelFormatException>)(rule => new ModelFormatException(source, entry, rule));
        object? parsed;
        try
        {
            parsed = StrictJson.Parse(json, maxDepth);
        }
        catch (FormatException e)
        {
            throw new ModelFormatException(source, entry, $"not valid JSON: {e.Message}", e);
        }
        var root = new ModelJson(parsed, true, "", fail);
        if (root.IsNull) throw root.Error("the JSON is null");
        return read(root);
    }

    /// <summary>True when the value is missing or JSON null.</summary>
    public bool IsNull => !_present || _value is null;

    /// <summary>The property <paramref name="name"/> of this object (missing when absent); an error when this is not an object.</summary>
    public ModelJson this[string name]
    {
        get
        {
            string path = _path.Length == 0 ? name : _path + "." + name;
            if (IsNull) return new ModelJson(null, false, path, _fail);
            var obj = _value as Dictionary<string, object?> ?? throw Error($"expected an object, found {Kind()}");
            return obj.TryGetValue(name, out var v) ? new ModelJson(v, true, path, _fail) : new ModelJson(null, false, path, _fail);
        }
    }

    /// <summary>The string, or null when missing.</summary>
    public string? GetString()
    {
        if (IsNull) return null;
        return _value as string ?? throw Error($"expected a string, found {Kind()}");
    }

    /// <summary>The string; an error when missing.</summary>
    public string GetRequiredString() => GetString() ?? throw Error("is missing");

    /// <summary>The boolean, or false when missing.</summary>
    public bool GetBoolean()
    {
        if (IsNull) return false;
        return _value as bool? ?? throw Error($"expected true or false, found {Kind()}");
    }

    /// <summary>The integer, or 0 when missing; an error when not an integer that fits.</summary>
    public long GetInt64()
    {
        if (IsNull) return 0;
        string text = NumberText("an integer");
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : throw Error($"expected a 64-bit integer, found {text}");
    }

    /// <summary>The integer, or 0 when missing; an error when not a 32-bit integer.</summary>
    public int GetInt32()
    {
        if (IsNull) return 0;
        string text = NumberText("an integer");
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : throw Error($"expected a 32-bit integer, found {text}");
    }

    /// <summary>The unsigned integer, or 0 when missing.</summary>
    public ulong GetUInt64()
    {
        if (IsNull) return 0;
        string text = NumberText("an integer");
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : throw Error($"expected a non-negative 64-bit integer, found {text}");
    }

    /// <summary>The number, or 0 when missing.</summary>
    public double GetDouble()
    {
        if (IsNull) return 0;
        string text = NumberText("a number");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : throw Error($"expected a finite number, found {text}");
    }

    /// <summary>The array's items, each read by <paramref name="item"/>; null when missing.</summary>
    public T[]? GetArray<T>(Func<ModelJson, T> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (IsNull) return null;
        var list = List();
        var result = new T[list.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = item(new ModelJson(list[i], true, _path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", _fail));
        return result;
    }

    /// <summary>An array of strings (items may be null); null when missing.</summary>
    public string?[]? GetStringArray() => GetArray(static v => v.GetString());

    /// <summary>An array of 32-bit integers; null when missing.</summary>
    public int[]? GetInt32Array()
    {
        if (IsNull) return null;
        var list = List();
        var result = new int[list.Count];
        for (int i = 0; i < result.Length; i++)
        {
            if (list[i] is not StrictJson.Number n || !int.TryParse(n.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result[i]))
                throw _fail($"{_path}[{i}]: expected a 32-bit integer, found {Describe(list[i])}");
        }
        return result;
    }

    /// <summary>The object's properties, each value read by <paramref name="value"/>; null when missing.</summary>
    public Dictionary<string, T>? GetMap<T>(Func<ModelJson, T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsNull) return null;
        var obj = _value as Dictionary<string, object?> ?? throw Error($"expected an object, found {Kind()}");
        var result = new Dictionary<string, T>(obj.Count, StringComparer.Ordinal);
        foreach (var (name, v) in obj)
            result[name] = value(new ModelJson(v, true, _path.Length == 0 ? name : _path + "." + name, _fail));
        return result;
    }

    /// <summary>An error about this value (its path prefixed to <paramref name="rule"/>).</summary>
    public ModelFormatException Error(string rule) => _fail(_path.Length == 0 ? rule : $"{_path}: {rule}");

    private List<object?> List() => _value as List<object?> ?? throw Error($"expected an array, found {Kind()}");

    private string NumberText(string what) => (_value as StrictJson.Number)?.Text ?? throw Error($"expected {what}, found {Kind()}");

    private string Kind() => Describe(_value);

    private static string Describe(object? value) => value switch
    {
        Dictionary<string, object?> => "an object",
        List<object?> => "an array",
        string => "a string",
        StrictJson.Number n => n.Text,
        bool => "a boolean",
        _ => "null",
    };
}
