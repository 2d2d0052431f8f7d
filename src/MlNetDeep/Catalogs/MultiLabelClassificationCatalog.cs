using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetDeep.Catalogs;
using MlNetDeep.Schema;
using MlNetDeep.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML;

/// <summary>
/// Multi-label classification, which ML.NET lacks, in the shape of its task catalogs:
/// <c>ml.MultiLabelClassification.Trainers.Cnn(...)</c>, <c>ml.MultiLabelClassification.Evaluate(...)</c>.
/// The label is a vector of Booleans (or 0/1 Singles), one slot per label.
/// </summary>
public sealed class MultiLabelClassificationCatalog
{
    internal MultiLabelClassificationCatalog(MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Trainers = new MultiLabelClassificationTrainers(context);
    }

    /// <summary>The multi-label trainers.</summary>
    public MultiLabelClassificationTrainers Trainers { get; }

    /// <summary>
    /// Scores predictions against labels: Hamming loss, subset (exact-match) accuracy, and micro- and
    /// macro-averaged F1 with each label's F1.
    /// </summary>
    /// <exception cref="SchemaMismatchException">A column is missing, or the two are not vectors of the same size.</exception>
#pragma warning disable CA1822 // an instance method, as ML.NET's catalogs' Evaluate: ml.MultiLabelClassification.Evaluate(...)
    public MultiLabelMetrics Evaluate(IDataView data, string labelColumnName = "Label", string predictedLabelColumnName = "PredictedLabel") =>
        MultiLabelMetrics.Compute(data, labelColumnName, predictedLabelColumnName);
#pragma warning restore CA1822

    /// <summary>The trainers of <see cref="MultiLabelClassificationCatalog"/>.</summary>
    public sealed class MultiLabelClassificationTrainers
    {
        private readonly IHostEnvironment _environment;

        internal MultiLabelClassificationTrainers(MLContext context) => _environment = context;

        private DeepMultiLabelTrainer Create(DeepMultiLabelTrainer.Options options, NetworkSource network) =>
            new(_environment, options ?? throw new ArgumentNullException(nameof(options)), network);

        /// <summary>The reference CNN for the features as an image [C, H, W] (see the multiclass <c>Cnn</c>), one logit per label.</summary>
        public DeepMultiLabelTrainer Cnn(string labelColumnName = "Label", string featureColumnName = "Features", int epochs = 10, double learningRate = 1e-3,
            int batchSize = 128, int[]? inputShape = null) =>
            Cnn(SimpleOptions.Of<DeepMultiLabelTrainer.Options>(labelColumnName, featureColumnName, epochs, learningRate, batchSize, inputShape));

        /// <summary>A CNN with full options.</summary>
        public DeepMultiLabelTrainer Cnn(DeepMultiLabelTrainer.Options options) => Create(options, NetworkSource.FromSpec(NetworkDefaults.Cnn));

        /// <summary>A multilayer perceptron with hidden layers of <paramref name="hiddenSizes"/> (default 256, 128).</summary>
        public DeepMultiLabelTrainer Mlp(int[]? hiddenSizes = null, string labelColumnName = "Label", string featureColumnName = "Features", int epochs = 10,
            double learningRate = 1e-3) =>
            Create(SimpleOptions.Of<DeepMultiLabelTrainer.Options>(labelColumnName, featureColumnName, epochs, learningRate, 128, null),
                NetworkSource.FromSpec(NetworkDefaults.Mlp(hiddenSizes)));

        /// <summary>A multilayer perceptron with full options.</summary>
        public DeepMultiLabelTrainer Mlp(DeepMultiLabelTrainer.Options options, int[]? hiddenSizes = null) =>
            Create(options, NetworkSource.FromSpec(NetworkDefaults.Mlp(hiddenSizes)));

        /// <summary>The network the options name.</summary>
        public DeepMultiLabelTrainer NeuralNetwork(DeepMultiLabelTrainer.Options options) => Create(options, NetworkSource.FromSpec(NetworkDefaults.Required("NeuralNetwork")));

        /// <summary>Your own TorchSharp module: rows [B, ..inputShape] in, one logit per label [B, K] out.</summary>
        public DeepMultiLabelTrainer TorchModule(Func<nn.Module<Tensor, Tensor>> createModule, DeepMultiLabelTrainer.Options options)
        {
            ArgumentNullException.ThrowIfNull(createModule);
            return Create(options, NetworkSource.FromModule(createModule));
        }
    }
}

/// <summary>Adds <c>ml.MultiLabelClassification</c> beside ML.NET's own task catalogs.</summary>
public static class MultiLabelClassificationExtensions
{
    extension(MLContext context)
    {
        /// <summary>Multi-label classification: trainers and evaluation.</summary>
        public MultiLabelClassificationCatalog MultiLabelClassification => new(context);
    }
}
