namespace MlNetDeep.Torch.Optim;

/// <summary>
/// A set of parameters trained with their own learning rate and weight decay (for example
/// a pretrained backbone at a tenth of the head's rate). Schedulers change
/// <see cref="LearningRate"/> in place.
/// </summary>
public sealed class ParamGroup
{
    /// <summary>Creates a group. Null options take the optimizer's defaults.</summary>
    public ParamGroup(IEnumerable<Tensor> parameters, double? learningRate = null, double? weightDecay = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToList();
        if (Parameters.Count == 0) throw new ArgumentException("A parameter group needs at least one parameter.", nameof(parameters));
        if (Parameters.Any(p => p is null)) throw new ArgumentException("A parameter group contains a null parameter.", nameof(parameters));
        RequestedLearningRate = learningRate;
        RequestedWeightDecay = weightDecay;
    }

    /// <summary>The group's parameters.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Current learning rate.</summary>
    public double LearningRate { get; set; }

    /// <summary>Learning rate the group started with (schedulers scale from it).</summary>
    public double InitialLearningRate { get; internal set; }

    /// <summary>L2 penalty (Adam, SGD, RMSprop) or decoupled decay (AdamW).</summary>
    public double WeightDecay { get; set; }

    internal double? RequestedLearningRate { get; }
    internal double? RequestedWeightDecay { get; }

    /// <summary>Per-parameter step counts (advanced by the native step for parameters that had a gradient).</summary>
    internal long[] Steps { get; set; } = [];
}
