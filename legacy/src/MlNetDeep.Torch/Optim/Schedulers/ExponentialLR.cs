namespace MlNetDeep.Torch.Optim;

/// <summary>lr = lr0 * gamma^step.</summary>
public sealed class ExponentialLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    public ExponentialLR(Optimizer optimizer, double gamma) : base(optimizer)
    {
        if (!(gamma > 0)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be > 0.");
        Gamma = gamma;
        Apply();
    }

    /// <summary>Decay factor per step.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    protected override double Rate(double initial, int step) => initial * Math.Pow(Gamma, step);
}
