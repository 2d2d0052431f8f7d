using MlNetDeep.AutoML.Ensembles;
using MlNetDeep.AutoML.Experiments;
using MlNetDeep.AutoML.SearchSpaces;
using MlNetDeep.AutoML.Tuners;
using MlNetDeep.Catalogs;
using MlNetDeep.Data;
using MlNetDeep.Data.Binary;
using MlNetDeep.Classical.Linear;
using MlNetDeep.Classical.Svm;
using MlNetDeep.Classical.Trees;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Training;

namespace MlNetDeep.AutoML;

/// <summary>
/// Multiclass AutoML over deep and classical trainers: one search space chooses the trainer
/// family and, conditionally, that family's options (<see cref="DefaultSpaces"/>), searched by
/// one tuner per family with the family chosen per trial (<see cref="FamilyTuner"/>); every trial
/// fits on the training split and is scored by accuracy on the held-out split, deep trials are
/// pruned per epoch by ASHA, failures are recorded and skipped, and the best pipeline is refit
/// on all the training data.
/// </summary>
public static partial class AutoMLExperiment
{
    /// <summary>The parameter that chooses the trainer family.</summary>
    public const string TrainerParameter = "Trainer";

    private static readonly string[] s_all = ["LogisticRegression", "LinearSvm", "Svm", "XGBoost", "Mlp", "Cnn"];

