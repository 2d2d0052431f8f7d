namespace MlNetDeep.Classical.Optimization;

/// <summary>A smooth objective: returns f(x) and writes ∇f(x) into <c>gradient</c>.</summary>
internal delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>Settings of <see cref="Lbfgs.Minimize"/>.</summary>
/// <param name="Memory">Correction pairs kept (scipy's <c>maxcor</c>).</param>
/// <param name="MaxIterations">Iterations (scipy's <c>maxiter</c>).</param>
/// <param name="GradientTolerance">Stop when the largest gradient entry (the pseudo-gradient with L1) is at most this (scipy's <c>gtol</c>).</param>
/// <param name="FunctionTolerance">Stop when an iteration lowers f by at most this fraction of max(|f|, 1) (scipy's <c>factr</c> × machine epsilon).</param>
/// <param name="L1">Weight of an L1 penalty on the coordinates <c>l1Mask</c> marks (0: none). With L1 the method is OWL-QN.</param>
/// <param name="MaxLineSearch">Objective evaluations per line search.</param>
internal sealed record LbfgsOptions(int Memory = 10, int MaxIterations = 100, double GradientTolerance = 1e-4, double FunctionTolerance = 2.2e-9,
    double L1 = 0, int MaxLineSearch = 20);

/// <summary>Where <see cref="Lbfgs.Minimize"/> stopped.</summary>
internal sealed record LbfgsResult(double[] X, double Value, int Iterations, int Evaluations, bool Converged, string Reason);

/// <summary>
/// Limited-memory BFGS (Nocedal and Wright, algorithms 7.4 and 7.5) with a strong-Wolfe line
/// search (algorithms 3.5 and 3.6, cubic interpolation); with an L1 weight it becomes OWL-QN
/// (Andrew and Gao 2007): the pseudo-gradient steers, directions and steps stay in the current
/// orthant, and a backtracking search checks sufficient decrease of the penalized objective.
/// Vectors are small (a model's parameters); the objective does the heavy work.
/// </summary>
internal static class Lbfgs
{
    private const double C1 = 1e-4, C2 = 0.9;

