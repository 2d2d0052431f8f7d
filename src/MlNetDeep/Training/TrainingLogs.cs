namespace MlNetDeep.Training;

/// <summary>
/// What callbacks are told, and what a model's history holds. Batch logs carry the batch loss;
/// epoch logs carry the epoch's mean training loss and, in <see cref="Metrics"/>,
/// <c>learning_rate</c>, <c>accuracy</c> (classifiers) and, with validation data, <c>val_loss</c>
/// and <c>val_accuracy</c>.
/// </summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Planned epochs.</param>
/// <param name="Batch">1-based batch within the epoch (0 in epoch logs).</param>
/// <param name="Batches">Batches per epoch, when known (0 otherwise).</param>
/// <param name="Loss">Batch loss, or the epoch's mean training loss.</param>
/// <param name="Metrics">Named metrics.</param>
/// <param name="SamplesPerSecond">Training throughput so far in this epoch.</param>
/// <param name="Elapsed">Time since training began (in this process).</param>
/// <param name="Remaining">Estimated time to the planned end.</param>
public sealed record TrainingLogs(int Epoch, int Epochs, int Batch, int Batches, double Loss, IReadOnlyDictionary<string, double> Metrics,
    double SamplesPerSecond, TimeSpan Elapsed, TimeSpan Remaining);
