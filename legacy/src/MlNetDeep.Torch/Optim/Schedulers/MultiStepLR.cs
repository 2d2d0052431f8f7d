namespace MlNetDeep.Torch.Optim;

/// <summary>Multiplies the rate by <see cref="Gamma"/> at each milestone step.</summary>
public sealed class MultiStepLR : LRScheduler
{
    private readonly int[] _milestones;

    /// <summary>Creates the schedule; milestones are step counts, in any order.</summary>
    public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1) : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _milestones = milestones.Order().ToArray();
        if (_milestones.Any(m => m <= 0)) throw new ArgumentException("Milestones must be positive step counts.", nameof(milestones));
        if (!(gamma > 0)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be > 0.");
        Gamma = gamma;
        Apply();
    }

    /// <summary>Decay factor.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    protected override double Rate(double initial, int step) => initial * Math.Pow(Gamma, _milestones.Count(m => m <= step));
}
