namespace MlNetDeep.Deep.Training;

/// <summary>
/// What callbacks are told. Batch logs carry the batch loss; epoch logs carry the epoch's mean
/// training loss and accuracy and, with validation, <c>val_loss</c> and <c>val_accuracy</c>.
/// </summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Planned epochs.</param>
/// <param name="Batch">1-based batch within the epoch (0 in epoch logs).</param>
/// <param name="Loss">Batch loss, or the epoch's mean training loss.</param>
/// <param name="Metrics">Named metrics: accuracy, val_loss, val_accuracy, learning_rate.</param>
/// <param name="SamplesPerSecond">Training throughput so far in this epoch.</param>
/// <param name="Elapsed">Time since training began.</param>
/// <param name="Remaining">Estimated time to the planned end.</param>
public sealed record TrainingLogs(int Epoch, int Epochs, int Batch, double Loss, IReadOnlyDictionary<string, double> Metrics,
    double SamplesPerSecond, TimeSpan Elapsed, TimeSpan Remaining);
