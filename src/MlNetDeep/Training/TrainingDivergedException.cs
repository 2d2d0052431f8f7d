namespace MlNetDeep.Training;

/// <summary>The loss or a gradient became NaN or infinite; training stopped at that step, before any weights it produced were checkpointed.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for <paramref name="what"/> at <paramref name="epoch"/>, <paramref name="batch"/>.</summary>
    public TrainingDivergedException(int epoch, int batch, string what)
        : base($"Training diverged at epoch {epoch}, batch {batch}: {what} is NaN or infinite. Lower the learning rate, clip gradients (GradientClipNorm), or check the inputs for NaN.")
    {
        (Epoch, Batch, What) = (epoch, batch, what);
    }

    /// <summary>1-based epoch.</summary>
    public int Epoch { get; }

    /// <summary>1-based batch.</summary>
    public int Batch { get; }

    /// <summary>The tensor that went non-finite ("the loss" or a parameter's gradient).</summary>
    public string What { get; }
}
