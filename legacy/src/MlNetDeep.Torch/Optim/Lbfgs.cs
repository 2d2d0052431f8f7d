namespace MlNetDeep.Torch.Optim;

/// <summary>
/// Limited-memory BFGS, as PyTorch's torch.optim.LBFGS without a line search: each
/// <see cref="Step(Func{Tensor})"/> runs up to <see cref="MaxIterations"/> quasi-Newton
/// iterations, re-evaluating the closure (which must zero the gradients, compute the loss,
/// call Backward and return the loss). Suited to full-batch problems with few parameters
/// (one parameter group). <see cref="Optimizer.Step()"/> without a closure is an error.
/// </summary>
public sealed class Lbfgs : Optimizer
{
    private readonly List<Tensor> _oldDirs = new(), _oldSteps = new();
    private readonly List<double> _ro = new();
    private Tensor? _d, _prevFlatGrad;
    private double _t, _hDiag = 1, _prevLoss;
    private int _nIter;

    /// <summary>Creates the optimizer.</summary>
    public Lbfgs(IEnumerable<Tensor> parameters, double learningRate = 1, int maxIterations = 20, int? maxEvaluations = null,
        double toleranceGrad = 1e-7, double toleranceChange = 1e-9, int historySize = 100)
        : base(Single(parameters), learningRate, 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxIterations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(historySize);
        MaxIterations = maxIterations;
        MaxEvaluations = maxEvaluations ?? maxIterations * 5 / 4;
        (ToleranceGrad, ToleranceChange, HistorySize) = (toleranceGrad, toleranceChange, historySize);
    }

    /// <summary>Quasi-Newton iterations per step.</summary>
    public int MaxIterations { get; }
    /// <summary>Closure evaluations per step.</summary>
    public int MaxEvaluations { get; }
    /// <summary>Stop when the largest gradient element is below this.</summary>
    public double ToleranceGrad { get; }
    /// <summary>Stop when the loss or the step changes less than this.</summary>
    public double ToleranceChange { get; }
    /// <summary>Correction pairs kept.</summary>
    public int HistorySize { get; }

    private protected override void StepGroup(ParamGroup group, int offset) =>
        throw new InvalidOperationException("L-BFGS re-evaluates the model: call Step(closure) with a closure that returns the loss.");

    private Tensor FlatGrad()
    {
        var parts = ParamGroups[0].Parameters.Select(p => p.Grad is { } g ? g.Flatten() : Tensors.Zeros([p.NumberOfElements], p.DType, p.Device)).ToList();
        return Tensors.Cat(parts);
    }

    private void AddToParameters(double t, Tensor direction)
    {
        long offset = 0;
        foreach (var p in ParamGroups[0].Parameters)
        {
            long n = p.NumberOfElements;
            using Tensor piece = direction.Narrow(0, offset, n).View(p.Shape);
            p.Add_(piece, t);
            offset += n;
        }
    }

    private static double Dot(Tensor a, Tensor b)
    {
        using Tensor p = a.Mul(b);
        using Tensor s = p.Sum();
        return s.ToDouble();
    }

    private static double AbsMax(Tensor a)
    {
        using Tensor abs = a.Abs();
        using Tensor m = abs.Max();
        return m.ToDouble();
    }

    /// <summary>Runs up to <see cref="MaxIterations"/> iterations; returns the loss of the first closure evaluation.</summary>
    public double Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        double lr = ParamGroups[0].LearningRate;
        double Evaluate()
        {
            using (Engine.EnableGrad())
            using (Tensor loss = closure())
                return loss.ToDouble();
        }

