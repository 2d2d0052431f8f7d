namespace MlNetDeep.Training;

/// <summary>The optimizer a deep trainer uses (TorchSharp's <c>torch.optim</c>).</summary>
public enum OptimizerKind
{
    /// <summary>Adam (default).</summary>
    Adam,
    /// <summary>AdamW (decoupled weight decay).</summary>
    AdamW,
    /// <summary>SGD with optional momentum (Nesterov when <see cref="DeepTrainerOptions.Nesterov"/>).</summary>
    Sgd,
    /// <summary>RMSprop.</summary>
    RmsProp,
}
