namespace MlNetDeep.Training;

/// <summary>How the learning rate changes during training (set before every step).</summary>
public enum LearningRateSchedule
{
    /// <summary>Constant.</summary>
    Constant,
    /// <summary>Cosine decay from the learning rate to 0 over all steps, after a linear warm-up of <see cref="DeepTrainerOptions.WarmupSteps"/> steps.</summary>
    Cosine,
    /// <summary>The 1cycle policy (Smith, 2018) on the learning rate: up from lr/25 to lr over the first 30% of the steps, then cosine down to lr/25e4.</summary>
    OneCycle,
    /// <summary>Multiply by 0.1 at 50% and again at 75% of the steps.</summary>
    Step,
}
