using MlNetDeep.Evaluation;

namespace MlNetDeep.Catalogs;

/// <summary>Two-class classification: trainers (extension methods on <see cref="Trainers"/>) and the binary evaluator.</summary>
public sealed partial class BinaryClassificationCatalog : CatalogBase
{
    internal BinaryClassificationCatalog(MLContext context) : base(context) => Trainers = new BinaryClassificationTrainers(context);

    /// <summary>Trainers for this task (extension methods target this object).</summary>
    public BinaryClassificationTrainers Trainers { get; }

    /// <summary>Evaluates a scored view (see <see cref="BinaryEvaluator"/>).</summary>
    public BinaryClassificationMetrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score",
        string? probabilityColumnName = "Probability", string predictedLabelColumnName = "PredictedLabel") =>
        BinaryEvaluator.Evaluate(data, labelColumnName, scoreColumnName, probabilityColumnName, predictedLabelColumnName);

    /// <summary>k-fold cross-validation, stratified by the label (see <see cref="MulticlassClassificationCatalog.CrossValidate"/>).</summary>
    public IReadOnlyList<CrossValidationResult<BinaryClassificationMetrics>> CrossValidate(IDataView data, IEstimator<ITransformer> estimator,
        int numberOfFolds = 5, string labelColumnName = "Label", int? seed = null) =>
        CrossValidation.Run(Context, data, estimator, numberOfFolds, labelColumnName, seed, d => Evaluate(d, labelColumnName));

    /// <summary>Holder of the task's trainer factories.</summary>
    public sealed class BinaryClassificationTrainers : CatalogBase
    {
        internal BinaryClassificationTrainers(MLContext context) : base(context) { }
    }
}
