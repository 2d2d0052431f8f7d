using MlNetDeep.Data;
using MlNetDeep.Data.Augmentation;
using MlNetDeep.Networks;

namespace MlNetDeep.Training;

/// <summary>
/// Settings shared by the deep trainers: plain settable properties with defaults, as ML.NET's
/// trainer options are (<c>with</c> copies one). <see cref="Validate"/> runs when a trainer is
/// created; every message names the setting and gives the value received.
/// </summary>
public record DeepTrainerOptions
{
    /// <summary>Column of features: a Vector&lt;Single&gt; (or other numeric vector) holding one network input (default "Features").</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Column of labels (default "Label"); each trainer says which types it takes.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The network as layer specs; null lets the trainer choose (each catalog method documents its default).</summary>
    public NetworkSpec? Network { get; set; }

    /// <summary>
    /// The shape one row's feature vector is viewed as before it enters the network, e.g. [1, 28, 28]
    /// for a flat 784-value column (null: the network spec's input shape, else the column's own dimensions).
    /// </summary>
    public int[]? InputShape { get; set; }

    /// <summary>Passes over the training data (default 10).</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Rows per step (default 128).</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>The optimizer (default Adam).</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;

    /// <summary>Learning rate (default 1e-3).</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Learning-rate schedule, set before every step (default constant).</summary>
    public LearningRateSchedule Schedule { get; set; } = LearningRateSchedule.Constant;

    /// <summary>Linear warm-up steps of the cosine schedule (default 0).</summary>
    public int WarmupSteps { get; set; }

    /// <summary>Momentum of SGD and RMSprop (default 0).</summary>
    public double Momentum { get; set; }

    /// <summary>Whether SGD uses Nesterov momentum (default false).</summary>
    public bool Nesterov { get; set; }

    /// <summary>Weight decay: L2 for Adam, SGD and RMSprop, decoupled for AdamW (default 0).</summary>
    public double WeightDecay { get; set; }

    /// <summary>Overrides the probability of every Dropout layer of a network spec (null: as the spec says).</summary>
    public double? Dropout { get; set; }

    /// <summary>Training-time augmentation of the network input, which must then be an image [C, H, W] (null: none).</summary>
    public ImageAugmentationOptions? Augmentation { get; set; }

    /// <summary>Fraction of the training rows held out for validation each epoch (0: none, or pass validation data to Fit).</summary>
    public double ValidationFraction { get; set; }

    /// <summary>Stop when the validation loss has not improved for this many epochs, restoring the best weights (0: never).</summary>
    public int EarlyStoppingPatience { get; set; }

    /// <summary>Clip the gradients' joint L2 norm to this (0: off).</summary>
    public double GradientClipNorm { get; set; }

    /// <summary>
    /// Write a checkpoint here (weights, optimizer state, random state, epoch, history) every
    /// <see cref="CheckpointEveryEpochs"/> epochs, after an epoch that ends
    /// <see cref="CheckpointEveryMinutes"/> or more after the last one, and after the last epoch; through a
    /// temporary file renamed into place, so a kill never leaves a torn checkpoint. When the file exists,
    /// training resumes after the epoch it holds (null: no checkpoints).
    /// </summary>
    public string? CheckpointPath { get; set; }

    /// <summary>Epochs between checkpoints (default 1).</summary>
    public int CheckpointEveryEpochs { get; set; } = 1;

    /// <summary>Also checkpoint at the end of any epoch this many minutes after the last checkpoint (null: by epochs only).</summary>
    public double? CheckpointEveryMinutes { get; set; }

    /// <summary>Stop after this much wall time, keeping the model trained so far (null: no limit).</summary>
    public TimeSpan? TimeBudget { get; set; }

    /// <summary>Seed of initialization, data order, augmentation and dropout (null: drawn from the MLContext's seed).</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Deterministic mode (default false). Networks built from layer specs never draw from TorchSharp's
    /// process-wide generator (their initialization and dropout have generators of their own), so the
    /// same seed, data, device and thread count give bit-identical weights on the CPU in any case. A
    /// module you bring draws from the process-wide generator, which the fit seeds; in this mode such
    /// fits also run one at a time in the process so nothing else draws meanwhile. TorchSharp 0.107
    /// exposes no switch for deterministic CUDA kernels.
    /// </summary>
    public bool Deterministic { get; set; }

    /// <summary>"auto" (CUDA when TorchSharp sees a CUDA device, else the CPU; the default), "cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Whether the training data is held in memory or streamed (default: in memory when it fits 2 GiB).</summary>
    public DataLoading DataLoading { get; set; } = DataLoading.Auto;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and gives the value received.</exception>
    public virtual void Validate()
    {
        Check(!string.IsNullOrEmpty(FeatureColumnName), "FeatureColumnName must be set.");
        Check(!string.IsNullOrEmpty(LabelColumnName), "LabelColumnName must be set.");
        Check(Epochs > 0, $"Epochs must be > 0. Received: {Epochs}.");
        Check(BatchSize > 0, $"BatchSize must be > 0. Received: {BatchSize}.");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), $"LearningRate must be a finite number > 0. Received: {LearningRate}.");
        Check(Momentum is >= 0 and < 1, $"Momentum must be in [0, 1). Received: {Momentum}.");
        Check(!Nesterov || (Optimizer == OptimizerKind.Sgd && Momentum > 0), "Nesterov needs the Sgd optimizer and Momentum > 0.");
        Check(WeightDecay >= 0 && double.IsFinite(WeightDecay), $"WeightDecay must be a finite number >= 0. Received: {WeightDecay}.");
        Check(ValidationFraction is >= 0 and < 1, $"ValidationFraction must be in [0, 1). Received: {ValidationFraction}.");
        Check(EarlyStoppingPatience >= 0, $"EarlyStoppingPatience must be >= 0. Received: {EarlyStoppingPatience}.");
        Check(Dropout is null || Dropout is >= 0 and < 1, $"Dropout must be in [0, 1). Received: {Dropout}.");
        Check(WarmupSteps >= 0, $"WarmupSteps must be >= 0. Received: {WarmupSteps}.");
        Check(CheckpointEveryEpochs > 0, $"CheckpointEveryEpochs must be > 0. Received: {CheckpointEveryEpochs}.");
        Check(CheckpointPath is null || CheckpointPath.Length > 0, "CheckpointPath must not be empty.");
        Check(CheckpointEveryMinutes is null || (CheckpointEveryMinutes > 0 && double.IsFinite(CheckpointEveryMinutes.Value)), $"CheckpointEveryMinutes must be > 0. Received: {CheckpointEveryMinutes}.");
        Check(GradientClipNorm >= 0 && double.IsFinite(GradientClipNorm), $"GradientClipNorm must be a finite number >= 0. Received: {GradientClipNorm}.");
        Check(TimeBudget is null || TimeBudget > TimeSpan.Zero, $"TimeBudget must be positive. Received: {TimeBudget}.");
        Check(InputShape is null || (InputShape.Length is > 0 and <= 8 && InputShape.All(d => d > 0)),
            $"InputShape must list 1 to 8 positive sizes. Received: [{string.Join(", ", InputShape ?? [])}].");
        Augmentation?.Validate();
        DeviceSelection.Parse(Device);
    }

    private protected static void Check(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}
