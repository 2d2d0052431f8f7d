using MlNetDeep.AutoML.SearchSpaces;

namespace MlNetDeep.AutoML.Tuners;

/// <summary>
/// Cost-frugal optimization (Wu, Wang and Huang's CFO with its FLOW2 local search, 2021: the
/// method FLAML published and ML.NET's AutoML adopted). It starts at the space's low-cost
/// point (few epochs, few trees) and moves only to better neighbours: from the incumbent it
/// tries a step of size δ along a random unit direction, then the opposite direction; a
/// better point becomes the incumbent. After 2·d directions without progress δ halves, so the
/// search settles; when δ falls below its floor the search restarts from a random point
/// (keeping the best so far). Cost grows only as improvement calls for it. Deterministic for
/// a seed and a sequence of reports.
/// </summary>
public sealed class CfoTuner : ITuner
{
    private readonly Random _random;
    private readonly object _gate = new();
    private readonly int _d;
    private readonly double _initialStep, _minStep;
    private double[]? _incumbent;
    private double _incumbentLoss = double.PositiveInfinity;
    private double[] _direction = [];
    private bool _triedPlus, _triedMinus, _started;
    private int _failures;
    private ParameterSet? _first;

    /// <summary>Creates the search over <paramref name="space"/>.</summary>
    public CfoTuner(SearchSpace space, int seed = 0)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        _random = new Random(seed);
        _d = Math.Max(1, space.Dimensions);
        _initialStep = 0.1 * Math.Sqrt(_d);
        _minStep = 1e-4;
        Step = _initialStep;
    }

    /// <inheritdoc />
    public SearchSpace Space { get; }

    /// <summary>The current step size δ (in the unit cube).</summary>
    public double Step { get; private set; }

    /// <summary>How many times the search restarted from a random point.</summary>
    public int Restarts { get; private set; }

    /// <inheritdoc />
    public ParameterSet? Propose()
    {
        lock (_gate)
        {
            if (!_started)
            {
                _started = true;
                return _first = Space.LowCostPoint();
            }
            if (_incumbent is null) return Space.Sample(_random); // waiting for the first result: explore meanwhile
            if (!_triedPlus)
            {
                _direction = UnitDirection();
                _triedPlus = true;
                return Space.Decode(Move(+1));
            }
            if (!_triedMinus)
            {
                _triedMinus = true;
                return Space.Decode(Move(-1));
            }
            // Both directions are out (parallel trials): try a fresh direction.
            _direction = UnitDirection();
            return Space.Decode(Move(+1));
        }
    }

    private double[] UnitDirection()
    {
        var u = new double[Space.Dimensions];
        double norm = 0;
        for (int i = 0; i < u.Length; i++)
        {
            // Normal draws give a uniformly random direction.
            double g = _random.NextGaussian();
            u[i] = g;
            norm += g * g;
        }
        norm = Math.Sqrt(norm);
        for (int i = 0; i < u.Length; i++) u[i] /= norm > 0 ? norm : 1;
        return u;
    }

    private double[] Move(int sign) => _incumbent!.Select((x, i) => Math.Clamp(x + sign * Step * _direction[i], 0, 1)).ToArray();

    /// <inheritdoc />
    public void Report(ParameterSet point, double loss, double cost)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (double.IsNaN(loss)) loss = double.PositiveInfinity;
        lock (_gate)
        {
            double[] x = Space.Encode(point);
            if (_incumbent is null)
            {
                if (ReferenceEquals(point, _first) || !double.IsPositiveInfinity(loss) || _first is null)
                {
                    _incumbent = x;
                    _incumbentLoss = loss;
                }
                return;
            }
            if (loss < _incumbentLoss)
            {
                _incumbent = x;
                _incumbentLoss = loss;
                _failures = 0;
                _triedPlus = _triedMinus = false;
                return;
            }
            if (_triedPlus && _triedMinus)
            {
                // A direction failed both ways.
                _triedPlus = _triedMinus = false;
                if (++_failures >= 2 * _d)
                {
                    _failures = 0;
                    Step /= 2;
                    if (Step < _minStep) Restart();
                }
            }
        }
    }

    private void Restart()
    {
        Restarts++;
        Step = _initialStep;
        _incumbent = Space.Encode(Space.Sample(_random));
        // The new start must earn its place: its loss is unknown until a neighbour beats it.
        _incumbentLoss = double.PositiveInfinity;
    }
}
