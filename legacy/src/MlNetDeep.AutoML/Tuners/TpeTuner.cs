using MlNetDeep.AutoML.SearchSpaces;

namespace MlNetDeep.AutoML.Tuners;

/// <summary>
/// The tree-structured Parzen estimator (Bergstra et al., 2011), the model-based tuner of
/// Hyperopt and Optuna. After <see cref="StartupTrials"/> random points it splits the results
/// at the γ-quantile of the loss into good and bad, fits per coordinate a Parzen density to
/// each group (truncated Gaussian kernels with neighbour-gap widths for numbers, smoothed
/// counts for choices, each with a prior component), draws <see cref="Candidates"/> points from the good density and proposes the
/// one maximizing l(x) / g(x). Conditional coordinates are modelled only from the trials where
/// they were active. Failed trials count as the worst. Deterministic for a seed and a sequence
/// of reports.
/// </summary>
public sealed class TpeTuner : ITuner
{
    private readonly Random _random;
    private readonly object _gate = new();
    private readonly List<(double[] X, bool[] Active, double Loss)> _history = [];

    /// <summary>Creates the tuner over <paramref name="space"/>.</summary>
    public TpeTuner(SearchSpace space, int seed = 0, int startupTrials = 10, int candidates = 24, double gamma = 0.1)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        ArgumentOutOfRangeException.ThrowIfLessThan(startupTrials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        if (gamma is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in (0, 1).");
        (_random, StartupTrials, Candidates, Gamma) = (new Random(seed), startupTrials, candidates, gamma);
    }

    /// <inheritdoc />
    public SearchSpace Space { get; }
    /// <summary>Random trials before the model is used.</summary>
    public int StartupTrials { get; }
    /// <summary>Points drawn from the good density per proposal.</summary>
    public int Candidates { get; }
    /// <summary>The fraction of trials counted as good (at most 25 of them, as in Optuna).</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public ParameterSet? Propose()
    {
        lock (_gate)
        {
            if (_history.Count < StartupTrials) return Space.Sample(_random);
            var sorted = _history.OrderBy(h => h.Loss).ToList();
            int nGood = Math.Clamp((int)Math.Ceiling(Gamma * sorted.Count), 1, 25);
            var good = sorted.Take(nGood).ToList();
            var bad = sorted.Skip(nGood).ToList();
            var parameters = Space.Parameters;
            int d = parameters.Count;
            var models = new (Density Good, Density Bad)[d];
            for (int i = 0; i < d; i++)
            {
                int dim = i;
                double[] g = good.Where(h => h.Active[dim]).Select(h => h.X[dim]).ToArray();
                double[] b = bad.Where(h => h.Active[dim]).Select(h => h.X[dim]).ToArray();
                int categories = parameters[i].Kind == ParameterKind.Choice ? parameters[i].Choices!.Count : 0;
                models[i] = (new Density(g, categories), new Density(b, categories));
            }
            double[]? best = null;
            double bestScore = double.NegativeInfinity;
            for (int c = 0; c < Candidates; c++)
            {
                var x = new double[d];
                double score = 0;
                for (int i = 0; i < d; i++)
                {
                    x[i] = models[i].Good.Sample(_random);
                    score += Math.Log(models[i].Good.Pdf(x[i])) - Math.Log(models[i].Bad.Pdf(x[i]));
                }
                if (score > bestScore) (best, bestScore) = (x, score);
            }
            return Space.Decode(best!);
        }
    }

    /// <inheritdoc />
    public void Report(ParameterSet point, double loss, double cost)
    {
        ArgumentNullException.ThrowIfNull(point);
        lock (_gate)
        {
            double[] x = Space.Encode(point);
            var active = Enumerable.Range(0, Space.Dimensions).Select(i => Space.IsActive(i, point)).ToArray();
            _history.Add((x, active, double.IsNaN(loss) ? double.PositiveInfinity : loss));
        }
    }

    /// <summary>
    /// A one-dimensional Parzen density on [0, 1]: a truncated normal per observation plus the
    /// prior (a wide normal at the middle), equally weighted. Each kernel's width is the larger
    /// gap to its sorted neighbours, clipped to [1 / min(100, n + 1), 1], so the density follows
    /// several separate good regions (as Hyperopt and Optuna do).
    /// </summary>
    private sealed class Density
    {
        private readonly double[] _mus = [];
        private readonly double[] _sigmas = [];
        private readonly double[]? _categories;

        public Density(double[] points, int categories)
        {
            if (categories > 0)
            {
                // Smoothed counts: one pseudo-observation spread over the categories.
                _categories = new double[categories];
                foreach (double u in points) _categories[Math.Min(categories - 1, (int)(u * categories))] += 1;
                for (int k = 0; k < categories; k++) _categories[k] = (_categories[k] + 1.0 / categories) / (points.Length + 1);
                return;
            }
            var mus = points.Append(0.5).Order().ToArray();
            var sigmas = new double[mus.Length];
            double min = 1 / Math.Min(100.0, mus.Length + 1.0);
            for (int k = 0; k < mus.Length; k++)
            {
                double left = mus[k] - (k == 0 ? 0 : mus[k - 1]), right = (k == mus.Length - 1 ? 1 : mus[k + 1]) - mus[k];
                sigmas[k] = Math.Clamp(Math.Max(left, right), min, 1);
            }
            // The prior component (the one at 0.5 that is not an observation) is wide.
            int prior = Array.IndexOf(mus, 0.5);
            sigmas[prior] = 1;
            (_mus, _sigmas) = (mus, sigmas);
        }

        public double Pdf(double u)
        {
            if (_categories is not null) return _categories[Math.Min(_categories.Length - 1, (int)(Math.Clamp(u, 0, 0.999999) * _categories.Length))] * _categories.Length;
            double sum = 0;
            for (int k = 0; k < _mus.Length; k++)
            {
                double z = (u - _mus[k]) / _sigmas[k];
                double mass = Phi((1 - _mus[k]) / _sigmas[k]) - Phi(-_mus[k] / _sigmas[k]);
                sum += Math.Exp(-0.5 * z * z) / (_sigmas[k] * Math.Sqrt(2 * Math.PI)) / Math.Max(mass, 1e-12);
            }
            return sum / _mus.Length;
        }

        public double Sample(Random random)
        {
            if (_categories is not null)
            {
                double r = random.NextDouble(), acc = 0;
                for (int k = 0; k < _categories.Length; k++)
                    if ((acc += _categories[k]) >= r) return (k + 0.5) / _categories.Length;
                return (_categories.Length - 0.5) / _categories.Length;
            }
            int pick = random.Next(_mus.Length);
            // The truncated normal by rejection (a kernel keeps a good part of its mass inside, so this ends fast).
            for (int attempt = 0; attempt < 64; attempt++)
            {
                double g = random.NextGaussian();
                double u = _mus[pick] + g * _sigmas[pick];
                if (u is >= 0 and <= 1) return u;
            }
            return random.NextDouble();
        }

        /// <summary>The standard normal distribution function (Abramowitz and Stegun 7.1.26, error below 1.5e-7).</summary>
        private static double Phi(double x)
        {
            double z = Math.Abs(x) / Math.Sqrt(2), t = 1 / (1 + 0.3275911 * z);
            double erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-z * z);
            return 0.5 * (1 + (x >= 0 ? erf : -erf));
        }
    }
}
