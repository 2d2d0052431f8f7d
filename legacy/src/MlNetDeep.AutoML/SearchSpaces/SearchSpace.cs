namespace MlNetDeep.AutoML.SearchSpaces;

/// <summary>
/// The values a search may try: floats (uniform or log-uniform), integers, choices, and
/// conditional sub-spaces that exist only when a choice has a given value (optimizer = SGD →
/// momentum). Tuners work on the flattened list of every parameter (<see cref="Parameters"/>),
/// each a coordinate in [0, 1]; <see cref="Decode"/> keeps only the active ones.
/// </summary>
/// <example>
/// <code>
/// var space = new SearchSpace()
///     .Float("LearningRate", 1e-4, 1e-1, log: true)
///     .Int("Epochs", 2, 30, lowCost: 2)
///     .Choice("Optimizer", "Adam", "Sgd")
///     .When("Optimizer", "Sgd", s => s.Float("Momentum", 0, 0.99));
/// </code>
/// </example>
public sealed class SearchSpace
{
    private readonly List<(Parameter Parameter, (string Parent, object Value)[] Conditions)> _entries = [];
    private readonly (string Parent, object Value)[] _scope;
    private readonly SearchSpace? _root;

    /// <summary>An empty space.</summary>
    public SearchSpace() => _scope = [];

    private SearchSpace(SearchSpace root, (string, object)[] scope) => (_root, _scope) = (root, scope);

    private SearchSpace Root => _root ?? this;

    /// <summary>Every parameter, conditional ones included, in the order they were added: a tuner's coordinates.</summary>
    public IReadOnlyList<Parameter> Parameters => Root._entries.Select(e => e.Parameter).ToArray();

    /// <summary>Number of coordinates.</summary>
    public int Dimensions => Root._entries.Count;

    private SearchSpace Add(Parameter p) => Add(p, _scope);

    private SearchSpace Add(Parameter p, (string Parent, object Value)[] conditions)
    {
        if (Root._entries.Any(e => e.Parameter.Name == p.Name)) throw new ArgumentException($"The search space already has a parameter '{p.Name}'.");
        Root._entries.Add((p, conditions));
        return this;
    }

