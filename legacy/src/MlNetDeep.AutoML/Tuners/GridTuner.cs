using MlNetDeep.AutoML.SearchSpaces;

namespace MlNetDeep.AutoML.Tuners;

/// <summary>
/// Grid search: every combination of <see cref="PointsPerNumber"/> evenly spaced values of each
/// number (bounds included; fewer for integer ranges that hold fewer values) and every value of
/// each choice, conditional parameters only where their condition holds. Proposes each point
/// once, in order, then null.
/// </summary>
public sealed class GridTuner : ITuner
{
    private readonly IEnumerator<ParameterSet> _points;

    /// <summary>Creates the grid over <paramref name="space"/>.</summary>
    public GridTuner(SearchSpace space, int pointsPerNumber = 5)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsPerNumber, 2);
        PointsPerNumber = pointsPerNumber;
        _points = Enumerate().GetEnumerator();
    }

    /// <inheritdoc />
    public SearchSpace Space { get; }

    /// <summary>Values per numeric parameter.</summary>
    public int PointsPerNumber { get; }

    /// <summary>The number of points of the grid.</summary>
    public int Count => Enumerate().Count();

    private double[] Levels(Parameter p)
    {
        if (p.Kind == ParameterKind.Choice) return Enumerable.Range(0, p.Choices!.Count).Select(i => (i + 0.5) / p.Choices.Count).ToArray();
        var us = Enumerable.Range(0, PointsPerNumber).Select(j => p.Encode(p.Decode(j / (double)(PointsPerNumber - 1))));
        // Integer ranges with fewer values than points give each value once.
        return us.Select(u => (u, v: p.Decode(u))).DistinctBy(x => x.v).Select(x => x.u).ToArray();
    }

    private IEnumerable<ParameterSet> Enumerate()
    {
        var ps = Space.Parameters;
        var u = new double[ps.Count];
        IEnumerable<ParameterSet> Walk(int i)
        {
            if (i == ps.Count)
            {
                yield return Space.Decode(u);
                yield break;
            }
            // Whether parameter i is active depends only on earlier parameters (conditions name earlier choices).
            for (int k = i; k < ps.Count; k++) u[k] = 0.5;
            bool active = Space.IsActive(i, Space.Decode(u));
            foreach (double level in active ? Levels(ps[i]) : [0.5])
            {
                u[i] = level;
                foreach (var point in Walk(i + 1)) yield return point;
            }
        }
        return Walk(0).DistinctBy(p => p.ToString());
    }

    /// <inheritdoc />
    public ParameterSet? Propose()
    {
        lock (_points) return _points.MoveNext() ? _points.Current : null;
    }

    /// <inheritdoc />
    public void Report(ParameterSet point, double loss, double cost)
    {
    }
}
