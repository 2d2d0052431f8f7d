namespace MlNetDeep.Evaluation;

/// <summary>One fold of a cross-validation: the model fitted on the other folds, its scored test fold and its metrics.</summary>
/// <typeparam name="TMetrics">The task's metrics type.</typeparam>
/// <param name="Metrics">Metrics on the held-out fold.</param>
/// <param name="Model">The model fitted without this fold.</param>
/// <param name="ScoredTestData">The held-out fold with the model's outputs.</param>
/// <param name="Fold">Fold index, 0-based.</param>
public sealed record CrossValidationResult<TMetrics>(TMetrics Metrics, ITransformer Model, IDataView ScoredTestData, int Fold);
