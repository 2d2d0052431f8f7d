using MlNetDeep.Deep.Training;

namespace MlNetDeep.Deep.Transfer;

/// <summary>
/// How <see cref="FineTuneCatalog.FineTune(Catalogs.MulticlassClassificationCatalog.MulticlassClassificationTrainers, Backbone, FineTuneOptions?)"/>
/// reuses a backbone: the training settings of every deep trainer, plus what to replace, what
/// to freeze and how fast the backbone learns. Frozen layers keep their weights bit-identical
/// and run in inference mode (batch norm uses, and keeps, its running statistics; dropout is off).
/// </summary>
public sealed record FineTuneOptions : DeepTrainerOptions
{
    /// <summary>
    /// Replace the backbone's head (its last block, a Linear layer) with a new Linear layer
    /// sized to the label's classes (true, the default); false keeps the head, which must already
    /// have one output per class, and continues training it.
    /// </summary>
    public bool ReplaceHead { get; init; } = true;

    /// <summary>
    /// How many of the backbone's blocks below the head train (counted from the top; see
    /// <see cref="NetworkLayers"/>): null, the default, trains them all; 0 freezes the whole
    /// backbone so only the head trains (feature extraction with a trained head).
    /// </summary>
    public int? TrainableBlocks { get; init; }

    /// <summary>Layer-name patterns (<c>*</c>, <c>?</c>; e.g. <c>conv2d_*</c>, <c>batchnorm2d_0</c>) frozen for the whole fit, on top of <see cref="TrainableBlocks"/>.</summary>
    public IReadOnlyList<string>? FreezeLayers { get; init; }

    /// <summary>
    /// Gradual unfreezing (Howard and Ruder's ULMFiT): every this many epochs one more block
    /// below the head starts training, from the top down, starting from <see cref="TrainableBlocks"/>
    /// (0 when null). 0, the default, turns it off.
    /// </summary>
    public int UnfreezeEveryEpochs { get; init; }

    /// <summary>The backbone's learning rate as a fraction of <see cref="DeepTrainerOptions.LearningRate"/> (the head's): a second parameter group.</summary>
    public double BackboneLearningRateFactor { get; init; } = 0.1;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Network is not null) throw new ArgumentException("Fine-tuning takes its network from the backbone; leave Network null.");
        if (TrainableBlocks is < 0) throw new ArgumentException($"TrainableBlocks must be >= 0 (or null for all). Received: {TrainableBlocks}.");
        if (UnfreezeEveryEpochs < 0) throw new ArgumentException($"UnfreezeEveryEpochs must be >= 0. Received: {UnfreezeEveryEpochs}.");
        if (!(BackboneLearningRateFactor >= 0) || !double.IsFinite(BackboneLearningRateFactor))
            throw new ArgumentException($"BackboneLearningRateFactor must be a finite number >= 0. Received: {BackboneLearningRateFactor}.");
        if (FreezeLayers is not null && FreezeLayers.Any(string.IsNullOrEmpty)) throw new ArgumentException("FreezeLayers has an empty pattern.");
    }
}
