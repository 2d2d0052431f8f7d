using MlNetDeep.Catalogs;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Training;

namespace MlNetDeep.Deep.Trainers;

/// <summary>
/// Deep trainers on <c>ctx.MulticlassClassification.Trainers</c>: softmax regression (one
/// layer), MLP, CNN, or any network spec. Each has a simple overload and an options overload.
/// </summary>
public static class DeepTrainersCatalog
{
    /// <summary>Multinomial logistic regression as a one-layer network.</summary>
    public static NeuralClassificationTrainer SoftmaxRegression(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", int epochs = 10, double learningRate = 1e-2) =>
        SoftmaxRegression(catalog, new DeepTrainerOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Epochs = epochs, LearningRate = learningRate });

    /// <summary>Multinomial logistic regression with full options (the network, if set, is ignored).</summary>
    public static NeuralClassificationTrainer SoftmaxRegression(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, DeepTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new NeuralClassificationTrainer(catalog.Context, options with { Network = null },
            (shape, classes) => NetworkSpec.Mlp(shape, [], classes));
    }

    /// <summary>A multilayer perceptron with the given hidden sizes (default 256, 128), ReLU and optional dropout.</summary>
    public static NeuralClassificationTrainer Mlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, int[]? hiddenSizes = null,
        string labelColumnName = "Label", string featureColumnName = "Features", int epochs = 10, double dropout = 0, bool batchNorm = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        int[] hidden = hiddenSizes ?? [256, 128];
        return new NeuralClassificationTrainer(catalog.Context,
            new DeepTrainerOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Epochs = epochs },
            (shape, classes) => NetworkSpec.Mlp(shape, hidden, classes, "ReLU", dropout, batchNorm));
    }

    /// <summary>
    /// A recurrent classifier (<see cref="NetworkSpec.Recurrent"/>): the feature vector is read as
    /// steps of its last dimension (an image [1, 28, 28] row by row), through <paramref name="cell"/>
    /// (LSTM or GRU) layers whose final state feeds the class scores.
    /// </summary>
    public static NeuralClassificationTrainer Rnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string cell = "GRU", int hidden = 128,
        int layers = 1, bool bidirectional = false, double dropout = 0, string labelColumnName = "Label", string featureColumnName = "Features", int epochs = 10)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NeuralClassificationTrainer(catalog.Context,
            new DeepTrainerOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Epochs = epochs },
            (shape, classes) => NetworkSpec.Recurrent(shape, classes, cell, hidden, layers, bidirectional, dropout));
    }

    /// <summary>
    /// A CNN: <paramref name="network"/>, or for 28x28 grey images the reference CNN
    /// (conv32-BN-ReLU-pool, conv64-BN-ReLU-pool, FC128-dropout, FC).
    /// </summary>
    public static NeuralClassificationTrainer Cnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, NetworkSpec? network = null,
        string labelColumnName = "Label", string featureColumnName = "Features", int epochs = 10) =>
        NeuralNetwork(catalog, new DeepTrainerOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Epochs = epochs, Network = network });

    /// <summary>Any network, with full options; without <see cref="DeepTrainerOptions.Network"/> the reference CNN is used for [1, 28, 28] inputs.</summary>
    public static NeuralClassificationTrainer NeuralNetwork(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, DeepTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NeuralClassificationTrainer(catalog.Context, options, (shape, classes) => shape is [1, 28, 28]
            ? NetworkSpec.ReferenceCnn(classes)
            : throw new ArgumentException($"No default network for inputs shaped [{string.Join(", ", shape)}]; set DeepTrainerOptions.Network."));
    }

    /// <summary>A neural regressor (mean squared error, or mean absolute error with <paramref name="l1Loss"/>); any network spec via the options (default: an MLP 256-128).</summary>
    public static NeuralRegressionTrainer NeuralNetwork(this RegressionCatalog.RegressionTrainers catalog, DeepTrainerOptions options, bool l1Loss = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NeuralRegressionTrainer(catalog.Context, options, (shape, outputs) => NetworkSpec.Mlp(shape, [256, 128], outputs), l1Loss);
    }

    /// <summary>A neural binary classifier (binary cross-entropy on a logit); any network spec via the options (default: an MLP 256-128).</summary>
    public static NeuralBinaryClassificationTrainer NeuralNetwork(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, DeepTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NeuralBinaryClassificationTrainer(catalog.Context, options, (shape, outputs) => NetworkSpec.Mlp(shape, [256, 128], outputs));
    }

    /// <summary>A neural multi-label classifier (sigmoid + binary cross-entropy per label); any network spec via the options (default: an MLP 256-128).</summary>
    public static NeuralMultiLabelTrainer NeuralNetwork(this MultiLabelClassificationCatalog.MultiLabelClassificationTrainers catalog, DeepTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NeuralMultiLabelTrainer(catalog.Context, options, (shape, outputs) => NetworkSpec.Mlp(shape, [256, 128], outputs));
    }
}
