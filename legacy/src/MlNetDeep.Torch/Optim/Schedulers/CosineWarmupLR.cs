namespace MlNetDeep.Torch.Optim;

/// <summary>
/// Linear warm-up over the first <see cref="WarmupSteps"/> steps (step k uses lr0 * (k + 1) / warmup),
/// then cosine decay from lr0 to
/// <see cref="MinLearningRate"/> at <see cref="TotalSteps"/> (held there afterwards). With
/// no warm-up this is PyTorch's CosineAnnealingLR with T_max = totalSteps.
/// </summary>
public sealed class CosineWarmupLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    public CosineWarmupLR(Optimizer optimizer, int totalSteps, int warmupSteps = 0, double minLearningRate = 0) : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        if (warmupSteps >= totalSteps)
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"Warm-up steps must be fewer than total steps ({totalSteps}).");
        ArgumentOutOfRangeException.ThrowIfNegative(minLearningRate);
        (TotalSteps, WarmupSteps, MinLearningRate) = (totalSteps, warmupSteps, minLearningRate);
        Apply();
    }

    /// <summary>Steps until the rate reaches its minimum.</summary>
    public int TotalSteps { get; }
    /// <summary>Steps of linear warm-up.</summary>
    public int WarmupSteps { get; }
    /// <summary>Floor of the decay.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc />
    protected override double Rate(double initial, int step)
    {
        if (step < WarmupSteps) return initial * (step + 1) / WarmupSteps;
        double progress = Math.Min(1.0, (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps));
        return MinLearningRate + (initial - MinLearningRate) * (1 + Math.Cos(Math.PI * progress)) / 2;
    }
}
