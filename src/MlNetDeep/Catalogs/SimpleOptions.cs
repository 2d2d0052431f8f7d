using MlNetDeep.Training;

namespace MlNetDeep.Catalogs;

/// <summary>The options of the catalogs' simple-parameter overloads.</summary>
internal static class SimpleOptions
{
    internal static TOptions Of<TOptions>(string labelColumnName, string featureColumnName, int epochs, double learningRate, int batchSize, int[]? inputShape)
        where TOptions : DeepTrainerOptions, new() => new()
        {
            LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Epochs = epochs, LearningRate = learningRate, BatchSize = batchSize, InputShape = inputShape,
        };
}
