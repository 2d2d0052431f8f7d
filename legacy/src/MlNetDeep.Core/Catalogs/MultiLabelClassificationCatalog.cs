using MlNetDeep.Evaluation;

namespace MlNetDeep.Catalogs;

/// <summary>Multi-label classification: trainers and the multi-label evaluator.</summary>
public sealed partial class MultiLabelClassificationCatalog : CatalogBase
{
    internal MultiLabelClassificationCatalog(MLContext context) : base(context) => Trainers = new MultiLabelClassificationTrainers(context);

    /// <summary>Trainers for this task (extension methods target this object).</summary>
    public MultiLabelClassificationTrainers Trainers { get; }

    /// <summary>Evaluates a scored view (see <see cref="MultiLabelEvaluator"/>).</summary>
    public MultiLabelClassificationMetrics Evaluate(IDataView data, string labelColumnName = "Label", string predictedLabelColumnName = "PredictedLabel") =>
        MultiLabelEvaluator.Evaluate(data, labelColumnName, predictedLabelColumnName);

    /// <summary>k-fold cross-validation (random folds fixed by the seed).</summary>
    public IReadOnlyList<CrossValidationResult<MultiLabelClassificationMetrics>> CrossValidate(IDataView data, IEstimator<ITransformer> estimator,
        int numberOfFolds = 5, string labelColumnName = "Label", int? seed = null) =>
        CrossValidation.Run(Context, data, estimator, numberOfFolds, null, seed, d => Evaluate(d, labelColumnName));

    /// <summary>Holder of the task's trainer factories.</summary>
    public sealed class MultiLabelClassificationTrainers : CatalogBase
    {
        internal MultiLabelClassificationTrainers(MLContext context) : base(context) { }
    }
}
