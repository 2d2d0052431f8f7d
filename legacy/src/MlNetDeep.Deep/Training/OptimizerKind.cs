namespace MlNetDeep.Deep.Training;

/// <summary>The optimizer a deep trainer uses.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (default).</summary>
    Adam,
    /// <summary>AdamW (decoupled weight decay).</summary>
    AdamW,
    /// <summary>SGD with optional (Nesterov) momentum.</summary>
    Sgd,
    /// <summary>RMSprop.</summary>
    RmsProp,
}
