using MlNetDeep.Catalogs;
using MlNetDeep.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML;

/// <summary>
/// MlNetDeep's network trainers on <c>ml.MulticlassClassification.Trainers</c>, used like ML.NET's own: append one to a
/// pipeline, Fit, Evaluate with <c>ml.MulticlassClassification.Evaluate</c>, cross-validate, predict. Each has a
/// simple-parameters overload and an <see cref="DeepMulticlassTrainer.Options"/> overload.
/// </summary>
public static class DeepMulticlassCatalog
{
    private static DeepMulticlassTrainer Create(MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, DeepMulticlassTrainer.Options options, NetworkSource network) =>
        new(CatalogEnvironment.Of(catalog), options ?? throw new ArgumentNullException(nameof(options)), network);

    /// <summary>
    /// A CNN: the reference CNN (conv 32 - batch norm - ReLU - pool, conv 64 - batch norm - ReLU - pool,
    /// FC 128 - dropout 0.3, FC) for the features as an image [C, H, W] (their own dimensions; a flat
    /// vector of a square size is read as a square grey image; or <paramref name="inputShape"/>).
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="labelColumnName">The label column: a key (MapValueToKey).</param>
    /// <param name="featureColumnName">The feature column: a known-size numeric vector.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="batchSize">Rows per step.</param>
    /// <param name="inputShape">The image shape [C, H, W] of one row's features (null: from the column).</param>
    public static DeepMulticlassTrainer Cnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string labelColumnName = "Label", string featureColumnName = "Features",
        int epochs = 10, double learningRate = 1e-3, int batchSize = 128, int[]? inputShape = null) =>
        Cnn(catalog, SimpleOptions.Of<DeepMulticlassTrainer.Options>(labelColumnName, featureColumnName, epochs, learningRate, batchSize, inputShape));

    /// <summary>A CNN with full options: <see cref="MlNetDeep.Training.DeepTrainerOptions.Network"/>, or the reference CNN for the features' image shape.</summary>
    public static DeepMulticlassTrainer Cnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, DeepMulticlassTrainer.Options options) =>
        Create(catalog, options, NetworkSource.FromSpec(NetworkDefaults.Cnn));

    /// <summary>A multilayer perceptron: hidden layers of <paramref name="hiddenSizes"/> (default 256, 128) with ReLU, optional dropout and batch norm.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="hiddenSizes">Units per hidden layer (default 256, 128).</param>
    /// <param name="labelColumnName">The label column: a key (MapValueToKey).</param>
    /// <param name="featureColumnName">The feature column: a known-size numeric vector.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="dropout">Dropout after each hidden layer (0: none).</param>
    /// <param name="batchNorm">Whether each hidden layer has batch norm.</param>
    public static DeepMulticlassTrainer Mlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, int[]? hiddenSizes = null, string labelColumnName = "Label",
        string featureColumnName = "Features", int epochs = 10, double learningRate = 1e-3, double dropout = 0, bool batchNorm = false) =>
        Create(catalog, SimpleOptions.Of<DeepMulticlassTrainer.Options>(labelColumnName, featureColumnName, epochs, learningRate, 128, null),
            NetworkSource.FromSpec(NetworkDefaults.Mlp(hiddenSizes, dropout, batchNorm)));

    /// <summary>A multilayer perceptron with full options: <see cref="MlNetDeep.Training.DeepTrainerOptions.Network"/>, or hidden layers of <paramref name="hiddenSizes"/> (default 256, 128).</summary>
    public static DeepMulticlassTrainer Mlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, DeepMulticlassTrainer.Options options, int[]? hiddenSizes = null) =>
        Create(catalog, options, NetworkSource.FromSpec(NetworkDefaults.Mlp(hiddenSizes)));

    /// <summary>The network <see cref="MlNetDeep.Training.DeepTrainerOptions.Network"/> names (any layer specs, e.g. <c>NetworkSpec.SmallResNet</c>).</summary>
    /// <exception cref="ArgumentException">The options name no network (when fitting).</exception>
    public static DeepMulticlassTrainer NeuralNetwork(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, DeepMulticlassTrainer.Options options) =>
        Create(catalog, options, NetworkSource.FromSpec(NetworkDefaults.Required("NeuralNetwork")));

    /// <summary>
    /// Your own TorchSharp module, trained inside the pipeline (as skorch does for scikit-learn).
    /// <paramref name="createModule"/> is called once per fit; the module takes a batch of rows
    /// shaped [B, ..inputShape] and returns one score per class [B, K]. It is checked with one row of zeros before training.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="createModule">Creates a fresh module.</param>
    /// <param name="labelColumnName">The label column: a key (MapValueToKey).</param>
    /// <param name="featureColumnName">The feature column: a known-size numeric vector.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="inputShape">The shape one row's features are viewed as (null: the column's own dimensions).</param>
    public static DeepMulticlassTrainer TorchModule(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, Func<nn.Module<Tensor, Tensor>> createModule,
        string labelColumnName = "Label", string featureColumnName = "Features", int epochs = 10, double learningRate = 1e-3, int[]? inputShape = null) =>
        TorchModule(catalog, createModule, SimpleOptions.Of<DeepMulticlassTrainer.Options>(labelColumnName, featureColumnName, epochs, learningRate, 128, inputShape));

    /// <summary>Your own TorchSharp module with full options (<see cref="MlNetDeep.Training.DeepTrainerOptions.Network"/> is not used).</summary>
    public static DeepMulticlassTrainer TorchModule(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, Func<nn.Module<Tensor, Tensor>> createModule, DeepMulticlassTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(createModule);
        return Create(catalog, options, NetworkSource.FromModule(createModule));
    }

    /// <summary>LeNet-5 (conv 6@5x5 - tanh - avg-pool, conv 16@5x5 - tanh - avg-pool, FC 120, FC 84, FC) for the features as an image.</summary>
    public static DeepMulticlassTrainer LeNet5(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string labelColumnName = "Label",
        string featureColumnName = "Features", int epochs = 10, double learningRate = 1e-3, int batchSize = 128, int[]? inputShape = null) =>
        LeNet5(catalog, SimpleOptions.Of<DeepMulticlassTrainer.Options>(labelColumnName, featureColumnName, epochs, learningRate, batchSize, inputShape));

    /// <summary>LeNet-5 with full options.</summary>
    public static DeepMulticlassTrainer LeNet5(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, DeepMulticlassTrainer.Options options) =>
        Create(catalog, options, NetworkSource.FromSpec(NetworkDefaults.LeNet5));

    /// <summary>Softmax (multinomial logistic) regression as a one-layer network.</summary>
    public static DeepMulticlassTrainer SoftmaxRegression(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string labelColumnName = "Label",
        string featureColumnName = "Features", int epochs = 10, double learningRate = 1e-2) =>
        SoftmaxRegression(catalog, SimpleOptions.Of<DeepMulticlassTrainer.Options>(labelColumnName, featureColumnName, epochs, learningRate, 128, null));

    /// <summary>Softmax regression with full options (the options' network, if any, is not used).</summary>
    public static DeepMulticlassTrainer SoftmaxRegression(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, DeepMulticlassTrainer.Options options) =>
        Create(catalog, options is null ? null! : options with { Network = null }, NetworkSource.FromSpec(NetworkDefaults.Mlp([])));
}