    /// <summary>
    /// Adds every parameter of <paramref name="other"/> named <paramref name="prefix"/> + its name,
    /// its own conditions kept (renamed the same way) under this space's: how a pipeline that
    /// chooses among trainers takes each trainer's default space.
    /// </summary>
    public SearchSpace Include(string prefix, SearchSpace other)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (p, conditions) in other.Root._entries)
            Add(p.Renamed(prefix + p.Name), [.. _scope, .. conditions.Select(c => (prefix + c.Parent, c.Value))]);
        return this;
    }

    /// <summary>A real number in [<paramref name="low"/>, <paramref name="high"/>], log-uniform when <paramref name="log"/>.</summary>
    public SearchSpace Float(string name, double low, double high, bool log = false, double? lowCost = null, double? initial = null) =>
        Add(new Parameter(name, ParameterKind.Float, low, high, log, null, lowCost, initial));

    /// <summary>A whole number in [<paramref name="low"/>, <paramref name="high"/>] (inclusive), log-uniform when <paramref name="log"/>.</summary>
    public SearchSpace Int(string name, int low, int high, bool log = false, int? lowCost = null, int? initial = null) =>
        Add(new Parameter(name, ParameterKind.Int, low, high, log, null, lowCost, initial));

    /// <summary>One of <paramref name="values"/> (strings, numbers, booleans or enum values).</summary>
    public SearchSpace Choice(string name, params object[] values) => Add(new Parameter(name, ParameterKind.Choice, 0, 0, false, values, null, null));

    /// <summary>A choice with a cheapest value and/or a known good one.</summary>
    public SearchSpace Choice(string name, object[] values, object? lowCost, object? initial = null) =>
        Add(new Parameter(name, ParameterKind.Choice, 0, 0, false, values, lowCost, initial));

    /// <summary>Parameters that exist only when choice <paramref name="parent"/> is <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">No choice is named <paramref name="parent"/>, or it does not list the value.</exception>
    public SearchSpace When(string parent, object value, Action<SearchSpace> define)
    {
        ArgumentNullException.ThrowIfNull(define);
        var p = Root._entries.Select(e => e.Parameter).FirstOrDefault(x => x.Name == parent)
            ?? throw new ArgumentException($"When('{parent}', …): no parameter '{parent}' is defined before it.");
        if (p.Kind != ParameterKind.Choice) throw new ArgumentException($"When('{parent}', …): '{parent}' is not a choice.");
        p.Encode(value);
        define(new SearchSpace(Root, [.. _scope, (parent, p.Decode(p.Encode(value)))]));
        return this;
    }

    /// <summary>
    /// The sub-space of the parameters that exist when choice <paramref name="parent"/> is
    /// <paramref name="value"/> (that condition dropped, deeper ones kept); unconditional
    /// parameters other than <paramref name="parent"/> are included too.
    /// </summary>
    public SearchSpace Branch(string parent, object value)
    {
        var p = Root._entries.Select(e => e.Parameter).FirstOrDefault(x => x.Name == parent) ?? throw new ArgumentException($"No parameter '{parent}'.");
        object v = p.Decode(p.Encode(value));
        var branch = new SearchSpace();
        foreach (var (q, conditions) in Root._entries)
        {
            if (q.Name == parent) continue;
            var c = conditions.Where(x => !(x.Parent == parent && Equals(x.Value, v))).ToArray();
            if (c.Any(x => x.Parent == parent)) continue; // another value's parameter
            branch.Root._entries.Add((q, c));
        }
        return branch;
    }

    /// <summary>The parameter values at coordinates <paramref name="u"/> (one per <see cref="Parameters"/>), inactive conditional ones left out.</summary>
    public ParameterSet Decode(IReadOnlyList<double> u)
    {
        ArgumentNullException.ThrowIfNull(u);
        if (u.Count != Dimensions) throw new ArgumentException($"{u.Count} coordinates for a space of {Dimensions}.");
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        for (int i = 0; i < Dimensions; i++)
        {
            var (p, conditions) = Root._entries[i];
            if (conditions.All(c => values.TryGetValue(c.Parent, out var v) && Equals(v, c.Value))) values[p.Name] = p.Decode(u[i]);
        }
        return new ParameterSet(values, u.ToArray());
    }

    /// <summary>The coordinates of <paramref name="values"/>; absent (inactive) parameters sit at the middle, 0.5.</summary>
    public double[] Encode(IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values is ParameterSet { Coordinates.Length: var n } set && n == Dimensions) return set.Coordinates.ToArray();
        return Root._entries.Select(e => values.TryGetValue(e.Parameter.Name, out var v) ? e.Parameter.Encode(v) : 0.5).ToArray();
    }

    /// <summary>Whether coordinate <paramref name="index"/> is active in <paramref name="values"/>.</summary>
    public bool IsActive(int index, IReadOnlyDictionary<string, object> values) => values.ContainsKey(Root._entries[index].Parameter.Name);

    /// <summary>A uniform random point.</summary>
    public ParameterSet Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Decode(Enumerable.Range(0, Dimensions).Select(_ => random.NextDouble()).ToArray());
    }

    /// <summary>The cheapest point: each parameter's low-cost value, else its initial value, else its middle.</summary>
    public ParameterSet LowCostPoint() => Decode(Root._entries.Select(e => e.Parameter.LowCost is { } c ? e.Parameter.Encode(c)
        : e.Parameter.Initial is { } i ? e.Parameter.Encode(i) : 0.5).ToArray());

    /// <inheritdoc />
    public override string ToString() => string.Join("; ", Root._entries.Select(e =>
        e.Parameter + (e.Conditions.Length == 0 ? "" : " when " + string.Join(" and ", e.Conditions.Select(c => $"{c.Parent} = {c.Value}")))));
}
