namespace MlNetDeep.Torch.Optim;

/// <summary>
/// The 1cycle policy (Smith and Topin, 2018), as PyTorch's OneCycleLR with cosine
/// annealing: from maxLr / divFactor up to maxLr over the first pctStart of the steps, then
/// down to maxLr / (divFactor * finalDivFactor) at the last step. Call <see cref="LRScheduler.Step()"/>
/// once per batch. (PyTorch's momentum cycling is not applied.)
/// </summary>
public sealed class OneCycleLR : LRScheduler
{
    /// <summary>Creates the schedule; every group peaks at <paramref name="maxLearningRate"/>.</summary>
    public OneCycleLR(Optimizer optimizer, double maxLearningRate, int totalSteps, double pctStart = 0.3, double divFactor = 25,
        double finalDivFactor = 1e4)
        : this(optimizer, Enumerable.Repeat(maxLearningRate, optimizer?.ParamGroups.Count ?? 0).ToArray(), totalSteps, pctStart, divFactor, finalDivFactor) { }

    /// <summary>Creates the schedule; group i peaks at <paramref name="maxLearningRates"/>[i] (PyTorch's max_lr list, e.g. a backbone at a tenth of its head).</summary>
    public OneCycleLR(Optimizer optimizer, IReadOnlyList<double> maxLearningRates, int totalSteps, double pctStart = 0.3, double divFactor = 25,
        double finalDivFactor = 1e4) : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(maxLearningRates);
        if (maxLearningRates.Count != optimizer.ParamGroups.Count)
            throw new ArgumentException($"{maxLearningRates.Count} peak learning rates for {optimizer.ParamGroups.Count} parameter groups.", nameof(maxLearningRates));
        double maxLearningRate = maxLearningRates[0];
        if (maxLearningRates.Any(r => !(r > 0))) throw new ArgumentOutOfRangeException(nameof(maxLearningRates), "Max learning rates must be > 0.");
        if (totalSteps < 2) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "Total steps must be at least 2.");
        if (pctStart is <= 0 or >= 1 || double.IsNaN(pctStart)) throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "pctStart must be in (0, 1).");
        if (!(divFactor > 0) || !(finalDivFactor > 0)) throw new ArgumentOutOfRangeException(nameof(divFactor), "Division factors must be > 0.");
        (MaxLearningRate, TotalSteps, PctStart, DivFactor, FinalDivFactor) = (maxLearningRate, totalSteps, pctStart, divFactor, finalDivFactor);
        for (int i = 0; i < maxLearningRates.Count; i++) optimizer.ParamGroups[i].InitialLearningRate = maxLearningRates[i] / divFactor;
        Apply();
    }

    /// <summary>Peak learning rate (of the first group; each group peaks at its initial rate times <see cref="DivFactor"/>).</summary>
    public double MaxLearningRate { get; }
    /// <summary>Length of the cycle in steps.</summary>
    public int TotalSteps { get; }
    /// <summary>Fraction of the cycle spent increasing.</summary>
    public double PctStart { get; }
    /// <summary>Initial rate = max / divFactor.</summary>
    public double DivFactor { get; }
    /// <summary>Final rate = initial / finalDivFactor.</summary>
    public double FinalDivFactor { get; }

    /// <inheritdoc />
    public override void Step()
    {
        if (LastStep + 1 >= TotalSteps)
            throw new InvalidOperationException($"OneCycleLR stepped past its {TotalSteps} total steps.");
        base.Step();
    }

    private static double Cos(double start, double end, double pct) => end + (start - end) / 2 * (Math.Cos(Math.PI * pct) + 1);

    /// <inheritdoc />
    protected override double Rate(double initial, int step)
    {
        double peakStep = PctStart * TotalSteps - 1;
        double last = TotalSteps - 1;
        double min = initial / FinalDivFactor, peak = initial * DivFactor;
        return step <= peakStep
            ? Cos(initial, peak, step / peakStep)
            : Cos(peak, min, (step - peakStep) / (last - peakStep));
    }
}
