using MlNetDeep.Catalogs;
using MlNetDeep.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML;

/// <summary>
/// MlNetDeep's network trainers on <c>ml.BinaryClassification.Trainers</c>, used like ML.NET's own: append one to a
/// pipeline, Fit, Evaluate with <c>ml.BinaryClassification.Evaluate</c>, cross-validate, predict. Each has a
/// simple-parameters overload and an <see cref="DeepBinaryTrainer.Options"/> overload.
/// </summary>
public static class DeepBinaryCatalog
{
    private static DeepBinaryTrainer Create(BinaryClassificationCatalog.BinaryClassificationTrainers catalog, DeepBinaryTrainer.Options options, NetworkSource network) =>
        new(CatalogEnvironment.Of(catalog), options ?? throw new ArgumentNullException(nameof(options)), network);

    /// <summary>
    /// A CNN: the reference CNN (conv 32 - batch norm - ReLU - pool, conv 64 - batch norm - ReLU - pool,
    /// FC 128 - dropout 0.3, FC) for the features as an image [C, H, W] (their own dimensions; a flat
    /// vector of a square size is read as a square grey image; or <paramref name="inputShape"/>).
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="labelColumnName">The label column: Boolean.</param>
    /// <param name="featureColumnName">The feature column: a known-size numeric vector.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="batchSize">Rows per step.</param>
    /// <param name="inputShape">The image shape [C, H, W] of one row's features (null: from the column).</param>
    public static DeepBinaryTrainer Cnn(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, string labelColumnName = "Label", string featureColumnName = "Features",
        int epochs = 10, double learningRate = 1e-3, int batchSize = 128, int[]? inputShape = null) =>
        Cnn(catalog, SimpleOptions.Of<DeepBinaryTrainer.Options>(labelColumnName, featureColumnName, epochs, learningRate, batchSize, inputShape));

    /// <summary>A CNN with full options: <see cref="MlNetDeep.Training.DeepTrainerOptions.Network"/>, or the reference CNN for the features' image shape.</summary>
    public static DeepBinaryTrainer Cnn(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, DeepBinaryTrainer.Options options) =>
        Create(catalog, options, NetworkSource.FromSpec(NetworkDefaults.Cnn));

    /// <summary>A multilayer perceptron: hidden layers of <paramref name="hiddenSizes"/> (default 256, 128) with ReLU, optional dropout and batch norm.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="hiddenSizes">Units per hidden layer (default 256, 128).</param>
    /// <param name="labelColumnName">The label column: Boolean.</param>
    /// <param name="featureColumnName">The feature column: a known-size numeric vector.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="dropout">Dropout after each hidden layer (0: none).</param>
    /// <param name="batchNorm">Whether each hidden layer has batch norm.</param>
    public static DeepBinaryTrainer Mlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, int[]? hiddenSizes = null, string labelColumnName = "Label",
        string featureColumnName = "Features", int epochs = 10, double learningRate = 1e-3, double dropout = 0, bool batchNorm = false) =>
        Create(catalog, SimpleOptions.Of<DeepBinaryTrainer.Options>(labelColumnName, featureColumnName, epochs, learningRate, 128, null),
            NetworkSource.FromSpec(NetworkDefaults.Mlp(hiddenSizes, dropout, batchNorm)));

    /// <summary>A multilayer perceptron with full options: <see cref="MlNetDeep.Training.DeepTrainerOptions.Network"/>, or hidden layers of <paramref name="hiddenSizes"/> (default 256, 128).</summary>
    public static DeepBinaryTrainer Mlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, DeepBinaryTrainer.Options options, int[]? hiddenSizes = null) =>
        Create(catalog, options, NetworkSource.FromSpec(NetworkDefaults.Mlp(hiddenSizes)));

    /// <summary>The network <see cref="MlNetDeep.Training.DeepTrainerOptions.Network"/> names (any layer specs, e.g. <c>NetworkSpec.SmallResNet</c>).</summary>
    /// <exception cref="ArgumentException">The options name no network (when fitting).</exception>
    public static DeepBinaryTrainer NeuralNetwork(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, DeepBinaryTrainer.Options options) =>
        Create(catalog, options, NetworkSource.FromSpec(NetworkDefaults.Required("NeuralNetwork")));

    /// <summary>
    /// Your own TorchSharp module, trained inside the pipeline (as skorch does for scikit-learn).
    /// <paramref name="createModule"/> is called once per fit; the module takes a batch of rows
    /// shaped [B, ..inputShape] and returns one logit per row [B, 1]. It is checked with one row of zeros before training.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="createModule">Creates a fresh module.</param>
    /// <param name="labelColumnName">The label column: Boolean.</param>
    /// <param name="featureColumnName">The feature column: a known-size numeric vector.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="inputShape">The shape one row's features are viewed as (null: the column's own dimensions).</param>
    public static DeepBinaryTrainer TorchModule(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, Func<nn.Module<Tensor, Tensor>> createModule,
        string labelColumnName = "Label", string featureColumnName = "Features", int epochs = 10, double learningRate = 1e-3, int[]? inputShape = null) =>
        TorchModule(catalog, createModule, SimpleOptions.Of<DeepBinaryTrainer.Options>(labelColumnName, featureColumnName, epochs, learningRate, 128, inputShape));

    /// <summary>Your own TorchSharp module with full options (<see cref="MlNetDeep.Training.DeepTrainerOptions.Network"/> is not used).</summary>
    public static DeepBinaryTrainer TorchModule(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, Func<nn.Module<Tensor, Tensor>> createModule, DeepBinaryTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(createModule);
        return Create(catalog, options, NetworkSource.FromModule(createModule));
    }
}
