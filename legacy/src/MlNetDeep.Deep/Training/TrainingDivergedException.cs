namespace MlNetDeep.Deep.Training;

/// <summary>The loss or a gradient became NaN or infinite; training stopped at that step. Names the epoch, batch and tensor.</summary>
public sealed class TrainingDivergedException(int epoch, int batch, string what)
    : Exception($"Training diverged at epoch {epoch}, batch {batch}: {what} is NaN or infinite. Lower the learning rate, clip gradients (GradientClipNorm), or check the inputs for NaN.")
{
    /// <summary>1-based epoch.</summary>
    public int Epoch { get; } = epoch;
    /// <summary>1-based batch.</summary>
    public int Batch { get; } = batch;
    /// <summary>The tensor that went non-finite ("loss" or a parameter's gradient).</summary>
    public string What { get; } = what;
}
