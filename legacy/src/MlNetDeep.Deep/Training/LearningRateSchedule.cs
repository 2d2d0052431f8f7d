namespace MlNetDeep.Deep.Training;

/// <summary>How the learning rate changes during training (stepped once per batch).</summary>
public enum LearningRateSchedule
{
    /// <summary>Constant.</summary>
    Constant,
    /// <summary>Cosine decay from the learning rate to 0 over all steps, after a linear warm-up of <see cref="DeepTrainerOptions.WarmupSteps"/>.</summary>
    Cosine,
    /// <summary>The 1cycle policy peaking at the learning rate.</summary>
    OneCycle,
    /// <summary>Multiply by 0.1 at 50% and 75% of the epochs.</summary>
    Step,
}
