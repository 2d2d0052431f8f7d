namespace MlNetDeep.Trainers;

/// <summary>The loss of a network regressor.</summary>
public enum RegressionLoss
{
    /// <summary>Mean squared error (default).</summary>
    Squared,
    /// <summary>Mean absolute error.</summary>
    Absolute,
    /// <summary>Huber loss: squared within <see cref="DeepRegressionTrainer.Options.HuberDelta"/> of the label, absolute beyond.</summary>
    Huber,
}
