using MlNetDeep.Evaluation;

namespace MlNetDeep.Catalogs;

/// <summary>Anomaly detection: trainers and the anomaly evaluator.</summary>
public sealed partial class AnomalyDetectionCatalog : CatalogBase
{
    internal AnomalyDetectionCatalog(MLContext context) : base(context) => Trainers = new AnomalyDetectionTrainers(context);

    /// <summary>Trainers for this task (extension methods target this object).</summary>
    public AnomalyDetectionTrainers Trainers { get; }

    /// <summary>
    /// Evaluates an anomaly detector as a binary classifier: Label true for anomalies, Score
    /// higher for more anomalous rows, PredictedLabel true for flagged rows.
    /// </summary>
    public BinaryClassificationMetrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score",
        string predictedLabelColumnName = "PredictedLabel") =>
        BinaryEvaluator.Evaluate(data, labelColumnName, scoreColumnName, null, predictedLabelColumnName);

    /// <summary>k-fold cross-validation, stratified by the label.</summary>
    public IReadOnlyList<CrossValidationResult<BinaryClassificationMetrics>> CrossValidate(IDataView data, IEstimator<ITransformer> estimator,
        int numberOfFolds = 5, string labelColumnName = "Label", int? seed = null) =>
        CrossValidation.Run(Context, data, estimator, numberOfFolds, labelColumnName, seed, d => Evaluate(d, labelColumnName));

    /// <summary>Holder of the task's trainer factories.</summary>
    public sealed class AnomalyDetectionTrainers : CatalogBase
    {
        internal AnomalyDetectionTrainers(MLContext context) : base(context) { }
    }
}
