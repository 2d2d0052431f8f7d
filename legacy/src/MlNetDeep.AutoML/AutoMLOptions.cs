using MlNetDeep.AutoML.Experiments;
using MlNetDeep.AutoML.Tuners;

namespace MlNetDeep.AutoML;

/// <summary>The tuner an AutoML experiment searches with.</summary>
public enum TunerKind
{
    /// <summary>Cost-frugal local search (<see cref="CfoTuner"/>), FLAML's and ML.NET's default.</summary>
    Cfo,
    /// <summary>The tree-structured Parzen estimator (<see cref="TpeTuner"/>).</summary>
    Tpe,
    /// <summary>Random search (<see cref="RandomTuner"/>).</summary>
    Random,
}

/// <summary>Settings of an AutoML experiment.</summary>
public sealed record AutoMLOptions
{
    /// <summary>The key label column.</summary>
    public string LabelColumnName { get; init; } = "Label";
    /// <summary>The Vector&lt;Single&gt; feature column.</summary>
    public string FeatureColumnName { get; init; } = "Features";
    /// <summary>Wall-time budget of the search (the refit of the best pipeline comes after it).</summary>
    public TimeSpan? TimeBudget { get; init; }
    /// <summary>Number of trials.</summary>
    public int? MaxTrials { get; init; }
    /// <summary>Fraction of the training data held out to score trials (deep trainers also monitor it per epoch), when not cross-validating.</summary>
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>
    /// Score each trial by k-fold cross-validation (mean accuracy over the folds) instead of one
    /// held-out split (deep trials are then pruned on their first fold); 0 forces the split.
    /// Every family is scored the same way, so their scores compare. Null: 5 folds for tabular
    /// training data of at most 5,000 rows, where one small validation split would be too noisy
    /// to choose among thousands of cheap trials; the split for more rows, and always for images
    /// (when the Cnn family applies), where k folds would multiply every CNN trial's cost by k.
    /// </summary>
    public int? CrossValidationFolds { get; init; }
    /// <summary>Seed of the split, the tuner and every trial.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>The tuner.</summary>
    public TunerKind Tuner { get; init; } = TunerKind.Cfo;
    /// <summary>The trainer families to choose among (null: all that apply: LogisticRegression, LinearSvm, Svm (libsvm), XGBoost, Mlp, and Cnn for 28x28 grey images).</summary>
    public IReadOnlyList<string>? Trainers { get; init; }
    /// <summary>The most epochs a deep trial may run.</summary>
    public int MaxEpochs { get; init; } = 30;
    /// <summary>Prune deep trials with ASHA over epochs.</summary>
    public bool Pruning { get; init; } = true;
    /// <summary>Trials at once.</summary>
    public int Parallelism { get; init; } = 1;
    /// <summary>A SQLite file recording the trials (an existing one is resumed); null: none.</summary>
    public string? StorePath { get; init; }
    /// <summary>
    /// Run each trial in its own process: given a job directory (the training data and these
    /// settings, written once), the command of a worker program that calls
    /// <see cref="AutoMLExperiment.ServeTrial"/> with it (the CLI's <c>mlnetdeep automl-worker DIR</c>).
    /// A trial's process is killed at its timeout, at the budget's end and past
    /// <see cref="MemoryLimitMb"/>, and a crash in it costs only that trial. Null: trials run on
    /// threads of this process.
    /// </summary>
    public Func<string, System.Diagnostics.ProcessStartInfo>? TrialProcess { get; init; }
    /// <summary>The most resident memory (MB) a trial's process may use (with <see cref="TrialProcess"/>).</summary>
    public double? MemoryLimitMb { get; init; }
    /// <summary>A trial running longer is stopped (its process killed with <see cref="TrialProcess"/>; in process the trial is asked to stop). Null: no limit.</summary>
    public TimeSpan? TrialTimeout { get; init; }
    /// <summary>Refit the best pipeline on all the training data (training + validation split) at the end.</summary>
    public bool Refit { get; init; } = true;
    /// <summary>
    /// Refit a weighted ensemble of the best trials instead of the single best when it predicts
    /// the held-out rows more accurately than the best trial of any family: greedy selection with replacement over the held-out
    /// class probabilities of up to 32 of the best trials (Caruana et al.; auto-sklearn's
    /// default). Candidates are the families whose scores are probabilities
    /// (LogisticRegression, XGBoost, Mlp, Cnn). Null: on when trials are scored by
    /// cross-validation (tabular data), off for a held-out split (images, large data), where
    /// every member's refit would cost a deep training. Needs <see cref="Refit"/>. Trials that
    /// finished in an earlier run of a resumed experiment are not candidates (their predictions
    /// are not stored).
    /// </summary>
    public bool? Ensemble { get; init; }
    /// <summary>
    /// The time budget covers the refit too: the search ends early enough for the best trial's
    /// refit to finish by the deadline, estimated from that trial's duration scaled to all the
    /// training data (deep refits are also stopped at the deadline, with at least the estimate).
    /// False: the budget is the search's alone and the refit follows it.
    /// </summary>
    public bool BudgetIncludesRefit { get; init; } = true;