    /// <summary>The search space over the families that apply to features shaped <paramref name="shape"/>.</summary>
    public static SearchSpace Space(int[] shape, AutoMLOptions options)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(options);
        var families = (options.Trainers ?? s_all.Where(f => f != "Cnn" || shape is [1, 28, 28])).ToArray();
        foreach (string f in families)
            if (!s_all.Contains(f)) throw new ArgumentException($"Unknown trainer family '{f}'; the families are {string.Join(", ", s_all)}.");
        if (families.Contains("Cnn") && shape is not [1, 28, 28]) throw new ArgumentException($"The Cnn family needs [1, 28, 28] images; the features are [{string.Join(", ", shape)}].");
        if (families.Length == 0) throw new ArgumentException("Trainers is empty.");
        var space = new SearchSpace().Choice(TrainerParameter, families.Cast<object>().ToArray(), lowCost: families.Contains("LogisticRegression") ? "LogisticRegression" : null);
        // With pruning every deep trial is given MaxEpochs and ASHA decides how many it runs (a swept
        // epoch count would change the learning-rate schedule, so early epochs of short and long
        // trials would not compare); without pruning the epoch count is swept.
        var deep = new SearchSpace()
            .Float("LearningRate", 1e-4, 1e-2, log: true, initial: 1e-3)
            .Choice("BatchSize", [32, 64, 128, 256], lowCost: 256, initial: 128)
            .Float("Dropout", 0, 0.5, initial: 0)
            .Float("LabelSmoothing", 0, 0.2, initial: 0.1)
            .Choice("Schedule", [LearningRateSchedule.Constant, LearningRateSchedule.Cosine], lowCost: null, initial: LearningRateSchedule.Cosine);
        if (!options.Pruning)
            deep.Int("Epochs", Math.Min(2, options.MaxEpochs), Math.Max(options.MaxEpochs, Math.Min(2, options.MaxEpochs) + 1), lowCost: Math.Min(2, options.MaxEpochs));
        foreach (string f in families)
        {
            space.When(TrainerParameter, f, s =>
            {
                switch (f)
                {
                    case "LogisticRegression": s.Include("LogisticRegression.", DefaultSpaces.LogisticRegression()); break;
                    case "LinearSvm": s.Include("LinearSvm.", DefaultSpaces.LinearSvm()); break;
                    // (each family that is not a tree ensemble or a CNN also chooses its scaling, below)
                    // The RBF width as a factor of scikit-learn's data-scaled default, 1 / (features · variance),
                    // so the search starts where that default is, on any scale of features.
                    case "Svm": s.Include("Svm.", new SearchSpace()
                        .Choice("Kernel", [SvmKernel.Rbf, SvmKernel.Linear, SvmKernel.Polynomial], lowCost: null, initial: SvmKernel.Rbf)
                        .Float("C", 0.01, 1000, log: true, initial: 1)
                        .When("Kernel", SvmKernel.Rbf, k => k.Float("GammaFactor", 0.01, 100, log: true, initial: 1))
                        .When("Kernel", SvmKernel.Polynomial, k => k.Int("Degree", 2, 4, initial: 3))); break;
                    case "XGBoost": s.Include("XGBoost.", DefaultSpaces.XGBoost()); break;
                    case "Mlp": s.Include("Mlp.", deep).Choice("Mlp.Hidden", ["256", "256-128", "512-256"], lowCost: "256"); break;
                    // The network among the presets, and random crops (the augmentation that helps on small
                    // grey images). The search starts from a strong recipe (the 4-conv VGG, crops, label
                    // smoothing, cosine) rather than the cheapest network: ASHA keeps the cost of the
                    // exploration around it low, and a cheap start would spend the budget climbing to it.
                    default: s.Include("Cnn.", deep)
                        .Choice("Cnn.Network", ["reference_cnn", "small_vgg", "small_resnet"], lowCost: null, initial: "small_vgg")
                        .Choice("Cnn.CropPadding", [0, 2], lowCost: null, initial: 2); break;
                }
                // Linear models, kernels and MLPs depend on the features' scales: standardizing
                // (z-scores fitted on the trial's training fold) is a choice of the search.
                if (f is "LogisticRegression" or "LinearSvm" or "Svm" or "Mlp")
                    s.Choice(f + ".Scaling", ["none", "standardize"], lowCost: null, initial: "none");
            });
        }
        return space;
    }

    /// <summary>Runs the experiment on <paramref name="train"/>.</summary>
    /// <exception cref="InvalidOperationException">No trial completed (every error is in the trials).</exception>
    public static AutoMLResult MulticlassClassification(MLContext context, IDataView train, AutoMLOptions options, Action<Trial>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int[] shape = FeatureColumn(train.Schema, options.FeatureColumnName);
        var label = train.Schema.GetColumnOrNull(options.LabelColumnName);
        if (label?.Type is not KeyDataViewType) throw new SchemaMismatchException(options.LabelColumnName, "a key column (use MapValueToKey)", label?.Type.ToString());
        var space = Space(shape, options);
        // The RBF width's data scale: a pass over every feature value, made only when the SVM family is searched.
        double gammaScale = space.Parameters.Any(p => p.Name.StartsWith("Svm.", StringComparison.Ordinal)) ? GammaScale(train, options.FeatureColumnName) : 0;
        long rows = train.GetRowCount() ?? context.Data.Cache(train).GetRowCount() ?? 0;
        bool images = space.Parameters.Any(p => p.Name.StartsWith("Cnn.", StringComparison.Ordinal));
        int folds = options.CrossValidationFolds ?? (rows <= 5000 && !images ? 5 : 0);
        // One search per trainer family, the family chosen per trial (as FLAML does): a single
        // local search across the family choice stays with the first family that works.
        ITuner tuner = new FamilyTuner(space, TrainerParameter, (branch, seed) => options.Tuner switch
        {
            TunerKind.Tpe => new TpeTuner(branch, seed),
            TunerKind.Random => new RandomTuner(branch, seed),
            _ => new CfoTuner(branch, seed),
        }, options.Seed);
        int classes = (int)((KeyDataViewType)label.Type).Count;
        using var store = options.StorePath is null ? null : new SqliteTrialStore(options.StorePath);
        var pruner = new FamilyPruner();
        bool ensemble = options.Refit && (options.Ensemble ?? folds >= 2);
        using var job = options.TrialProcess is null ? null : TrialJob.Write(context, train, options, folds, gammaScale, ensemble);
        var outOfFold = ensemble ? new OutOfFoldStore(job is null ? null : Path.Combine(job.Directory, TrialJob.OutOfFoldDirectory)) : null;
        Func<TrialContext, TrialResult> objective = job is null
            ? Objective(context, train, shape, classes, options, folds, gammaScale, outOfFold is null ? null : outOfFold.Add)
            : new ProcessTrialObjective(_ => options.TrialProcess!(job.Directory), new ProcessTrialOptions { MemoryLimitMb = options.MemoryLimitMb }).Run;
        var experiment = new Experiment(tuner, objective, new ExperimentOptions
        {
            Name = "multiclass", TimeBudget = options.TimeBudget, MaxTrials = options.MaxTrials, Parallelism = options.Parallelism,
            Pruner = options.Pruning ? pruner : null, TrialTimeout = options.TrialTimeout,
        }, store);
        if (progress is not null) experiment.TrialCompleted += progress;
        // A trial's fits cover (k-1)/k of the data k times (cross-validation) or 1 - f once (a split).
        double refitScale = folds >= 2 ? 1.0 / (folds - 1) : 1 / (1 - options.ValidationFraction);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double bestLoss = double.PositiveInfinity, refitSeconds = 0;
        object gate = new();
        // An ensemble's members are refit too: the reserve then covers the best few candidates.
        var candidateRefits = new List<(double Loss, double Seconds)>();
        experiment.TrialCompleted += t =>
        {
            if (t.Status != TrialStatus.Completed) return;
            if (job is not null && outOfFold is not null && IsEnsembleCandidate(t)) outOfFold.Add(t.Id, t.Loss);
            lock (gate)
            {
                if (t.Loss < bestLoss) (bestLoss, refitSeconds) = (t.Loss, t.Seconds * refitScale);
                if (ensemble && IsEnsembleCandidate(t))
                {
                    candidateRefits.Add((t.Loss, t.Seconds * refitScale));
                    candidateRefits.Sort();
                    if (candidateRefits.Count > ExpectedMembers) candidateRefits.RemoveAt(candidateRefits.Count - 1);
                }
            }
        };
        using var refitReserve = options is { TimeBudget: { } budget, Refit: true, BudgetIncludesRefit: true }
            ? new Timer(_ =>
            {
                double reserve;
                lock (gate) reserve = Math.Max(refitSeconds, candidateRefits.Sum(c => c.Seconds)) * 1.1;
                if (reserve > 0 && clock.Elapsed.TotalSeconds + reserve >= budget.TotalSeconds) experiment.Stop();
            }, null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250))
            : null;
        var result = experiment.Run(cancellation);
        var best = result.Best ?? throw new InvalidOperationException(
            $"No trial completed; the first error: {result.Trials.FirstOrDefault(t => t.Error is not null)?.Error ?? "none (the budget ended every trial)"}.");
        TimeSpan? refitLimit = options is { TimeBudget: { } total, BudgetIncludesRefit: true }
            // A safety net, not a schedule: a deep refit cut short by its time budget is worse than a late one.
            ? TimeSpan.FromSeconds(Math.Max(total.TotalSeconds - clock.Elapsed.TotalSeconds, 2 * best.Seconds * refitScale)) : null;
        var (ensembleModel, ensembleSummary) = outOfFold is null ? (null, null)
            : BuildEnsemble(context, train, shape, classes, options, folds, gammaScale, result.Trials, best, outOfFold, refitScale, clock, refitLimit);
        ITransformer? refit = ensembleModel ?? (options.Refit ? Fit(context, best.Parameters, shape, classes, options, train, null, null, gammaScale, refitLimit) : null);
        return new AutoMLResult(result.Trials, best, best.Parameters.GetString(TrainerParameter), refit, ensembleSummary);
    }

    /// <summary>
    /// The trial objective over <paramref name="train"/>: fit the point's pipeline on each split
    /// (k folds, or one held-out split) and return 1 − mean validation accuracy.
    /// </summary>
    private static Func<TrialContext, TrialResult> Objective(MLContext context, IDataView train, int[] shape, int classes, AutoMLOptions options, int folds, double gammaScale,
        Action<int, double, float[]>? outOfFold = null)
    {
        var splits = Splits(context, train, options, folds);
        return trial =>
        {
            var accuracies = new List<double>();
            // The held-out probabilities, folds in order, for ensemble selection (families whose scores are probabilities).
            var heldOut = outOfFold is not null && IsEnsembleCandidate(trial.Parameters) ? new List<float>() : null;
            foreach (var (fitSet, validSet) in splits)
            {
                // Deep trials report their first fold's curve to the pruner.
                var model = Fit(context, trial.Parameters, shape, classes, options, fitSet, validSet, accuracies.Count == 0 ? trial : null, gammaScale);
                try
                {
                    var scored = model.Transform(validSet);
                    accuracies.Add(context.MulticlassClassification.Evaluate(scored, options.LabelColumnName).MicroAccuracy);
                    if (heldOut is not null) AppendScores(scored, heldOut);
                }
                finally
                {
                    Release(model);
                }
                if (trial.Pruned || trial.Cancellation.IsCancellationRequested) break;
            }
            double accuracy = accuracies.Average();
            if (heldOut is not null && accuracies.Count == splits.Count && !trial.Pruned) outOfFold!(trial.Id, 1 - accuracy, heldOut.ToArray());
            return new TrialResult(1 - accuracy, new Dictionary<string, double> { ["accuracy"] = accuracy, ["folds"] = accuracies.Count });
        };
    }

    /// <summary>The splits every trial is scored on: k folds, or one held-out split (the same for a given seed).</summary>
    private static IReadOnlyList<DataOperationsCatalog.TrainTestData> RawSplits(MLContext context, IDataView train, AutoMLOptions options, int folds) =>
        folds >= 2
            ? context.Data.CrossValidationSplit(train, folds, options.LabelColumnName, options.Seed)
            : [context.Data.TrainTestSplit(train, options.ValidationFraction, options.LabelColumnName, options.Seed)];

    /// <summary>The splits, cached for the many fits of a search.</summary>
    private static List<(IDataView Fit, IDataView Valid)> Splits(MLContext context, IDataView train, AutoMLOptions options, int folds) =>
        RawSplits(context, train, options, folds).Select(s => (Fit: (IDataView)context.Data.Cache(s.TrainSet), Valid: (IDataView)context.Data.Cache(s.TestSet))).ToList();

    /// <summary>
    /// The worker side of <see cref="AutoMLOptions.TrialProcess"/>: reads the job
    /// <paramref name="jobDirectory"/> (the training data and settings the experiment wrote), then
    /// serves one trial from standard input (<see cref="TrialWorker.Serve(Func{TrialContext, TrialResult})"/>).
    /// Call it from the worker program's Main and return its exit code.
    /// </summary>
    /// <exception cref="InvalidDataException">The job directory is missing or malformed.</exception>
    public static int ServeTrial(string jobDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobDirectory);
        var (options, folds, gammaScale, ensemble) = TrialJob.Read(jobDirectory);
        var context = new MLContext(options.Seed);
        IDataView train = context.Data.Cache(context.Data.LoadFromBinary(Path.Combine(jobDirectory, TrialJob.DataFile)));
        int[] shape = FeatureColumn(train.Schema, options.FeatureColumnName);
        var label = train.Schema.GetColumnOrNull(options.LabelColumnName);
        if (label?.Type is not KeyDataViewType key) throw new InvalidDataException($"The job's data has no key column '{options.LabelColumnName}'.");
        string outOfFold = Path.Combine(jobDirectory, TrialJob.OutOfFoldDirectory);
        return TrialWorker.Serve(Objective(context, train, shape, (int)key.Count, options, folds, gammaScale,
            ensemble ? (id, _, predictions) => OutOfFoldStore.Write(outOfFold, id, predictions) : null));
    }

    /// <summary>scikit-learn's 'scale' RBF width: 1 / (features · variance of all feature values).</summary>
    private static double GammaScale(IDataView data, string column)
    {
        var col = data.Schema[column];
        double sum = 0, sumSq = 0;
        long n = 0;
        int width = 1;
        using (var c = data.GetRowCursor([col]))
        {
            var get = c.GetGetter<VBuffer<float>>(col);
            var v = default(VBuffer<float>);
            while (c.MoveNext())
            {
                get(ref v);
                width = v.Length;
                foreach (float x in v.GetValues()) { sum += x; sumSq += (double)x * x; }
                n += v.Length;
            }
        }
        double variance = n == 0 ? 0 : sumSq / n - (sum / n) * (sum / n);
        return variance > 0 ? 1 / (width * variance) : 1.0 / Math.Max(width, 1);
    }

    private static int[] FeatureColumn(DataViewSchema schema, string name)
    {
        var col = schema.GetColumnOrNull(name) ?? throw new SchemaMismatchException(name, "a Vector<Single> of known size", null);
        if (col.Type is not VectorDataViewType { ItemType: var item } v || item != NumberDataViewType.Single || !v.IsKnownSize)
            throw new SchemaMismatchException(name, "a Vector<Single> of known size", col.Type.ToString());
        return v.Dimensions.Count > 0 ? v.Dimensions.ToArray() : [v.Size];
    }

    /// <summary>Parameters that choose the network or its augmentation rather than set an options property.</summary>
    private static readonly string[] s_structural = ["Mlp.Hidden", "Cnn.Network", "Cnn.CropPadding"];

    /// <summary>The options of family <paramref name="prefix"/> from a point (its prefixed parameters).</summary>
    private static Dictionary<string, object> Own(ParameterSet p, string prefix) =>
        p.Where(kv => kv.Key.StartsWith(prefix + ".", StringComparison.Ordinal) && !s_structural.Contains(kv.Key) && !kv.Key.EndsWith(".Scaling", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[(prefix.Length + 1)..], kv => kv.Value);

    /// <summary>Disposes a fitted model, each part of a chain.</summary>
    internal static void Release(ITransformer model)
    {
        if (model is IEnumerable<ITransformer> parts)
            foreach (var part in parts) (part as IDisposable)?.Dispose();
        else (model as IDisposable)?.Dispose();
    }

    /// <summary>
    /// Fits the point's pipeline: with <c>Family.Scaling = standardize</c>, z-scores fitted on
    /// <paramref name="train"/> ahead of the trainer (and applied to <paramref name="valid"/>).
    /// </summary>
    private static ITransformer Fit(MLContext ctx, ParameterSet p, int[] shape, int classes, AutoMLOptions o, IDataView train, IDataView? valid, TrialContext? trial, double gammaScale, TimeSpan? limit = null)
    {
        string family = p.GetString(TrainerParameter);
        if (!(p.TryGetValue(family + ".Scaling", out object? scaling) && Equals(scaling, "standardize")))
            return FitTrainer(ctx, p, shape, classes, o, train, valid, trial, gammaScale, limit);
        var scaler = ctx.Transforms.NormalizeMeanVariance(o.FeatureColumnName, fixZero: false).Fit(train);
        // Standardized features have variance 1: the RBF width's scale is then 1 / features.
        var model = FitTrainer(ctx, p, shape, classes, o, scaler.Transform(train), valid is null ? null : scaler.Transform(valid), trial,
            1.0 / shape.Aggregate(1, (a, b) => a * b), limit);
        return new TransformerChain<ITransformer>([scaler, model]);
    }

    private static NetworkSpec CnnNetwork(string name, int classes) => name switch
    {
        "reference_cnn" => NetworkSpec.ReferenceCnn(classes),
        "small_vgg" => NetworkSpec.SmallVgg(classes),
        "small_resnet" => NetworkSpec.SmallResNet(classes),
        _ => throw new ArgumentException($"Unknown CNN '{name}'; the choices are reference_cnn, small_vgg, small_resnet."),
    };

    private static ITransformer FitTrainer(MLContext ctx, ParameterSet p, int[] shape, int classes, AutoMLOptions o, IDataView train, IDataView? valid, TrialContext? trial, double gammaScale, TimeSpan? limit)
    {
        string family = p.GetString(TrainerParameter);
        var trainers = ctx.MulticlassClassification.Trainers;
        switch (family)
        {
            case "LogisticRegression":
                return trainers.LogisticRegression(OptionsSweep.Apply(new LogisticRegressionOptions { LabelColumnName = o.LabelColumnName, FeatureColumnName = o.FeatureColumnName }, Own(p, family))).Fit(train);
            case "LinearSvm":
                return trainers.LinearSvm(OptionsSweep.Apply(new LinearSvmOptions { LabelColumnName = o.LabelColumnName, FeatureColumnName = o.FeatureColumnName, Seed = o.Seed }, Own(p, family))).Fit(train);
            case "Svm":
                var own = Own(p, family);
                double? gamma = own.Remove("GammaFactor", out object? factor) ? Convert.ToDouble(factor, System.Globalization.CultureInfo.InvariantCulture) * gammaScale : null;
                return trainers.Svm(OptionsSweep.Apply(new SvmOptions { LabelColumnName = o.LabelColumnName, FeatureColumnName = o.FeatureColumnName, Seed = o.Seed, Gamma = gamma }, own)).Fit(train);
            case "XGBoost":
                return trainers.XGBoost(OptionsSweep.Apply(new XGBoostOptions { LabelColumnName = o.LabelColumnName, FeatureColumnName = o.FeatureColumnName, Seed = o.Seed }, Own(p, family))).Fit(train);
            default:
                var network = family == "Cnn" ? CnnNetwork(p.ContainsKey("Cnn.Network") ? p.GetString("Cnn.Network") : "reference_cnn", classes)
                    : NetworkSpec.Mlp(shape, p.GetString("Mlp.Hidden").Split('-').Select(int.Parse).ToArray(), classes, dropout: 0.1); // the swept Dropout sets its rate
                int crop = p.ContainsKey("Cnn.CropPadding") ? p.GetInt("Cnn.CropPadding") : 0;
                var options = OptionsSweep.Apply(new DeepTrainerOptions
                {
                    LabelColumnName = o.LabelColumnName, FeatureColumnName = o.FeatureColumnName, Network = network, Seed = o.Seed, TimeBudget = limit, Epochs = o.MaxEpochs,
                    Augmentation = crop > 0 ? new MlNetDeep.Data.Augmentation.ImageAugmentationOptions { RandomCropPadding = crop, Seed = o.Seed } : null,
                }, Own(p, family));
                var trainer = trainers.NeuralNetwork(options);
                // Pruned on validation error, in the units of the trial's loss (1 − accuracy).
                if (trial is not null) trainer.Callbacks.Add(new PruningCallback(trial, "val_accuracy", higherIsBetter: true));
                return trainer.Fit(train, valid);
        }
    }

    /// <summary>
    /// ASHA per trainer family: an MLP's first epochs are not measured against a CNN's, so each
    /// family's trials compete only among themselves for more epochs.
    /// </summary>
    private sealed class FamilyPruner : IParameterAwarePruner
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> _family = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AshaPruner> _asha = new();

        public void Starting(int trialId, ParameterSet parameters) => _family[trialId] = parameters.GetString(TrainerParameter);

        public bool ShouldStop(int trialId, int resource, double loss) =>
            _asha.GetOrAdd(_family.GetValueOrDefault(trialId, ""), _ => new AshaPruner(1, 3)).ShouldStop(trialId, resource, loss);
    }
}
