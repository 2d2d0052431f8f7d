using MlNetDeep.Evaluation;

namespace MlNetDeep.Catalogs;

/// <summary>The cross-validation loop shared by the task catalogs.</summary>
internal static class CrossValidation
{
    internal static IReadOnlyList<CrossValidationResult<TMetrics>> Run<TMetrics>(MLContext context, IDataView data, IEstimator<ITransformer> estimator,
        int numberOfFolds, string? stratificationColumnName, int? seed, Func<IDataView, TMetrics> evaluate)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(estimator);
        var splits = context.Data.CrossValidationSplit(data, numberOfFolds, stratificationColumnName, seed);
        var results = new List<CrossValidationResult<TMetrics>>();
        for (int k = 0; k < splits.Count; k++)
        {
            ITransformer model = estimator.Fit(splits[k].TrainSet);
            IDataView scored = model.Transform(splits[k].TestSet);
            results.Add(new CrossValidationResult<TMetrics>(evaluate(scored), model, scored, k));
        }
        return results;
    }
}
