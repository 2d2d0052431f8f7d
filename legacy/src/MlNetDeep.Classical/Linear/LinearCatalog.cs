using MlNetDeep.Catalogs;

namespace MlNetDeep.Classical.Linear;

/// <summary>Linear trainers on the task catalogs, each with a simple overload and an options overload.</summary>
public static class LinearCatalog
{
    /// <summary>Multinomial logistic regression by L-BFGS (<paramref name="l2Regularization"/> = 1/C of scikit-learn).</summary>
    public static LogisticRegressionTrainer LogisticRegression(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", double l2Regularization = 1, double l1Regularization = 0, int maximumIterations = 100) =>
        LogisticRegression(catalog, Logistic(labelColumnName, featureColumnName, l2Regularization, l1Regularization, maximumIterations));

    /// <summary>Multinomial logistic regression with full options.</summary>
    public static LogisticRegressionTrainer LogisticRegression(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, LogisticRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LogisticRegressionTrainer(options, LinearTask.MulticlassSoftmax);
    }

    /// <summary>Binary logistic regression by L-BFGS on a Boolean label.</summary>
    public static LogisticRegressionTrainer LogisticRegression(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", double l2Regularization = 1, double l1Regularization = 0, int maximumIterations = 100) =>
        LogisticRegression(catalog, Logistic(labelColumnName, featureColumnName, l2Regularization, l1Regularization, maximumIterations));

    /// <summary>Binary logistic regression with full options.</summary>
    public static LogisticRegressionTrainer LogisticRegression(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, LogisticRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LogisticRegressionTrainer(options, LinearTask.BinaryLogistic);
    }

    private static LogisticRegressionOptions Logistic(string label, string features, double l2, double l1, int iterations) =>
        new() { LabelColumnName = label, FeatureColumnName = features, L2Regularization = l2, L1Regularization = l1, MaximumIterations = iterations };

    /// <summary>Ridge regression in closed form (<paramref name="l2Regularization"/> = scikit-learn's alpha; 0 is ordinary least squares).</summary>
    public static RidgeRegressionTrainer Ridge(this RegressionCatalog.RegressionTrainers catalog, string labelColumnName = "Label", string featureColumnName = "Features",
        double l2Regularization = 1)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RidgeRegressionTrainer(new RidgeRegressionOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, L2Regularization = l2Regularization });
    }

    /// <summary>Ridge regression with full options.</summary>
    public static RidgeRegressionTrainer Ridge(this RegressionCatalog.RegressionTrainers catalog, RidgeRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RidgeRegressionTrainer(options);
    }

    /// <summary>A one-vs-rest linear SVM for a key label (dual coordinate descent; squared hinge by default, as scikit-learn's LinearSVC).</summary>
    public static LinearSvmTrainer LinearSvm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string labelColumnName = "Label",
        string featureColumnName = "Features", double c = 1) =>
        LinearSvm(catalog, new LinearSvmOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, C = c });

    /// <summary>A one-vs-rest linear SVM with full options.</summary>
    public static LinearSvmTrainer LinearSvm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, LinearSvmOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LinearSvmTrainer(catalog.Context, options, LinearTask.MulticlassMargin);
    }

    /// <summary>A linear SVM for a Boolean label.</summary>
    public static LinearSvmTrainer LinearSvm(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, string labelColumnName = "Label",
        string featureColumnName = "Features", double c = 1) =>
        LinearSvm(catalog, new LinearSvmOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, C = c });

    /// <summary>A linear SVM for a Boolean label, with full options.</summary>
    public static LinearSvmTrainer LinearSvm(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, LinearSvmOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LinearSvmTrainer(catalog.Context, options, LinearTask.BinaryMargin);
    }
}
