using MlNetDeep.Evaluation;

namespace MlNetDeep.Catalogs;

/// <summary>Multi-class classification: trainers and the multiclass evaluator.</summary>
public sealed partial class MulticlassClassificationCatalog : CatalogBase
{
    internal MulticlassClassificationCatalog(MLContext context) : base(context) => Trainers = new MulticlassClassificationTrainers(context);

    /// <summary>Trainers for this task (extension methods target this object).</summary>
    public MulticlassClassificationTrainers Trainers { get; }

    /// <summary>Evaluates a scored view (see <see cref="MulticlassEvaluator"/>).</summary>
    public MulticlassClassificationMetrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score",
        string predictedLabelColumnName = "PredictedLabel", int topKPredictionCount = 0) =>
        MulticlassEvaluator.Evaluate(data, labelColumnName, scoreColumnName, predictedLabelColumnName, topKPredictionCount);

    /// <summary>
    /// Fits <paramref name="estimator"/> on k-1 folds and evaluates it on the k-th, for each
    /// fold (stratified by the label; the same folds for every pipeline given the seed).
    /// Summarize with <see cref="MetricStatistics.Of{TMetrics}"/>.
    /// </summary>
    public IReadOnlyList<CrossValidationResult<MulticlassClassificationMetrics>> CrossValidate(IDataView data, IEstimator<ITransformer> estimator,
        int numberOfFolds = 5, string labelColumnName = "Label", int? seed = null) =>
        CrossValidation.Run(Context, data, estimator, numberOfFolds, labelColumnName, seed, d => Evaluate(d, labelColumnName));

    /// <summary>Holder of the task's trainer factories.</summary>
    public sealed class MulticlassClassificationTrainers : CatalogBase
    {
        internal MulticlassClassificationTrainers(MLContext context) : base(context) { }
    }
}
