using System.Globalization;

namespace MlNetDeep.AutoML.SearchSpaces;

/// <summary>The kinds of swept values.</summary>
public enum ParameterKind
{
    /// <summary>A real number, uniform or log-uniform between bounds.</summary>
    Float,
    /// <summary>A whole number, uniform or log-uniform between bounds (inclusive).</summary>
    Int,
    /// <summary>One of a list of values.</summary>
    Choice,
}

/// <summary>
/// One swept hyperparameter. Tuners see it through a coordinate in [0, 1]
/// (<see cref="Encode"/>/<see cref="Decode"/>): linear or logarithmic between the bounds for
/// numbers, the index's bucket for choices. <see cref="LowCost"/> is the value that makes a
/// trial cheapest (few epochs, few trees), where a cost-frugal tuner starts.
/// </summary>
public sealed class Parameter
{
    internal Parameter(string name, ParameterKind kind, double low, double high, bool log, IReadOnlyList<object>? choices, object? lowCost, object? initial)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        (Name, Kind, Low, High, Log, Choices) = (name, kind, low, high, log, choices);
        if (kind != ParameterKind.Choice)
        {
            if (!double.IsFinite(low) || !double.IsFinite(high) || !(low < high) && !(kind == ParameterKind.Int && low == high))
                throw new ArgumentException($"Parameter '{name}': bounds must be finite with low < high; got [{low}, {high}].");
            if (log && low <= 0) throw new ArgumentException($"Parameter '{name}': a log scale needs low > 0; got {low}.");
            if (kind == ParameterKind.Int && (low != Math.Floor(low) || high != Math.Floor(high)))
                throw new ArgumentException($"Parameter '{name}': integer bounds must be whole numbers; got [{low}, {high}].");
        }
        else if (choices is not { Count: > 0 })
        {
            throw new ArgumentException($"Parameter '{name}' needs at least one choice.");
        }
        LowCost = lowCost is null ? null : Check(lowCost, "LowCost");
        Initial = initial is null ? null : Check(initial, "Initial");
    }

    /// <summary>Name (a property of the options record it sets, or any key).</summary>
    public string Name { get; }
    /// <summary>Kind of value.</summary>
    public ParameterKind Kind { get; }
    /// <summary>Lower bound (numbers).</summary>
    public double Low { get; }
    /// <summary>Upper bound (numbers; inclusive for integers).</summary>
    public double High { get; }
    /// <summary>Whether the scale is logarithmic.</summary>
    public bool Log { get; }
    /// <summary>The values of a choice.</summary>
    public IReadOnlyList<object>? Choices { get; }
    /// <summary>The cheapest value, where a cost-frugal search starts (null: no cost relation).</summary>
    public object? LowCost { get; }
    /// <summary>A known good starting value (null: none).</summary>
    public object? Initial { get; }

    /// <summary>The same parameter under another name.</summary>
    internal Parameter Renamed(string name) => new(name, Kind, Low, High, Log, Choices, LowCost, Initial);

    private object Check(object value, string what)
    {
        double u = Encode(value);
        if (!(u is >= 0 and <= 1)) throw new ArgumentException($"Parameter '{Name}': {what} {value} lies outside its range.");
        return Decode(u);
    }

    /// <summary>The coordinate in [0, 1] of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">A choice does not list the value.</exception>
    public double Encode(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Kind == ParameterKind.Choice)
        {
            int i = Choices!.Select((c, k) => (c, k)).FirstOrDefault(p => Equals(p.c, value) || string.Equals(p.c.ToString(), value.ToString(), StringComparison.Ordinal), (null!, -1)).Item2;
            if (i < 0) throw new ArgumentException($"Parameter '{Name}' has no choice '{value}'; the choices are {string.Join(", ", Choices!)}.");
            return (i + 0.5) / Choices!.Count;
        }
        double v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        if (Kind == ParameterKind.Int && Low == High) return 0.5;
        // Integers own the interval [k - 0.5, k + 0.5] so every value gets an equal share (log integers have low >= 1, so lo > 0).
        double lo = Kind == ParameterKind.Int ? Low - 0.5 : Low, hi = Kind == ParameterKind.Int ? High + 0.5 : High;
        if (Log) return (Math.Log(Math.Max(v, 1e-300)) - Math.Log(lo)) / (Math.Log(hi) - Math.Log(lo));
        return (v - lo) / (hi - lo);
    }

    /// <summary>The value at coordinate <paramref name="u"/> (clamped to [0, 1]): a double, an int, or one of the choices.</summary>
    public object Decode(double u)
    {
        u = double.IsNaN(u) ? 0.5 : Math.Clamp(u, 0, 1);
        if (Kind == ParameterKind.Choice) return Choices![Math.Min(Choices.Count - 1, (int)(u * Choices.Count))];
        if (Kind == ParameterKind.Int && Low == High) return (int)Low;
        double lo = Kind == ParameterKind.Int ? Low - 0.5 : Low, hi = Kind == ParameterKind.Int ? High + 0.5 : High;
        double v = Log ? Math.Exp(Math.Log(lo) + u * (Math.Log(hi) - Math.Log(lo))) : lo + u * (hi - lo);
        if (Kind == ParameterKind.Int) return (int)Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), Low, High);
        return Math.Clamp(v, Low, High);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ParameterKind.Choice => $"{Name} in {{{string.Join(", ", Choices!)}}}",
        _ => string.Create(CultureInfo.InvariantCulture, $"{Name} {(Kind == ParameterKind.Int ? "int" : "float")} [{Low}, {High}]{(Log ? " log" : "")}"),
    };
}
