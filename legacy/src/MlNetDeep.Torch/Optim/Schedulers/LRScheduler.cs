namespace MlNetDeep.Torch.Optim;

/// <summary>
/// Base of learning-rate schedules. Each <see cref="Step()"/> advances the schedule by one
/// epoch (or batch, as the caller chooses) and writes the new rate into every parameter
/// group, scaling from the group's <see cref="ParamGroup.InitialLearningRate"/>. Schedules
/// are closed-form in the step count, so saving <see cref="LastStep"/> is enough to resume.
/// </summary>
public abstract class LRScheduler
{
    /// <summary>Binds the schedule to <paramref name="optimizer"/> and applies step 0.</summary>
    protected LRScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
    }

    /// <summary>The optimizer whose groups are scheduled.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Steps taken so far (0 before the first <see cref="Step()"/>).</summary>
    public int LastStep { get; private set; }

    /// <summary>The current learning rate of each group.</summary>
    public IReadOnlyList<double> LearningRates => Optimizer.ParamGroups.Select(g => g.LearningRate).ToList();

    /// <summary>Advances one step and updates the groups' learning rates.</summary>
    public virtual void Step()
    {
        LastStep++;
        Apply();
    }

    /// <summary>Moves the schedule to <paramref name="step"/> (for resuming) and applies its rates.</summary>
    public void Resume(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        LastStep = step;
        Apply();
    }

    /// <summary>Writes the rates for <see cref="LastStep"/> into the groups.</summary>
    protected void Apply()
    {
        foreach (var g in Optimizer.ParamGroups) g.LearningRate = Rate(g.InitialLearningRate, LastStep);
    }

    /// <summary>The learning rate at <paramref name="step"/> for a group that started at <paramref name="initial"/>.</summary>
    protected abstract double Rate(double initial, int step);
}
