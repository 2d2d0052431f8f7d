using System.Collections;
using System.Globalization;

namespace MlNetDeep.AutoML.SearchSpaces;

/// <summary>One point of a search space: the active parameters' values by name, and the coordinates a tuner proposed.</summary>
public sealed class ParameterSet : IReadOnlyDictionary<string, object>
{
    private readonly Dictionary<string, object> _values;

    /// <summary>Creates a point from values (and, from a tuner, its coordinates).</summary>
    public ParameterSet(IReadOnlyDictionary<string, object> values, double[]? coordinates = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, object>(values, StringComparer.Ordinal);
        Coordinates = coordinates ?? [];
    }

    /// <summary>The coordinates in [0, 1] the point was decoded from (empty when made from values).</summary>
    public double[] Coordinates { get; }

    /// <summary>A number as a double.</summary>
    public double GetDouble(string name) => Convert.ToDouble(this[name], CultureInfo.InvariantCulture);

    /// <summary>A number as an int.</summary>
    public int GetInt(string name) => Convert.ToInt32(this[name], CultureInfo.InvariantCulture);

    /// <summary>A value as text.</summary>
    public string GetString(string name) => Convert.ToString(this[name], CultureInfo.InvariantCulture) ?? "";

    /// <inheritdoc />
    public object this[string key] => _values.TryGetValue(key, out var v) ? v
        : throw new KeyNotFoundException($"No parameter '{key}' in this point ({this}); conditional parameters exist only when their condition holds.");

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;
    /// <inheritdoc />
    public IEnumerable<object> Values => _values.Values;
    /// <inheritdoc />
    public int Count => _values.Count;
    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);
    /// <inheritdoc />
    public bool TryGetValue(string key, out object value) => _values.TryGetValue(key, out value!);
    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>"name=value, …" in name order, numbers invariant (also the key that identifies the point).</summary>
    public override string ToString() => string.Join(", ", _values.OrderBy(kv => kv.Key, StringComparer.Ordinal)
        .Select(kv => kv.Key + "=" + (kv.Value is double d ? d.ToString("G6", CultureInfo.InvariantCulture) : Convert.ToString(kv.Value, CultureInfo.InvariantCulture))));
}