    /// <summary>Checks the values (before any data is read or trial run).</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (TimeBudget is null && MaxTrials is null) throw new ArgumentException("Set a TimeBudget, a MaxTrials, or both; a search needs an end.");
        if (TimeBudget is { } b && b <= TimeSpan.Zero) throw new ArgumentException($"TimeBudget must be positive. Received: {b}.");
        if (MaxTrials is < 1) throw new ArgumentException($"MaxTrials must be at least 1. Received: {MaxTrials}.");
        if (!(ValidationFraction is > 0 and < 1)) throw new ArgumentException($"ValidationFraction must be between 0 and 1. Received: {ValidationFraction}.");
        if (CrossValidationFolds is 1 or < 0) throw new ArgumentException($"CrossValidationFolds must be 0 (a held-out split) or at least 2. Received: {CrossValidationFolds}.");
        if (MaxEpochs < 1) throw new ArgumentException($"MaxEpochs must be at least 1. Received: {MaxEpochs}.");
        if (Parallelism < 1) throw new ArgumentException($"Parallelism must be at least 1. Received: {Parallelism}.");
        if (TrialTimeout is { } t && t <= TimeSpan.Zero) throw new ArgumentException($"TrialTimeout must be positive. Received: {t}.");
        if (MemoryLimitMb is not null && TrialProcess is null) throw new ArgumentException("MemoryLimitMb needs TrialProcess: only a trial in its own process can be capped.");
        new ProcessTrialOptions { MemoryLimitMb = MemoryLimitMb }.Validate();
    }
}

/// <summary>What an AutoML experiment found.</summary>
/// <param name="Trials">Every trial.</param>
/// <param name="Best">The best completed trial (by validation accuracy).</param>
/// <param name="BestTrainer">Its trainer family.</param>
/// <param name="BestModel">The best pipeline refit on all the training data (null without refit): the ensemble when one was built.</param>
/// <param name="Ensemble">The ensemble of trials refit instead of the best single one, or null.</param>
public sealed record AutoMLResult(IReadOnlyList<Trial> Trials, Trial Best, string BestTrainer, ITransformer? BestModel, AutoMLEnsemble? Ensemble = null)
{
    /// <summary>Each family's best validation accuracy, best first.</summary>
    public IReadOnlyList<(string Trainer, double Accuracy, int Trials)> Leaderboard => Trials
        .GroupBy(t => t.Parameters.GetString(AutoMLExperiment.TrainerParameter))
        .Select(g => (g.Key, g.Where(t => t.Status == TrialStatus.Completed).Select(t => t.Metrics.GetValueOrDefault("accuracy")).DefaultIfEmpty(0).Max(), g.Count()))
        .OrderByDescending(x => x.Item2).ToList();
}

/// <summary>The ensemble an AutoML experiment refit (a <see cref="Ensembles.WeightedEnsembleModel"/>).</summary>
/// <param name="TrialIds">The member trials.</param>
/// <param name="Weights">Their weights (summing to 1), in the same order.</param>
/// <param name="ValidationAccuracy">The ensemble's accuracy on the trials' held-out rows (cross-validation folds or the validation split).</param>
/// <param name="BestSingleValidationAccuracy">The best trial's validation accuracy (any family), which the ensemble beat.</param>
public sealed record AutoMLEnsemble(IReadOnlyList<int> TrialIds, IReadOnlyList<double> Weights, double ValidationAccuracy, double BestSingleValidationAccuracy);