        double origLoss = Evaluate(), loss = origLoss;
        using var scope = Engine.NewDisposeScope();
        Tensor flatGrad = FlatGrad();
        if (AbsMax(flatGrad) <= ToleranceGrad) return origLoss;
        int evals = 1, iter = 0;
        using (Engine.NoGrad())
        {
            while (iter < MaxIterations)
            {
                iter++;
                _nIter++;
                if (_nIter == 1)
                {
                    Keep(ref _d, flatGrad.Neg());
                    _hDiag = 1;
                }
                else
                {
                    Tensor y = flatGrad.Sub(_prevFlatGrad!);
                    Tensor s = _d!.Mul(_t);
                    double ys = Dot(y, s);
                    if (ys > 1e-10)
                    {
                        if (_oldDirs.Count == HistorySize)
                        {
                            _oldDirs[0].Dispose(); _oldDirs.RemoveAt(0);
                            _oldSteps[0].Dispose(); _oldSteps.RemoveAt(0);
                            _ro.RemoveAt(0);
                        }
                        _oldDirs.Add(y.DetachFromDisposeScope());
                        _oldSteps.Add(s.DetachFromDisposeScope());
                        _ro.Add(1 / ys);
                        _hDiag = ys / Dot(y, y);
                    }
                    int num = _oldDirs.Count;
                    var al = new double[num];
                    Tensor q = flatGrad.Neg();
                    for (int i = num - 1; i >= 0; i--)
                    {
                        al[i] = Dot(_oldSteps[i], q) * _ro[i];
                        q.Add_(_oldDirs[i], -al[i]);
                    }
                    Tensor r = q.Mul(_hDiag);
                    for (int i = 0; i < num; i++)
                    {
                        double be = Dot(_oldDirs[i], r) * _ro[i];
                        r.Add_(_oldSteps[i], al[i] - be);
                    }
                    Keep(ref _d, r);
                }
                Keep(ref _prevFlatGrad, flatGrad.Clone());
                _prevLoss = loss;
                _t = _nIter == 1 ? Math.Min(1.0, 1.0 / AbsSum(flatGrad)) * lr : lr;
                double gtd = Dot(flatGrad, _d!);
                if (gtd > -ToleranceChange) break;

                AddToParameters(_t, _d!);
                bool optimal = false;
                if (iter != MaxIterations)
                {
                    loss = Evaluate();
                    flatGrad = FlatGrad();
                    optimal = AbsMax(flatGrad) <= ToleranceGrad;
                    evals++;
                }
                if (iter == MaxIterations || evals >= MaxEvaluations || optimal) break;
                using (Tensor step = _d!.Mul(_t))
                    if (AbsMax(step) <= ToleranceChange) break;
                if (Math.Abs(loss - _prevLoss) < ToleranceChange) break;
            }
        }
        ParamGroups[0].Steps = ParamGroups[0].Steps.Select(s => s + 1).ToArray();
        return origLoss;
    }

    private static double AbsSum(Tensor a)
    {
        using Tensor abs = a.Abs();
        using Tensor s = abs.Sum();
        return s.ToDouble();
    }

    private static void Keep(ref Tensor? slot, Tensor value)
    {
        slot?.Dispose();
        slot = value.DetachFromDisposeScope();
    }

    private protected override void SaveExtraState(Dictionary<string, Tensor> state)
    {
        if (_d is not null) state["lbfgs.d"] = _d.Clone().DetachFromDisposeScope();
        if (_prevFlatGrad is not null) state["lbfgs.prev_flat_grad"] = _prevFlatGrad.Clone().DetachFromDisposeScope();
        for (int i = 0; i < _oldDirs.Count; i++)
        {
            state[$"lbfgs.old_dirs.{i}"] = _oldDirs[i].Clone().DetachFromDisposeScope();
            state[$"lbfgs.old_stps.{i}"] = _oldSteps[i].Clone().DetachFromDisposeScope();
        }
        state["lbfgs.scalars"] = Tensor.FromArray(new[] { _t, _hDiag, _prevLoss, _nIter }).DetachFromDisposeScope();
        state["lbfgs.ro"] = Tensor.FromArray(_ro.ToArray()).DetachFromDisposeScope();
    }

    private protected override void DisposeExtraState()
    {
        foreach (var t in _oldDirs.Concat(_oldSteps)) t.Dispose();
        _oldDirs.Clear();
        _oldSteps.Clear();
        _d?.Dispose();
        _prevFlatGrad?.Dispose();
    }

    private protected override bool IsExtraStateKey(string key) => key.StartsWith("lbfgs.", StringComparison.Ordinal);

    private protected override void LoadExtraState(IReadOnlyDictionary<string, Tensor> state)
    {
        static Tensor Copy(Tensor t) => t.Clone().DetachFromDisposeScope();
        foreach (var t in _oldDirs.Concat(_oldSteps)) t.Dispose();
        _oldDirs.Clear(); _oldSteps.Clear(); _ro.Clear();
        if (state.TryGetValue("lbfgs.d", out var d)) Keep(ref _d, Copy(d));
        if (state.TryGetValue("lbfgs.prev_flat_grad", out var g)) Keep(ref _prevFlatGrad, Copy(g));
        for (int i = 0; state.TryGetValue($"lbfgs.old_dirs.{i}", out var od) && state.TryGetValue($"lbfgs.old_stps.{i}", out var os); i++)
        {
            _oldDirs.Add(Copy(od));
            _oldSteps.Add(Copy(os));
        }
        if (state.TryGetValue("lbfgs.ro", out var ro)) _ro.AddRange(ro.ToArray<double>());
        if (state.TryGetValue("lbfgs.scalars", out var sc))
        {
            double[] v = sc.ToArray<double>();
            (_t, _hDiag, _prevLoss, _nIter) = (v[0], v[1], v[2], (int)v[3]);
        }
    }
}
