using System.Globalization;
using System.Reflection;
using MlNetDeep.Data;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlNetDeep.Cli.Specs;

/// <summary>
/// Turns YAML (or JSON) nodes into the values a catalog method or options record takes, by
/// the parameter and property names of our own public API. Names match in any case and with
/// or without underscores (<c>batch_size</c>, <c>BatchSize</c>); every mismatch is a
/// <see cref="SpecException"/> at the node's line and column with a did-you-mean. Only our
/// catalogs' methods and the types of their parameters are ever constructed.
/// </summary>
internal sealed class SpecBinder(string file)
{
    public string File { get; } = file;

    public SpecException Error(YamlNode node, string problem) => SpecException.At(File, node, problem);

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public string Scalar(YamlNode node, string what) =>
        node is YamlScalarNode s && !IsNull(node) ? s.Value ?? "" : throw Error(node, $"{what} must be a single value, found {Describe(node)}.");

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an unknown node",
    };

    /// <summary>Binds <paramref name="node"/> to <paramref name="type"/>; <paramref name="what"/> names it in errors.</summary>
    public object? Bind(YamlNode node, Type type, string what)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null) return IsNull(node) ? null : Bind(node, nullable, what);
        if (type == typeof(string)) return IsNull(node) ? null : Scalar(node, what);
        if (type == typeof(bool))
        {
            string v = Scalar(node, what);
            return bool.TryParse(v, out bool b) ? b : throw Error(node, $"{what} must be true or false, found '{v}'.");
        }
        if (type == typeof(int)) return Number(node, what, "an integer", s => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : null);
        if (type == typeof(long)) return Number(node, what, "an integer", s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : null);
        if (type == typeof(uint)) return Number(node, what, "a non-negative integer", s => uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out uint v) ? v : null);
        if (type == typeof(ulong)) return Number(node, what, "a non-negative integer", s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : null);
        if (type == typeof(double)) return Number(node, what, "a number", s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null);
        if (type == typeof(float)) return Number(node, what, "a number", s => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) ? v : null);
        if (type == typeof(char))
        {
            string v = Scalar(node, what);
            return v.Length == 1 ? v[0] : v == "\\t" ? '\t' : throw Error(node, $"{what} must be one character, found '{v}'.");
        }
        if (type == typeof(TimeSpan))
        {
            string v = Scalar(node, what);
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0) return TimeSpan.FromSeconds(seconds);
            return TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out var t) ? t : throw Error(node, $"{what} must be seconds or hh:mm:ss, found '{v}'.");
        }
        if (type.IsEnum)
        {
            string v = Scalar(node, what);
            foreach (string name in Enum.GetNames(type))
                if (Suggest.Normalize(name) == Suggest.Normalize(v)) return Enum.Parse(type, name);
            throw Error(node, $"{what} has no value '{v}'.{Suggest.Hint(v, Enum.GetNames(type), "values")}");
        }
        if (typeof(DataViewType).IsAssignableFrom(type))
        {
            string v = Scalar(node, what);
            var known = new Dictionary<string, DataViewType>
            {
                ["Single"] = NumberDataViewType.Single, ["Double"] = NumberDataViewType.Double, ["Int32"] = NumberDataViewType.Int32,
                ["Int64"] = NumberDataViewType.Int64, ["Byte"] = NumberDataViewType.Byte, ["Boolean"] = BooleanDataViewType.Instance, ["String"] = TextDataViewType.Instance,
            };
            var hit = known.FirstOrDefault(k => Suggest.Normalize(k.Key) == Suggest.Normalize(v));
            return hit.Value is { } t && type.IsInstanceOfType(t) ? t : throw Error(node, $"{what} has no column type '{v}'.{Suggest.Hint(v, known.Keys, "types")}");
        }
        if (ElementType(type) is { } element) return List(node, type, element, what);
        if (!type.IsClass || type.IsAbstract) throw Error(node, $"{what} (of type {type.Name}) cannot be written in a spec.");
        if (Factories(type) is { Count: > 0 } factories && FactoryCall(node, type, factories, what) is { } made) return made;
        if (node is not YamlMappingNode map) throw Error(node, $"{what} must be a mapping of {type.Name}'s settings, found {Describe(node)}.{FactoryHint(type)}");
        return Record(map, type, what);
    }

    private object Number(YamlNode node, string what, string kind, Func<string, object?> parse)
    {
        string v = Scalar(node, what);
        return parse(v) ?? throw Error(node, $"{what} must be {kind}, found '{v}'.");
    }

    /// <summary>The element type of arrays and of the list interfaces our API takes, else null.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (!type.IsGenericType) return null;
        var def = type.GetGenericTypeDefinition();
        return def == typeof(IReadOnlyList<>) || def == typeof(IList<>) || def == typeof(List<>) || def == typeof(IEnumerable<>) || def == typeof(IReadOnlyCollection<>)
            ? type.GetGenericArguments()[0] : null;
    }

    private object List(YamlNode node, Type type, Type element, string what)
    {
        if (node is not YamlSequenceNode seq) throw Error(node, $"{what} must be a list, found {Describe(node)}.");
        var array = Array.CreateInstance(element, seq.Children.Count);
        for (int i = 0; i < array.Length; i++) array.SetValue(Bind(seq.Children[i], element, $"{what}[{i}]"), i);
        if (type.IsArray || type.GetGenericTypeDefinition() != typeof(List<>)) return array;
        var list = (System.Collections.IList)Activator.CreateInstance(type)!;
        foreach (var item in array) list.Add(item);
        return list;
    }

    /// <summary>Public static methods of <paramref name="type"/> that return it (presets such as NetworkSpec.ReferenceCnn).</summary>
    private static List<MethodInfo> Factories(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == type && !m.IsSpecialName && !m.IsGenericMethod).ToList();

    private static string FactoryHint(Type type)
    {
        var f = Factories(type);
        return f.Count == 0 ? "" : $" Or name a preset: {string.Join(", ", f.Select(m => m.Name).Distinct())}.";
    }

    /// <summary>A preset named by a scalar (<c>network: ReferenceCnn</c>) or a one-key mapping with its arguments (<c>network: { mlp: { hidden_sizes: [256] } }</c>).</summary>
    private object? FactoryCall(YamlNode node, Type type, List<MethodInfo> factories, string what)
    {
        (string name, YamlNode at, YamlMappingNode? args) pick;
        if (node is YamlScalarNode s && !IsNull(node)) pick = (s.Value!, node, null);
        else if (node is YamlMappingNode { Children.Count: 1 } m && m.Children.First() is var kv && kv.Key is YamlScalarNode k
                 && factories.Any(f => Suggest.Normalize(f.Name) == Suggest.Normalize(k.Value!)))
            pick = (k.Value!, kv.Key, kv.Value as YamlMappingNode ?? (IsNull(kv.Value) ? null : throw Error(kv.Value, $"the arguments of {k.Value} must be a mapping.")));
        else return null;
        var matching = factories.Where(f => Suggest.Normalize(f.Name) == Suggest.Normalize(pick.name)).ToList();
        if (matching.Count == 0)
            throw Error(pick.at, $"{what} has no preset '{pick.name}'.{Suggest.Hint(pick.name, factories.Select(f => f.Name), "presets")}");
        return Invoke(matching, null, pick.args, pick.at, $"{what} preset {matching[0].Name}");
    }

    /// <summary>A record or options class: settable properties by name, or constructor parameters when there is no parameterless constructor.</summary>
    private object Record(YamlMappingNode map, Type type, string what)
    {
        var ctor = type.GetConstructor(Type.EmptyTypes);
        if (ctor is null)
        {
            var ctors = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).ToList();
            if (ctors.Count == 0) throw Error(map, $"{what} (of type {type.Name}) cannot be written in a spec.");
            return Invoke(ctors, null, map, map, what)!;
        }
        object result = ctor.Invoke(null);
        var props = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0).ToList();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            string key = Scalar(keyNode, "a setting name");
            var prop = props.FirstOrDefault(p => Suggest.Normalize(p.Name) == Suggest.Normalize(key))
                ?? throw Error(keyNode, $"{type.Name} has no setting '{key}'.{Suggest.Hint(key, props.Select(p => p.Name), "settings")}");
            prop.SetValue(result, Bind(valueNode, prop.PropertyType, $"{what}.{prop.Name}"));
        }
        return result;
    }

    /// <summary>Parameter names of a method or constructor, without an extension method's receiver.</summary>
    public static ParameterInfo[] Parameters(MethodBase m) =>
        m.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute), false) ? m.GetParameters()[1..] : m.GetParameters();

    /// <summary>
    /// Calls the overload whose parameters the mapping's keys name (every required one given),
    /// or, when an overload takes a single options object, binds the mapping to that object.
    /// </summary>
    public object? Invoke(IReadOnlyList<MethodBase> overloads, object? receiver, YamlMappingNode? args, YamlNode at, string what)
    {
        var keys = args?.Children.Select(kv => (Key: kv.Key, Name: Scalar(kv.Key, "an argument name"), Value: kv.Value)).ToList() ?? [];
        foreach (var (key, name, _) in keys)
            if (keys.Count(k => Suggest.Normalize(k.Name) == Suggest.Normalize(name)) > 1) throw Error(key, $"'{name}' is given twice.");

        // An options overload (one parameter of a settings class) takes the mapping as its settings.
        var optionsOverload = overloads.FirstOrDefault(m => Parameters(m) is [var p] && p.ParameterType.IsClass && p.ParameterType != typeof(string)
            && p.ParameterType.GetConstructor(Type.EmptyTypes) is not null && ElementType(p.ParameterType) is null);
        bool Fits(MethodBase m)
        {
            var ps = Parameters(m);
            return keys.All(k => ps.Any(p => Suggest.Normalize(p.Name!) == Suggest.Normalize(k.Name)))
                && ps.All(p => p.IsOptional || p.IsDefined(typeof(ParamArrayAttribute)) || keys.Any(k => Suggest.Normalize(k.Name) == Suggest.Normalize(p.Name!)));
        }
        var direct = overloads.Where(m => m != optionsOverload).Where(Fits).OrderByDescending(m => Parameters(m).Length).FirstOrDefault();
        if (direct is null && optionsOverload is not null)
        {
            var p = Parameters(optionsOverload)[0];
            object options = args is null ? Activator.CreateInstance(p.ParameterType)! : Bind(args, p.ParameterType, what)!;
            return Call(optionsOverload, receiver, [options], at, what);
        }
        var chosen = direct ?? overloads.OrderByDescending(m => Parameters(m).Length).First();
        var parameters = Parameters(chosen);
        var values = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var given = keys.FirstOrDefault(k => Suggest.Normalize(k.Name) == Suggest.Normalize(p.Name!));
            if (given.Value is not null) values[i] = Bind(given.Value, p.ParameterType, $"{what}.{p.Name}");
            else if (p.IsOptional) values[i] = p.DefaultValue is DBNull ? null : p.DefaultValue;
            else if (p.IsDefined(typeof(ParamArrayAttribute))) values[i] = Array.CreateInstance(p.ParameterType.GetElementType()!, 0);
            else throw Error(args ?? at, $"{what} needs '{Snake(p.Name!)}' ({Describe(p.ParameterType)}).");
        }
        foreach (var (key, name, _) in keys)
            if (!parameters.Any(p => Suggest.Normalize(p.Name!) == Suggest.Normalize(name)))
            {
                var known = parameters.Select(p => Snake(p.Name!)).Concat(optionsOverload is null ? [] : Settings(Parameters(optionsOverload)[0].ParameterType).Select(Snake));
                throw Error(key, $"{what} has no argument '{name}'.{Suggest.Hint(name, known, "arguments")}");
            }
        return Call(chosen, receiver, values, at, what);
    }

    private object? Call(MethodBase m, object? receiver, object?[] values, YamlNode at, string what)
    {
        bool extension = m.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute), false);
        object?[] all = extension ? [receiver, .. values] : values;
        try
        {
            return m is ConstructorInfo c ? c.Invoke(all) : m.Invoke(extension ? null : receiver, all);
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw Error(at, $"{what}: {e.InnerException.Message}");
        }
    }

    /// <summary>
    /// Whether a spec can write a value of <paramref name="type"/> (what <see cref="Bind"/>
    /// accepts): the claim that every catalog method has a spec form rests on this.
    /// </summary>
    public static bool CanBind(Type type) => CanBind(type, []);

    private static bool CanBind(Type type, HashSet<Type> seen)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type == typeof(string) || type == typeof(TimeSpan) || type.IsEnum || typeof(DataViewType).IsAssignableFrom(type)) return true;
        if (ElementType(type) is { } element) return CanBind(element, seen);
        if (!type.IsClass || type.IsAbstract) return false;
        if (!seen.Add(type)) return true;
        if (Factories(type).Count > 0) return true;
        if (type.GetConstructor(Type.EmptyTypes) is not null)
            return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
                .All(p => CanBind(p.PropertyType, seen));
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        return ctor is not null && ctor.GetParameters().All(p => CanBind(p.ParameterType, seen));
    }

    /// <summary>The settable property names of an options type (for hints and the schema).</summary>
    public static IEnumerable<string> Settings(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0).Select(p => p.Name);

    /// <summary>snake_case of a .NET name, as specs write it.</summary>
    public static string Snake(string name)
    {
        // Product names stay one word: xgboost, lenet5, kmeans, small_resnet.
        foreach (var (word, one) in new[] { ("XGBoost", "Xgboost"), ("LeNet", "Lenet"), ("KMeans", "Kmeans"), ("ResNet", "Resnet") })
            name = name.Replace(word, one, StringComparison.Ordinal);
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static string Describe(Type t) =>
        t == typeof(string) ? "text" : t == typeof(int) || t == typeof(long) ? "an integer" : t == typeof(double) || t == typeof(float) ? "a number"
        : t == typeof(bool) ? "true or false" : ElementType(t) is not null ? "a list" : t.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(t))}" : t.Name;
}
