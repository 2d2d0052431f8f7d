using MlNetDeep.Classical.Clustering;
using MlNetDeep.Classical.Linear;
using MlNetDeep.Classical.Svm;
using MlNetDeep.Deep.Training;

namespace MlNetDeep.AutoML.SearchSpaces;

/// <summary>
/// A default search space for every trainer's options record (names are the record's
/// properties, so <see cref="OptionsSweep.Apply{T}"/> turns a point into options). Ranges follow
/// what FLAML and the libraries' own guides sweep; cost-related parameters (epochs, rounds,
/// iterations) start low for cost-frugal search, and known good defaults are initial values.
/// </summary>
public static class DefaultSpaces
{
    /// <summary>
    /// <see cref="DeepTrainerOptions"/> (MLP, CNN, RNN trainers): learning rate
    /// (log 1e-4…1e-2), batch size, epochs (2…30, low cost 2), optimizer (SGD adds momentum),
    /// weight decay, dropout, label smoothing and the schedule. The network itself is the
    /// trainer's choice; sweep it with a Choice of presets in your own space.
    /// </summary>
    public static SearchSpace Deep() => new SearchSpace()
        .Float("LearningRate", 1e-4, 1e-2, log: true, initial: 1e-3)
        .Choice("BatchSize", [32, 64, 128, 256], lowCost: 256, initial: 128)
        .Int("Epochs", 2, 30, lowCost: 2)
        .Choice("Optimizer", [OptimizerKind.Adam, OptimizerKind.AdamW, OptimizerKind.Sgd], lowCost: null, initial: OptimizerKind.Adam)
        .When("Optimizer", OptimizerKind.Sgd, s => s.Float("Momentum", 0, 0.99, initial: 0.9))
        .Float("WeightDecay", 1e-7, 1e-2, log: true, initial: 1e-7)
        .Float("Dropout", 0, 0.5, initial: 0)
        .Float("LabelSmoothing", 0, 0.2, initial: 0)
        .Choice("Schedule", [LearningRateSchedule.Constant, LearningRateSchedule.Cosine], lowCost: null, initial: LearningRateSchedule.Cosine);

    /// <summary><see cref="Classical.Trees.XGBoostOptions"/>: rounds (log 4…1000, low cost 4), depth, learning rate, child weight, row and column sampling, L1 and L2.</summary>
    public static SearchSpace XGBoost() => new SearchSpace()
        .Int("NumberOfRounds", 4, 1000, log: true, lowCost: 4)
        .Int("MaxDepth", 2, 12, initial: 6)
        .Float("LearningRate", 0.01, 1, log: true, initial: 0.1)
        .Float("MinChildWeight", 0.001, 128, log: true, initial: 1)
        .Float("Subsample", 0.5, 1, initial: 1)
        .Float("FeatureFractionPerTree", 0.5, 1, initial: 1)
        .Float("L2Regularization", 1.0 / 1024, 1024, log: true, initial: 1)
        .Float("L1Regularization", 1.0 / 1024, 1024, log: true, initial: 1.0 / 1024);

    /// <summary><see cref="Classical.Svm.SvmOptions"/>: kernel (RBF adds gamma, polynomial its degree), C (log 0.01…1000).</summary>
    public static SearchSpace Svm() => new SearchSpace()
        .Choice("Kernel", [SvmKernel.Rbf, SvmKernel.Linear, SvmKernel.Polynomial], lowCost: null, initial: SvmKernel.Rbf)
        .Float("C", 0.01, 1000, log: true, initial: 1)
        .When("Kernel", SvmKernel.Rbf, s => s.Float("Gamma", 1e-4, 10, log: true))
        .When("Kernel", SvmKernel.Polynomial, s => s.Int("Degree", 2, 4, initial: 3));

    /// <summary><see cref="Classical.Linear.LogisticRegressionOptions"/>: L2 (log 1e-4…100) and the iteration cap (low cost 50).</summary>
    public static SearchSpace LogisticRegression() => new SearchSpace()
        .Float("L2Regularization", 1e-4, 100, log: true, initial: 1)
        .Int("MaximumIterations", 50, 1000, log: true, lowCost: 50);

    /// <summary><see cref="Classical.Linear.LinearSvmOptions"/>: C (log 0.01…100) and the loss.</summary>
    public static SearchSpace LinearSvm() => new SearchSpace()
        .Float("C", 0.01, 100, log: true, initial: 1)
        .Choice("Loss", SvmLoss.Hinge, SvmLoss.SquaredHinge);

    /// <summary><see cref="Classical.Linear.RidgeRegressionOptions"/>: L2 (log 1e-6…1000).</summary>
    public static SearchSpace Ridge() => new SearchSpace().Float("L2Regularization", 1e-6, 1000, log: true, initial: 1);

    /// <summary><see cref="Classical.Clustering.KMeansOptions"/>: restarts and the algorithm (the number of clusters is the user's question, not a hyperparameter).</summary>
    public static SearchSpace KMeans() => new SearchSpace()
        .Int("NumberOfRestarts", 1, 10, lowCost: 1)
        .Choice("Algorithm", KMeansAlgorithm.Lloyd, KMeansAlgorithm.Elkan);

    /// <summary><see cref="Deep.Autoencoders.AutoencoderOptions"/>: bottleneck (log 4…128), denoising noise and masking, and its training's rate and epochs.</summary>
    public static SearchSpace Autoencoder() => new SearchSpace()
        .Int("BottleneckSize", 4, 128, log: true, initial: 32)
        .Float("NoiseStd", 0, 0.5, initial: 0)
        .Float("MaskingProbability", 0, 0.5, initial: 0)
        .Float("Training.LearningRate", 1e-4, 1e-2, log: true, initial: 1e-3)
        .Int("Training.Epochs", 2, 40, lowCost: 2);
}
