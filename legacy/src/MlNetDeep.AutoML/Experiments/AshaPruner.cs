namespace MlNetDeep.AutoML.Experiments;

/// <summary>
/// Decides, from a trial's intermediate losses, whether it is worth its remaining budget.
/// Implementations are called from several trials' threads at once.
/// </summary>
public interface IPruner
{
    /// <summary>Records trial <paramref name="trialId"/>'s loss after <paramref name="resource"/> units (epochs, rounds) and says whether to stop it.</summary>
    bool ShouldStop(int trialId, int resource, double loss);
}

/// <summary>A pruner that needs each trial's parameters before its reports (e.g. separate rungs per trainer family).</summary>
public interface IParameterAwarePruner : IPruner
{
    /// <summary>Called as trial <paramref name="trialId"/> starts, or is replayed on resume, before any of its reports.</summary>
    void Starting(int trialId, SearchSpaces.ParameterSet parameters);
}

/// <summary>
/// Asynchronous successive halving (ASHA; Li et al., 2020), the multi-fidelity scheme of
/// Hyperband without its synchronisation: rungs sit at <see cref="MinResource"/>·η^k units
/// (e.g. epochs 1, 3, 9, 27 for η = 3). When a trial reaches a rung its loss joins that rung's,
/// and it goes on only if it is among the best ⌈n / η⌉ of the n trials that reached the rung so
/// far (the first to arrive always goes on). Poor trials therefore stop after a fraction of
/// their epochs, and the budget goes to the promising ones.
/// </summary>
public sealed class AshaPruner : IPruner
{
    private readonly object _gate = new();
    private readonly List<List<double>> _rungs = [];
    private readonly Dictionary<int, int> _reached = [];

    /// <summary>Creates the pruner.</summary>
    public AshaPruner(int minResource = 1, double reductionFactor = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minResource, 1);
        if (!(reductionFactor >= 2)) throw new ArgumentOutOfRangeException(nameof(reductionFactor), reductionFactor, "The reduction factor must be at least 2.");
        (MinResource, ReductionFactor) = (minResource, reductionFactor);
    }

    /// <summary>Units before the first rung.</summary>
    public int MinResource { get; }
    /// <summary>η: each rung keeps about 1/η of the trials that reach it.</summary>
    public double ReductionFactor { get; }

    /// <summary>The resource of rung <paramref name="k"/>.</summary>
    public int Rung(int k) => (int)Math.Round(MinResource * Math.Pow(ReductionFactor, k));

    /// <inheritdoc />
    public bool ShouldStop(int trialId, int resource, double loss)
    {
        if (double.IsNaN(loss)) loss = double.PositiveInfinity;
        lock (_gate)
        {
            int next = _reached.GetValueOrDefault(trialId);
            bool stop = false;
            // A report may pass several rungs at once (e.g. a trial that reports every third epoch).
            while (Rung(next) <= resource)
            {
                while (_rungs.Count <= next) _rungs.Add([]);
                var rung = _rungs[next];
                rung.Add(loss);
                int keep = Math.Max(1, (int)Math.Ceiling(rung.Count / ReductionFactor));
                double threshold = rung.Order().ElementAt(keep - 1);
                next++;
                if (loss > threshold)
                {
                    stop = true;
                    break;
                }
            }
            _reached[trialId] = next;
            return stop;
        }
    }
}