    public static LbfgsResult Minimize(Objective f, double[] x0, LbfgsOptions o, bool[]? l1Mask = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x0);
        int n = x0.Length;
        bool owl = o.L1 > 0;
        if (owl && l1Mask is not null && l1Mask.Length != n) throw new ArgumentException($"l1Mask has {l1Mask.Length} entries for {n} parameters.", nameof(l1Mask));
        double[] x = (double[])x0.Clone(), g = new double[n], pg = new double[n], d = new double[n];
        double[] xNew = new double[n], gNew = new double[n];
        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        int evaluations = 1;
        double fx = Penalized(f(x, g), x);
        PseudoGradient(x, g, pg);
        if (MaxAbs(pg) <= o.GradientTolerance) return new(x, fx, 0, evaluations, true, "gradient below tolerance at the start");
        for (int iteration = 1; iteration <= o.MaxIterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            TwoLoop(pg, s, y, rho, d);
            if (owl)
                for (int i = 0; i < n; i++)
                    if (d[i] * pg[i] >= 0) d[i] = 0; // keep only descent components of the pseudo-gradient
            double slope = Dot(pg, d);
            if (!(slope < 0))
            {
                // Curvature pairs no longer give a descent direction: drop them and go down the gradient.
                s.Clear(); y.Clear(); rho.Clear();
                for (int i = 0; i < n; i++) d[i] = -pg[i];
                slope = Dot(pg, d);
            }
            double step = s.Count == 0 ? Math.Min(1, 1 / Math.Sqrt(Dot(pg, pg))) : 1;
            double fNew;
            int used;
            (step, fNew, used) = owl ? Backtrack(f, x, fx, pg, d, step, xNew, gNew, o) : WolfeSearch(f, x, fx, slope, d, step, xNew, gNew, o);
            evaluations += used;
            if (double.IsNaN(step)) return new(x, fx, iteration - 1, evaluations, false, "line search found no decrease");
            double[] sk = new double[n], yk = new double[n];
            for (int i = 0; i < n; i++) (sk[i], yk[i]) = (xNew[i] - x[i], gNew[i] - g[i]);
            double sy = Dot(sk, yk);
            if (sy > 1e-10 * Dot(yk, yk))
            {
                if (s.Count == o.Memory) { s.RemoveAt(0); y.RemoveAt(0); rho.RemoveAt(0); }
                s.Add(sk); y.Add(yk); rho.Add(1 / sy);
            }
            double fOld = fx;
            (x, xNew) = (xNew, x);
            (g, gNew) = (gNew, g);
            fx = fNew;
            PseudoGradient(x, g, pg);
            if (MaxAbs(pg) <= o.GradientTolerance) return new(x, fx, iteration, evaluations, true, "gradient below tolerance");
            if ((fOld - fx) <= o.FunctionTolerance * Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(fx)), 1))
                return new(x, fx, iteration, evaluations, true, "relative decrease below tolerance");
        }
        return new(x, fx, o.MaxIterations, evaluations, false, "iteration limit reached");

        double Penalized(double value, double[] at)
        {
            if (!owl) return value;
            double l1 = 0;
            for (int i = 0; i < at.Length; i++)
                if (l1Mask is null || l1Mask[i]) l1 += Math.Abs(at[i]);
            return value + o.L1 * l1;
        }

        void PseudoGradient(double[] at, double[] grad, double[] result)
        {
            for (int i = 0; i < at.Length; i++)
            {
                if (!owl || (l1Mask is not null && !l1Mask[i])) { result[i] = grad[i]; continue; }
                double l = o.L1;
                result[i] = at[i] > 0 ? grad[i] + l
                    : at[i] < 0 ? grad[i] - l
                    : grad[i] + l < 0 ? grad[i] + l
                    : grad[i] - l > 0 ? grad[i] - l
                    : 0;
            }
        }

        (double, double, int) Backtrack(Objective obj, double[] at, double fAt, double[] pgAt, double[] dir, double step, double[] xOut, double[] gOut, LbfgsOptions opt)
        {
            for (int k = 1; k <= opt.MaxLineSearch; k++, step *= 0.5)
            {
                double decrease = 0;
                for (int i = 0; i < at.Length; i++)
                {
                    double v = at[i] + step * dir[i];
                    if (l1Mask is null || l1Mask[i])
                    {
                        // Stay in the orthant of x (or, at zero, the one the pseudo-gradient points into).
                        double orthant = at[i] != 0 ? Math.Sign(at[i]) : -Math.Sign(pgAt[i]);
                        if (v * orthant <= 0) v = 0;
                    }
                    xOut[i] = v;
                    decrease += pgAt[i] * (v - at[i]);
                }
                double fNew = Penalized(obj(xOut, gOut), xOut);
                if (fNew <= fAt + C1 * decrease) return (step, fNew, k);
            }
            return (double.NaN, fAt, opt.MaxLineSearch);
        }
    }

    /// <summary>d = −H·g from the stored pairs (H₀ scaled by sᵀy / yᵀy of the newest pair).</summary>
    private static void TwoLoop(double[] g, List<double[]> s, List<double[]> y, List<double> rho, double[] d)
    {
        int m = s.Count;
        for (int i = 0; i < d.Length; i++) d[i] = -g[i];
        var alpha = new double[m];
        for (int k = m - 1; k >= 0; k--)
        {
            alpha[k] = rho[k] * Dot(s[k], d);
            Axpy(-alpha[k], y[k], d);
        }
        if (m > 0)
        {
            double gamma = 1 / (rho[m - 1] * Dot(y[m - 1], y[m - 1]));
            for (int i = 0; i < d.Length; i++) d[i] *= gamma;
        }
        for (int k = 0; k < m; k++)
        {
            double beta = rho[k] * Dot(y[k], d);
            Axpy(alpha[k] - beta, s[k], d);
        }
    }

    /// <summary>A step satisfying the strong Wolfe conditions; NaN when none is found within the evaluation budget.</summary>
    private static (double Step, double Value, int Evaluations) WolfeSearch(Objective f, double[] x, double f0, double slope0, double[] d, double step,
        double[] xOut, double[] gOut, LbfgsOptions o)
    {
        double prevStep = 0, prevF = f0, prevSlope = slope0;
        int evals = 0;
        double bestStep = double.NaN, bestF = f0;
        while (evals < o.MaxLineSearch)
        {
            var (fs, ds) = Eval(step);
            if (fs < bestF) (bestStep, bestF) = (step, fs);
            if (fs > f0 + C1 * step * slope0 || (evals > 1 && fs >= prevF))
                return Zoom(prevStep, prevF, prevSlope, step, fs, ds);
            if (Math.Abs(ds) <= -C2 * slope0) return (step, fs, evals);
            if (ds >= 0) return Zoom(step, fs, ds, prevStep, prevF, prevSlope);
            (prevStep, prevF, prevSlope) = (step, fs, ds);
            step *= 2;
        }
        return Settle();

        (double, double) Eval(double a)
        {
            for (int i = 0; i < x.Length; i++) xOut[i] = x[i] + a * d[i];
            double v = f(xOut, gOut);
            evals++;
            return (double.IsFinite(v) ? v : double.PositiveInfinity, Dot(gOut, d));
        }

        (double, double, int) Zoom(double lo, double fLo, double dLo, double hi, double fHi, double dHi)
        {
            while (evals < o.MaxLineSearch)
            {
                double a = Cubic(lo, fLo, dLo, hi, fHi, dHi);
                double span = Math.Abs(hi - lo);
                if (!double.IsFinite(a) || Math.Abs(a - lo) < 0.1 * span || Math.Abs(a - hi) < 0.1 * span) a = (lo + hi) / 2;
                var (fa, da) = Eval(a);
                if (fa < bestF) (bestStep, bestF) = (a, fa);
                if (fa > f0 + C1 * a * slope0 || fa >= fLo)
                {
                    (hi, fHi, dHi) = (a, fa, da);
                }
                else
                {
                    if (Math.Abs(da) <= -C2 * slope0) return (a, fa, evals);
                    if (da * (hi - lo) >= 0) (hi, fHi, dHi) = (lo, fLo, dLo);
                    (lo, fLo, dLo) = (a, fa, da);
                }
                if (Math.Abs(hi - lo) < 1e-16 * Math.Max(1, Math.Abs(lo))) break;
            }
            return Settle();
        }

        // Out of budget: take the best decreasing step seen (re-evaluated so the gradient matches), if any.
        (double, double, int) Settle()
        {
            if (double.IsNaN(bestStep) || !(bestF < f0)) return (double.NaN, f0, evals);
            var (fb, _) = Eval(bestStep);
            return (bestStep, fb, evals);
        }
    }

    /// <summary>The minimizer of the cubic through two points with slopes (NaN when it has none).</summary>
    private static double Cubic(double a, double fa, double da, double b, double fb, double db)
    {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (disc < 0) return double.NaN;
        double d2 = Math.Sign(b - a) * Math.Sqrt(disc);
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    }

    private static double Dot(double[] a, double[] b) => System.Numerics.Tensors.TensorPrimitives.Dot<double>(a, b);

    private static double MaxAbs(double[] v) => v.Length == 0 ? 0 : Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude<double>(v));

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < y.Length; i++) y[i] += a * x[i];
    }
}
