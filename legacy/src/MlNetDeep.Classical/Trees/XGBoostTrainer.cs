using System.Globalization;
using MlNetDeep.Classical.Xgb;
using MlNetDeep.Data;

namespace MlNetDeep.Classical.Trees;

/// <summary>
/// Trains gradient-boosted trees (or, with one round of parallel trees, a random forest) with
/// XGBoost's <c>hist</c> method for a <see cref="XGBoostTask"/>: multiclass on a key label,
/// binary on a Boolean label, regression on a Single label. NaN features are missing values.
/// With validation data (a set passed to <see cref="Fit(IDataView, IDataView?)"/> or
/// <see cref="XGBoostOptions.ValidationFraction"/>) the default metric of the objective is
/// recorded each round, and <see cref="XGBoostOptions.EarlyStoppingRounds"/> keeps the best
/// round's trees. Same seed and thread count: the same model.
/// </summary>
public sealed class XGBoostTrainer : IEstimator<XGBoostModel>
{
    private readonly MLContext _context;
    private readonly int _seed;

    /// <summary>Creates the trainer.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public XGBoostTrainer(MLContext context, XGBoostOptions options, XGBoostTask task)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(task)) throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task.");
        options.Validate();
        (_context, Options, Task) = (context, options, task);
        _seed = options.Seed ?? context.NextSeed();
    }

    /// <summary>The options (not changed by fitting).</summary>
    public XGBoostOptions Options { get; }

    /// <summary>What the trainer learns.</summary>
    public XGBoostTask Task { get; }

    /// <summary>Cancels <see cref="Fit(IDataView)"/> between rounds (raising <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken Cancellation { get; init; }

    private LabelKind Label => Task switch
    {
        XGBoostTask.Binary => LabelKind.Boolean,
        XGBoostTask.Multiclass => LabelKind.Key,
        _ => LabelKind.Single,
    };

    /// <inheritdoc />
    public XGBoostModel Fit(IDataView input) => Fit(input, validation: null);

    /// <summary>
    /// Trains on <paramref name="input"/>, evaluating <paramref name="validation"/> after every round
    /// (for early stopping and <see cref="XGBoostModel.History"/>). Leave <see cref="XGBoostOptions.ValidationFraction"/> at 0 when passing one.
    /// </summary>
    /// <exception cref="SchemaMismatchException">A column is missing or of the wrong type; the column is named.</exception>
    /// <exception cref="ArgumentException">The data has no rows, a label is missing, or the labels hold a single class.</exception>
    public XGBoostModel Fit(IDataView input, IDataView? validation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var label = LabelColumns.Require(input.Schema, Options.LabelColumnName, Label);
        IReadOnlyList<string> classes = Task == XGBoostTask.Multiclass ? ClassLabels.Of(label) : [];
        if (validation is not null && Options.ValidationFraction > 0)
            throw new ArgumentException($"Pass a validation set or set ValidationFraction ({Options.ValidationFraction}), not both.", nameof(validation));
        if (validation is null && Options.EarlyStoppingRounds > 0 && Options.ValidationFraction == 0)
            throw new ArgumentException($"EarlyStoppingRounds ({Options.EarlyStoppingRounds}) needs validation data to monitor: set ValidationFraction > 0 or pass a validation set to Fit.");
        IDataView train = input;
        if (Options.ValidationFraction > 0)
        {
            var split = _context.Data.TrainTestSplit(input, Options.ValidationFraction, seed: _seed);
            (train, validation) = (split.TrainSet, split.TestSet);
        }
        using var dtrain = DMatrix.FromView(train, Options.FeatureColumnName, Options.LabelColumnName, Options.NumberOfThreads ?? 0);
        if (Task != XGBoostTask.Regression) ClassLabels.RequireTwo(dtrain.Labels, Options.LabelColumnName, Task == XGBoostTask.Multiclass ? classes : null);
        using var dvalid = validation is null ? null : DMatrix.FromView(validation, Options.FeatureColumnName, Options.LabelColumnName, Options.NumberOfThreads ?? 0);
        if (dvalid is not null && dvalid.Columns != dtrain.Columns)
            throw new SchemaMismatchException(Options.FeatureColumnName, $"Vector<Single, {dtrain.Columns}> in the validation data (as in the training data)", $"Vector<Single, {dvalid.Columns}>");

        var booster = dvalid is null ? new Booster(dtrain) : new Booster(dtrain, dvalid);
        try
        {
            foreach (var (name, value) in Options.Parameters(_seed)) booster.SetParameter(name, value);
            booster.SetParameter("objective", XGBoostModelValidator.Objective(Task));
            if (Task == XGBoostTask.Multiclass) booster.SetParameter("num_class", classes.Count.ToString(CultureInfo.InvariantCulture));
            var history = new List<IReadOnlyDictionary<string, double>>();
            int best = -1, last = -1;
            double bestScore = double.PositiveInfinity;
            for (int round = 0; round < Options.NumberOfRounds; round++)
            {
                Cancellation.ThrowIfCancellationRequested();
                booster.UpdateOneIteration(round, dtrain);
                last = round;
                if (dvalid is null) continue;
                var metrics = booster.Evaluate(round, ("validation", dvalid));
                history.Add(metrics);
                // Every objective here has a lower-is-better default metric (logloss, mlogloss, rmse).
                double score = metrics.Values.FirstOrDefault(double.NaN);
                if (score < bestScore) (bestScore, best) = (score, round);
                if (Options.EarlyStoppingRounds > 0 && round - best >= Options.EarlyStoppingRounds) break;
            }
            if (Options.EarlyStoppingRounds > 0 && best >= 0 && best < last)
            {
                var sliced = booster.Slice(0, best + 1);
                booster.Dispose();
                booster = sliced;
            }
            var model = new XGBoostModel(booster, Task, Options.FeatureColumnName, dtrain.Columns, Task == XGBoostTask.Multiclass ? classes : []);
            model.History = history;
            return model;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.RequireSingleVector(Options.FeatureColumnName);
        LabelColumns.Require(inputSchema, Options.LabelColumnName, Label);
        return inputSchema.With(PredictionColumns.Shape(XGBoostModel.Kind(Task)));
    }
}
