using MlNetDeep.Deep.Networks;

namespace MlNetDeep.Deep.Training;

/// <summary>
/// Hyperparameters shared by the deep trainers (the single source of them: AutoML sweeps
/// these records, cloning is <c>with</c>). <see cref="Validate"/> runs when a trainer is
/// created; every message gives the value received.
/// </summary>
public record DeepTrainerOptions
{
    /// <summary>Column of features (a Vector&lt;Single&gt; shaped like the network's input).</summary>
    public string FeatureColumnName { get; init; } = "Features";
    /// <summary>Column of labels (a key column for classification).</summary>
    public string LabelColumnName { get; init; } = "Label";
    /// <summary>The network; null lets the trainer choose (each trainer documents its default).</summary>
    public NetworkSpec? Network { get; init; }
    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>Examples per step.</summary>
    public int BatchSize { get; init; } = 128;
    /// <summary>The optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Learning-rate schedule (stepped per batch).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;
    /// <summary>Linear warm-up steps of the cosine schedule.</summary>
    public int WarmupSteps { get; init; }
    /// <summary>Training-time image augmentation of the feature column (a [C, H, W] image), or null.</summary>
    public Data.Augmentation.ImageAugmentationOptions? Augmentation { get; init; }
    /// <summary>
    /// Write a checkpoint (weights, optimizer, schedule, RNG, epoch) to this file after every <see cref="CheckpointEveryEpochs"/> epochs,
    /// after an epoch that ends <see cref="CheckpointEveryMinutes"/> or more after the last checkpoint, and after the last epoch (null: none).
    /// An existing checkpoint is resumed from: training continues with the epoch after it.
    /// </summary>
    public string? CheckpointPath { get; init; }
    /// <summary>Epochs between checkpoints.</summary>
    public int CheckpointEveryEpochs { get; init; } = 1;
    /// <summary>Also checkpoint at the end of any epoch this many minutes after the last checkpoint (null: by epochs only). Checkpoints are taken at epoch ends.</summary>
    public double? CheckpointEveryMinutes { get; init; }
    /// <summary>Whether the fitted model also outputs an <c>Embedding</c> column (the input of the network's last layer).</summary>
    public bool OutputEmbedding { get; init; }
    /// <summary>Momentum (SGD and RMSprop).</summary>
    public double Momentum { get; init; }
    /// <summary>Weight decay (L2 for Adam/SGD/RMSprop, decoupled for AdamW).</summary>
    public double WeightDecay { get; init; }
    /// <summary>Label smoothing in [0, 1) for cross-entropy.</summary>
    public double LabelSmoothing { get; init; }
    /// <summary>Per-class loss weights (null: equal).</summary>
    public IReadOnlyList<float>? ClassWeights { get; init; }
    /// <summary>Overrides the probability of every Dropout layer of the network (null: as the network says).</summary>
    public double? Dropout { get; init; }
    /// <summary>Fraction of the training data held out for validation each epoch (0: none; or pass a validation set to Fit).</summary>
    public double ValidationFraction { get; init; }
    /// <summary>Stop when the validation loss has not improved for this many epochs (0: never); the best weights are restored.</summary>
    public int EarlyStoppingPatience { get; init; }
    /// <summary>Clip the gradients' joint norm to this (0: off).</summary>
    public double GradientClipNorm { get; init; }
    /// <summary>Stop after this much wall time (null: no limit); the model trained so far is returned.</summary>
    public TimeSpan? TimeBudget { get; init; }
    /// <summary>Seed of initialization, shuffling and dropout (null: the context's next seed).</summary>
    public int? Seed { get; init; }
    /// <summary>
    /// Deterministic mode for the fit (<see cref="Torch.Engine.Deterministic"/>, process-wide while the fit runs): only
    /// deterministic kernels, deterministic cuDNN. Same seed, same device and thread count: bit-identical weights.
    /// </summary>
    public bool Deterministic { get; init; }
    /// <summary>Device to train on ("cpu", "cuda", "cuda:N" or "auto").</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and gives the value received.</exception>
    public virtual void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }
        Check(!string.IsNullOrEmpty(FeatureColumnName), "FeatureColumnName must be set.");
        Check(!string.IsNullOrEmpty(LabelColumnName), "LabelColumnName must be set.");
        Check(Epochs > 0, $"Epochs must be > 0. Received: {Epochs}.");
        Check(BatchSize > 0, $"BatchSize must be > 0. Received: {BatchSize}.");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), $"LearningRate must be a finite number > 0. Received: {LearningRate}.");
        Check(Momentum is >= 0 and < 1, $"Momentum must be in [0, 1). Received: {Momentum}.");
        Check(WeightDecay >= 0 && double.IsFinite(WeightDecay), $"WeightDecay must be >= 0. Received: {WeightDecay}.");
        Check(LabelSmoothing is >= 0 and < 1, $"LabelSmoothing must be in [0, 1). Received: {LabelSmoothing}.");
        Check(ValidationFraction is >= 0 and < 1, $"ValidationFraction must be in [0, 1). Received: {ValidationFraction}.");
        Check(EarlyStoppingPatience >= 0, $"EarlyStoppingPatience must be >= 0. Received: {EarlyStoppingPatience}.");
        Check(Dropout is null || Dropout is >= 0 and < 1, $"Dropout must be in [0, 1). Received: {Dropout}.");
        Check(WarmupSteps >= 0, $"WarmupSteps must be >= 0. Received: {WarmupSteps}.");
        Check(CheckpointEveryEpochs > 0, $"CheckpointEveryEpochs must be > 0. Received: {CheckpointEveryEpochs}.");
        Check(CheckpointPath is null || CheckpointPath.Length > 0, "CheckpointPath must not be empty.");
        Check(CheckpointEveryMinutes is null || (CheckpointEveryMinutes > 0 && double.IsFinite(CheckpointEveryMinutes.Value)), $"CheckpointEveryMinutes must be > 0. Received: {CheckpointEveryMinutes}.");
        Check(GradientClipNorm >= 0, $"GradientClipNorm must be >= 0. Received: {GradientClipNorm}.");
        Check(TimeBudget is null || TimeBudget > TimeSpan.Zero, $"TimeBudget must be positive. Received: {TimeBudget}.");
        Check(ClassWeights is null || ClassWeights.All(w => w >= 0 && float.IsFinite(w)), "ClassWeights must be finite and >= 0.");
        try { Torch.Device.Parse(Device); }
        catch (FormatException e) { throw new ArgumentException($"Device: {e.Message}", e); }
    }
}
