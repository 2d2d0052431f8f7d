using MlNetDeep.AutoML.Ensembles;
using MlNetDeep.AutoML.Experiments;
using MlNetDeep.AutoML.SearchSpaces;
using MlNetDeep.Data;

namespace MlNetDeep.AutoML;

// The ensemble half of the multiclass search: which trials are candidates, their held-out
// scores, and the selection and refit of an ensemble after the search.
public static partial class AutoMLExperiment
{
    /// <summary>The families whose Score is class probabilities, which an ensemble can average.</summary>
    private static readonly string[] s_probabilityFamilies = ["LogisticRegression", "XGBoost", "Mlp", "Cnn"];

    /// <summary>How many members an ensemble's refit is budgeted for (the reserve covers the best this many candidates).</summary>
    private const int ExpectedMembers = 5;

    private static bool IsEnsembleCandidate(ParameterSet p) => s_probabilityFamilies.Contains(p.GetString(TrainerParameter));

    private static bool IsEnsembleCandidate(Trial t) => IsEnsembleCandidate(t.Parameters);

    private static void AppendScores(IDataView scored, List<float> into)
    {
        var col = scored.Schema["Score"];
        using var cursor = scored.GetRowCursor([col]);
        var get = cursor.GetGetter<VBuffer<float>>(col);
        var v = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            get(ref v);
            into.AddRange(v.GetValues());
        }
    }

    /// <summary>
    /// Greedy ensemble selection over the best candidates' held-out predictions; when it chooses
    /// more than one trial, beats the best trial of any family on those rows, and the members'
    /// refits fit the budget, the members are refit on all the training data and combined.
    /// Otherwise (null, null): the single best is refit.
    /// </summary>
    private static (ITransformer?, AutoMLEnsemble?) BuildEnsemble(MLContext context, IDataView train, int[] shape, int classes, AutoMLOptions options, int folds, double gammaScale,
        IReadOnlyList<Trial> trials, Trial best, OutOfFoldStore outOfFold, double refitScale, System.Diagnostics.Stopwatch clock, TimeSpan? refitLimit)
    {
        // The held-out rows' classes, read from the splits without caching them again.
        var labels = new List<int>();
        foreach (var split in RawSplits(context, train, options, folds))
        {
            var col = split.TestSet.Schema[options.LabelColumnName];
            using var cursor = split.TestSet.GetRowCursor([col]);
            var get = cursor.GetGetter<uint>(col);
            uint key = 0;
            while (cursor.MoveNext())
            {
                get(ref key);
                labels.Add((int)key - 1);
            }
        }
        int length = labels.Count * classes;
        var candidates = trials.Where(t => t.Status == TrialStatus.Completed && IsEnsembleCandidate(t)).OrderBy(t => t.Loss).ThenBy(t => t.Id)
            .Select(t => (Trial: t, Predictions: outOfFold.Get(t.Id, length))).Where(c => c.Predictions is not null).ToList();
        if (candidates.Count < 2 || labels.Any(l => l < 0)) return (null, null);
        var choice = EnsembleSelection.Select(candidates.Select(c => c.Predictions!).ToList(), labels.ToArray(), classes);
        // It must beat the best trial of any family (an SVM's, say, which is not a candidate), not only the best candidate.
        double bestAccuracy = best.Metrics.GetValueOrDefault("accuracy");
        if (choice.Members.Count < 2 || !(choice.Accuracy > bestAccuracy)) return (null, null);
        var members = choice.Members.Select(m => (candidates[m.Candidate].Trial, Weight: (double)m.Count)).ToList();
        double estimate = members.Sum(m => m.Trial.Seconds * refitScale);
        if (options is { TimeBudget: { } total, BudgetIncludesRefit: true } && clock.Elapsed.TotalSeconds + estimate > total.TotalSeconds * 1.02) return (null, null);
        var models = new List<ITransformer>();
        try
        {
            foreach (var (trial, _) in members)
                models.Add(Fit(context, trial.Parameters, shape, classes, options, train, null, null, gammaScale, refitLimit));
        }
        catch
        {
            foreach (var m in models) Release(m);
            throw;
        }
        var model = new WeightedEnsembleModel(models, members.Select(m => m.Weight).ToList(), options.FeatureColumnName);
        return (model, new AutoMLEnsemble(members.Select(m => m.Trial.Id).ToList(), model.Weights, choice.Accuracy, bestAccuracy));
    }
}
