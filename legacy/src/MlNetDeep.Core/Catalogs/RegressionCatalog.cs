using MlNetDeep.Evaluation;

namespace MlNetDeep.Catalogs;

/// <summary>Regression: trainers and the regression evaluator.</summary>
public sealed partial class RegressionCatalog : CatalogBase
{
    internal RegressionCatalog(MLContext context) : base(context) => Trainers = new RegressionTrainers(context);

    /// <summary>Trainers for this task (extension methods target this object).</summary>
    public RegressionTrainers Trainers { get; }

    /// <summary>Evaluates a scored view (see <see cref="RegressionEvaluator"/>).</summary>
    public RegressionMetrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score") =>
        RegressionEvaluator.Evaluate(data, labelColumnName, scoreColumnName);

    /// <summary>k-fold cross-validation (random folds fixed by the seed).</summary>
    public IReadOnlyList<CrossValidationResult<RegressionMetrics>> CrossValidate(IDataView data, IEstimator<ITransformer> estimator,
        int numberOfFolds = 5, string labelColumnName = "Label", int? seed = null) =>
        CrossValidation.Run(Context, data, estimator, numberOfFolds, null, seed, d => Evaluate(d, labelColumnName));

    /// <summary>Holder of the task's trainer factories.</summary>
    public sealed class RegressionTrainers : CatalogBase
    {
        internal RegressionTrainers(MLContext context) : base(context) { }
    }
}
