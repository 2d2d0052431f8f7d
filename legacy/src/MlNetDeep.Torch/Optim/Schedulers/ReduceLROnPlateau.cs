namespace MlNetDeep.Torch.Optim;

/// <summary>
/// Multiplies every group's rate by <see cref="Factor"/> when a monitored metric has not
/// improved for more than <see cref="Patience"/> epochs, as PyTorch's ReduceLROnPlateau
/// (relative threshold mode). Feed it the metric each epoch with <see cref="Step(double)"/>.
/// </summary>
public sealed class ReduceLROnPlateau
{
    private int _cooldownLeft;

    /// <summary>Creates the policy. <paramref name="maximize"/> for metrics like accuracy.</summary>
    public ReduceLROnPlateau(Optimizer optimizer, bool maximize = false, double factor = 0.1, int patience = 10, double threshold = 1e-4,
        int cooldown = 0, double minLearningRate = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (factor is <= 0 or >= 1 || double.IsNaN(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "Factor must be in (0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        ArgumentOutOfRangeException.ThrowIfNegative(minLearningRate);
        (Optimizer, Maximize, Factor, Patience, Threshold, Cooldown, MinLearningRate) =
            (optimizer, maximize, factor, patience, threshold, cooldown, minLearningRate);
        Best = maximize ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>The optimizer whose groups are scaled.</summary>
    public Optimizer Optimizer { get; }
    /// <summary>Whether larger metric values are better.</summary>
    public bool Maximize { get; }
    /// <summary>Multiplier applied on a plateau.</summary>
    public double Factor { get; }
    /// <summary>Epochs without improvement tolerated.</summary>
    public int Patience { get; }
    /// <summary>Relative improvement that counts.</summary>
    public double Threshold { get; }
    /// <summary>Epochs to wait after a reduction before counting again.</summary>
    public int Cooldown { get; }
    /// <summary>Floor of every group's rate.</summary>
    public double MinLearningRate { get; }
    /// <summary>Best metric seen.</summary>
    public double Best { get; private set; }
    /// <summary>Epochs since the last improvement.</summary>
    public int BadEpochs { get; private set; }

    /// <summary>Records this epoch's metric; returns true when the rates were reduced.</summary>
    /// <exception cref="ArgumentException">The metric is NaN.</exception>
    public bool Step(double metric)
    {
        if (double.IsNaN(metric)) throw new ArgumentException("The monitored metric is NaN.", nameof(metric));
        bool better = Maximize ? metric > Best * (1 + Threshold) : metric < Best * (1 - Threshold);
        if (better) { Best = metric; BadEpochs = 0; }
        else BadEpochs++;
        if (_cooldownLeft > 0) { _cooldownLeft--; BadEpochs = 0; }
        if (BadEpochs <= Patience) return false;
        bool changed = false;
        foreach (var g in Optimizer.ParamGroups)
        {
            double next = Math.Max(g.LearningRate * Factor, MinLearningRate);
            if (g.LearningRate - next > 1e-8) { g.LearningRate = next; changed = true; }
        }
        _cooldownLeft = Cooldown;
        BadEpochs = 0;
        return changed;
    }

    /// <summary>Restores the tracking state (for resuming).</summary>
    public void Restore(double best, int badEpochs, int cooldownLeft)
    {
        (Best, BadEpochs, _cooldownLeft) = (best, badEpochs, cooldownLeft);
    }

    /// <summary>Epochs of cooldown still to wait.</summary>
    public int CooldownLeft => _cooldownLeft;
}
