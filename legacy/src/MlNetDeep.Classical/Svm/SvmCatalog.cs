using MlNetDeep.Catalogs;

namespace MlNetDeep.Classical.Svm;

/// <summary>libsvm trainers on the task catalogs, each with a simple overload and an options overload.</summary>
public static class SvmCatalog
{
    /// <summary>One-vs-one C-SVC for a key label (RBF kernel, gamma "scale" by default).</summary>
    public static SvmTrainer Svm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string labelColumnName = "Label",
        string featureColumnName = "Features", SvmKernel kernel = SvmKernel.Rbf, double c = 1, bool probability = false) =>
        Svm(catalog, new SvmOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Kernel = kernel, C = c, Probability = probability });

    /// <summary>One-vs-one C-SVC for a key label, with full options.</summary>
    public static SvmTrainer Svm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, SvmOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SvmTrainer(catalog.Context, options, SvmTask.Multiclass);
    }

    /// <summary>C-SVC for a Boolean label.</summary>
    public static SvmTrainer Svm(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, string labelColumnName = "Label",
        string featureColumnName = "Features", SvmKernel kernel = SvmKernel.Rbf, double c = 1, bool probability = false) =>
        Svm(catalog, new SvmOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Kernel = kernel, C = c, Probability = probability });

    /// <summary>C-SVC for a Boolean label, with full options.</summary>
    public static SvmTrainer Svm(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, SvmOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SvmTrainer(catalog.Context, options, SvmTask.Binary);
    }

    /// <summary>ε-SVR for a Single label.</summary>
    public static SvmTrainer Svm(this RegressionCatalog.RegressionTrainers catalog, string labelColumnName = "Label", string featureColumnName = "Features",
        SvmKernel kernel = SvmKernel.Rbf, double c = 1, double epsilon = 0.1) =>
        Svm(catalog, new SvmOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Kernel = kernel, C = c, Epsilon = epsilon });

    /// <summary>ε-SVR with full options.</summary>
    public static SvmTrainer Svm(this RegressionCatalog.RegressionTrainers catalog, SvmOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SvmTrainer(catalog.Context, options, SvmTask.Regression);
    }

    /// <summary>A one-class SVM for anomaly detection: about <paramref name="nu"/> of the training rows end up outside the learned region.</summary>
    public static SvmTrainer OneClassSvm(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, string featureColumnName = "Features",
        SvmKernel kernel = SvmKernel.Rbf, double nu = 0.5) =>
        OneClassSvm(catalog, new SvmOptions { FeatureColumnName = featureColumnName, Kernel = kernel, Nu = nu });

    /// <summary>A one-class SVM with full options.</summary>
    public static SvmTrainer OneClassSvm(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, SvmOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SvmTrainer(catalog.Context, options, SvmTask.OneClass);
    }
}
