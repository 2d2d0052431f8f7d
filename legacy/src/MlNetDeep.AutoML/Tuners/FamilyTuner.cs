using MlNetDeep.AutoML.SearchSpaces;

namespace MlNetDeep.AutoML.Tuners;

/// <summary>
/// A search over a choice of families (trainers) with one tuner per family over that family's
/// own parameters, as FLAML runs one cost-frugal search per learner rather than one across
/// them: a local search across a choice of trainers stays with the first family that works.
/// Every family is tried once first (at its tuner's first, low-cost point); after that the
/// family with the lowest lower confidence bound, best loss − c·√(ln N / n), gets the next
/// trial, so families that lag are still revisited, less and less often.
/// </summary>
public sealed class FamilyTuner : ITuner
{
    private readonly object _gate = new();
    private readonly string _choice;
    private readonly List<(object Value, ITuner Tuner)> _families;
    private readonly Dictionary<object, (double Best, int Trials)> _stats = [];
    private readonly Dictionary<string, ParameterSet> _proposed = new(StringComparer.Ordinal);
    private int _next;

    /// <summary>Creates the search; <paramref name="makeTuner"/> builds each family's tuner over its branch of <paramref name="space"/>.</summary>
    public FamilyTuner(SearchSpace space, string choice, Func<SearchSpace, int, ITuner> makeTuner, int seed = 0, double exploration = 0.1)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        ArgumentNullException.ThrowIfNull(makeTuner);
        var parameter = space.Parameters.FirstOrDefault(p => p.Name == choice && p.Kind == ParameterKind.Choice)
            ?? throw new ArgumentException($"No choice '{choice}' in the space.");
        _choice = choice;
        _families = parameter.Choices!.Select((v, i) => (v, makeTuner(space.Branch(choice, v), seed + i))).ToList();
        Exploration = exploration;
    }

    /// <inheritdoc />
    public SearchSpace Space { get; }

    /// <summary>The weight c of the exploration bonus (losses are expected on a scale of about 1).</summary>
    public double Exploration { get; }

    /// <inheritdoc />
    public ParameterSet? Propose()
    {
        lock (_gate)
        {
            for (int attempt = 0; attempt < _families.Count; attempt++)
            {
                var (value, tuner) = _next < _families.Count ? _families[_next++] : Pick();
                var sub = tuner.Propose();
                if (sub is null) { _stats[value] = (double.PositiveInfinity, int.MaxValue / 2); continue; } // exhausted
                var values = sub.ToDictionary(kv => kv.Key, kv => kv.Value);
                values[_choice] = value;
                var point = new ParameterSet(values, Space.Encode(values));
                _proposed[point.ToString()] = sub;
                return point;
            }
            return null;
        }
    }

    private (object, ITuner) Pick()
    {
        int total = _stats.Values.Sum(s => Math.Min(s.Trials, 1 << 20)) + 1;
        return _families.OrderBy(f =>
        {
            var (best, n) = _stats.GetValueOrDefault(f.Value, (double.PositiveInfinity, 0));
            if (n == 0) return double.NegativeInfinity;
            double b = double.IsPositiveInfinity(best) ? 1e6 : best;
            return b - Exploration * Math.Sqrt(Math.Log(total) / n);
        }).First();
    }

    /// <inheritdoc />
    public void Report(ParameterSet point, double loss, double cost)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (double.IsNaN(loss)) loss = double.PositiveInfinity;
        lock (_gate)
        {
            object value = point[_choice];
            var family = _families.FirstOrDefault(f => string.Equals(f.Value.ToString(), value.ToString(), StringComparison.Ordinal));
            if (family.Tuner is null) return;
            var sub = _proposed.Remove(point.ToString(), out var known) ? known
                : new ParameterSet(point.Where(kv => kv.Key != _choice).ToDictionary(kv => kv.Key, kv => kv.Value));
            family.Tuner.Report(sub, loss, cost);
            var (best, n) = _stats.GetValueOrDefault(family.Value, (double.PositiveInfinity, 0));
            _stats[family.Value] = (Math.Min(best, loss), n + 1);
        }
    }
}
