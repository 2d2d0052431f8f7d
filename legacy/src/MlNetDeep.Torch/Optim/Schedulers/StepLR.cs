namespace MlNetDeep.Torch.Optim;

/// <summary>Multiplies the rate by <see cref="Gamma"/> every <see cref="StepSize"/> steps: lr = lr0 * gamma^floor(step / stepSize).</summary>
public sealed class StepLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        if (!(gamma > 0)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be > 0.");
        (StepSize, Gamma) = (stepSize, gamma);
        Apply();
    }

    /// <summary>Steps between decays.</summary>
    public int StepSize { get; }
    /// <summary>Decay factor.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    protected override double Rate(double initial, int step) => initial * Math.Pow(Gamma, step / StepSize);
}
