using MlNetDeep.Evaluation;

namespace MlNetDeep.Catalogs;

/// <summary>Clustering: trainers and the clustering evaluator.</summary>
public sealed partial class ClusteringCatalog : CatalogBase
{
    internal ClusteringCatalog(MLContext context) : base(context) => Trainers = new ClusteringTrainers(context);

    /// <summary>Trainers for this task (extension methods target this object).</summary>
    public ClusteringTrainers Trainers { get; }

    /// <summary>Evaluates a scored view (see <see cref="ClusteringEvaluator"/>).</summary>
    public ClusteringMetrics Evaluate(IDataView data, string featureColumnName = "Features", string predictedLabelColumnName = "PredictedLabel",
        string? labelColumnName = null) =>
        ClusteringEvaluator.Evaluate(data, featureColumnName, predictedLabelColumnName, labelColumnName);

    /// <summary>k-fold cross-validation (random folds fixed by the seed).</summary>
    public IReadOnlyList<CrossValidationResult<ClusteringMetrics>> CrossValidate(IDataView data, IEstimator<ITransformer> estimator,
        int numberOfFolds = 5, string featureColumnName = "Features", string? labelColumnName = null, int? seed = null) =>
        CrossValidation.Run(Context, data, estimator, numberOfFolds, null, seed, d => Evaluate(d, featureColumnName, "PredictedLabel", labelColumnName));

    /// <summary>Holder of the task's trainer factories.</summary>
    public sealed class ClusteringTrainers : CatalogBase
    {
        internal ClusteringTrainers(MLContext context) : base(context) { }
    }
}
