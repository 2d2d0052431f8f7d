using System.Globalization;
using System.Reflection;

namespace MlNetDeep.AutoML.SearchSpaces;

/// <summary>
/// Applies a point of a search space to a trainer's options record: a copy of the record with
/// each named property set (names match properties ignoring case and underscores, so
/// <c>learning_rate</c> sets <c>LearningRate</c>; a dotted name such as <c>Training.Epochs</c>
/// sets a property of a nested record). Values are converted to the property's type (numbers,
/// enums by name, booleans, strings). Every options record of the trainers can be swept this way.
/// </summary>
public static class OptionsSweep
{
    /// <summary>A copy of <paramref name="options"/> with <paramref name="point"/>'s values set.</summary>
    /// <exception cref="ArgumentException">A name matches no settable property (the message lists them) or a value does not convert.</exception>
    public static T Apply<T>(T options, IReadOnlyDictionary<string, object> point) where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(point);
        object result = Clone(options);
        foreach (var (name, value) in point) result = Set(result, name.Split('.'), value, name);
        return (T)result;
    }

    private static object Clone(object record)
    {
        var clone = record.GetType().GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance)
            ?? throw new ArgumentException($"{record.GetType().Name} is not a record; options must be records to be swept.");
        return clone.Invoke(record, null)!;
    }

    private static string Normalize(string s) => s.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();

    private static object Set(object target, string[] path, object value, string fullName)
    {
        var props = target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0).ToArray();
        var prop = props.FirstOrDefault(p => Normalize(p.Name) == Normalize(path[0]))
            ?? throw new ArgumentException($"{target.GetType().Name} has no settable property '{path[0]}' (from '{fullName}'). Its properties: {string.Join(", ", props.Select(p => p.Name).Order(StringComparer.Ordinal))}.");
        if (path.Length > 1)
        {
            object inner = prop.GetValue(target) ?? throw new ArgumentException($"'{fullName}': {target.GetType().Name}.{prop.Name} is null; set it before sweeping inside it.");
            prop.SetValue(target, Set(Clone(inner), path[1..], value, fullName));
            return target;
        }
        prop.SetValue(target, Convert(value, prop.PropertyType, fullName));
        return target;
    }

    private static object? Convert(object value, Type type, string name)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            if (t.IsInstanceOfType(value)) return value;
            if (t.IsEnum) return Enum.Parse(t, System.Convert.ToString(value, CultureInfo.InvariantCulture)!, ignoreCase: true);
            if (t == typeof(TimeSpan)) return TimeSpan.FromSeconds(System.Convert.ToDouble(value, CultureInfo.InvariantCulture));
            if (t == typeof(int) || t == typeof(long)) return System.Convert.ChangeType(Math.Round(System.Convert.ToDouble(value, CultureInfo.InvariantCulture)), t, CultureInfo.InvariantCulture);
            return System.Convert.ChangeType(value, t, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new ArgumentException($"'{name}': {value} does not convert to {t.Name}.", e);
        }
    }
}
