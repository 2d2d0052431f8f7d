using MlNetDeep.Catalogs;

namespace MlNetDeep.Classical.Trees;

/// <summary>
/// XGBoost trainers on the task catalogs (<c>ctx.MulticlassClassification.Trainers.XGBoost(...)</c>):
/// boosted trees and random forests, each with a simple overload and an options overload.
/// </summary>
public static class XGBoostCatalog
{
    /// <summary>Boosted trees for a key label.</summary>
    public static XGBoostTrainer XGBoost(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string labelColumnName = "Label",
        string featureColumnName = "Features", int numberOfRounds = 100, double learningRate = 0.3, int maxDepth = 6) =>
        XGBoost(catalog, Simple(labelColumnName, featureColumnName, numberOfRounds, learningRate, maxDepth));

    /// <summary>Boosted trees (or a forest) for a key label, with full options.</summary>
    public static XGBoostTrainer XGBoost(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, XGBoostOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new XGBoostTrainer(catalog.Context, options, XGBoostTask.Multiclass);
    }

    /// <summary>A random forest for a key label (see <see cref="Forest"/>).</summary>
    public static XGBoostTrainer XGBoostForest(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, int numberOfTrees = 100,
        string labelColumnName = "Label", string featureColumnName = "Features", int maxDepth = 12) =>
        XGBoost(catalog, Forest(numberOfTrees, labelColumnName, featureColumnName, maxDepth));

    /// <summary>Boosted trees for a Boolean label.</summary>
    public static XGBoostTrainer XGBoost(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, string labelColumnName = "Label",
        string featureColumnName = "Features", int numberOfRounds = 100, double learningRate = 0.3, int maxDepth = 6) =>
        XGBoost(catalog, Simple(labelColumnName, featureColumnName, numberOfRounds, learningRate, maxDepth));

    /// <summary>Boosted trees (or a forest) for a Boolean label, with full options.</summary>
    public static XGBoostTrainer XGBoost(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, XGBoostOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new XGBoostTrainer(catalog.Context, options, XGBoostTask.Binary);
    }

    /// <summary>A random forest for a Boolean label (see <see cref="Forest"/>).</summary>
    public static XGBoostTrainer XGBoostForest(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, int numberOfTrees = 100,
        string labelColumnName = "Label", string featureColumnName = "Features", int maxDepth = 12) =>
        XGBoost(catalog, Forest(numberOfTrees, labelColumnName, featureColumnName, maxDepth));

    /// <summary>Boosted trees for a Single label (squared error).</summary>
    public static XGBoostTrainer XGBoost(this RegressionCatalog.RegressionTrainers catalog, string labelColumnName = "Label",
        string featureColumnName = "Features", int numberOfRounds = 100, double learningRate = 0.3, int maxDepth = 6) =>
        XGBoost(catalog, Simple(labelColumnName, featureColumnName, numberOfRounds, learningRate, maxDepth));

    /// <summary>Boosted trees (or a forest) for a Single label, with full options.</summary>
    public static XGBoostTrainer XGBoost(this RegressionCatalog.RegressionTrainers catalog, XGBoostOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new XGBoostTrainer(catalog.Context, options, XGBoostTask.Regression);
    }

    /// <summary>A random forest for a Single label (see <see cref="Forest"/>).</summary>
    public static XGBoostTrainer XGBoostForest(this RegressionCatalog.RegressionTrainers catalog, int numberOfTrees = 100,
        string labelColumnName = "Label", string featureColumnName = "Features", int maxDepth = 12) =>
        XGBoost(catalog, Forest(numberOfTrees, labelColumnName, featureColumnName, maxDepth));

    private static XGBoostOptions Simple(string label, string features, int rounds, double learningRate, int maxDepth) =>
        new() { LabelColumnName = label, FeatureColumnName = features, NumberOfRounds = rounds, LearningRate = learningRate, MaxDepth = maxDepth };

    /// <summary>
    /// Random-forest options, as XGBoost's guide sets them: one round of <paramref name="numberOfTrees"/>
    /// parallel trees, learning rate 1, each tree on 80% of the rows and each split on 80% of the features.
    /// </summary>
    public static XGBoostOptions Forest(int numberOfTrees = 100, string labelColumnName = "Label", string featureColumnName = "Features", int maxDepth = 12) =>
        new()
        {
            LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, NumberOfRounds = 1, ParallelTrees = numberOfTrees,
            LearningRate = 1, MaxDepth = maxDepth, Subsample = 0.8, FeatureFractionPerNode = 0.8,
        };
}
