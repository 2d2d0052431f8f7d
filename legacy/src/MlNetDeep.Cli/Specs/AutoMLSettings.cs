using MlNetDeep.AutoML;

namespace MlNetDeep.Cli.Specs;

/// <summary>Where an AutoML search runs its trials.</summary>
internal enum TrialIsolation
{
    /// <summary>Each trial in its own process (killed at its timeout, the budget's end or its memory cap; a crash costs one trial).</summary>
    Process,
    /// <summary>Each trial on a thread of the search's process (no start-up cost, no memory cap).</summary>
    Thread,
}

/// <summary>
/// The <c>automl</c> section of a pipeline spec (<c>mlnetdeep automl</c>): a search over trainer
/// families instead of a named trainer. Command-line options override these.
/// </summary>
internal sealed record AutoMLSettings
{
    /// <summary>Wall-time budget of the search and the refit (default: the spec's budget_seconds, else 10 minutes).</summary>
    public TimeSpan? TimeBudget { get; init; }
    /// <summary>Most trials.</summary>
    public int? MaxTrials { get; init; }
    /// <summary>Trainer families to choose among: LogisticRegression, LinearSvm, Svm, XGBoost, Mlp, Cnn (default: all that apply).</summary>
    public IReadOnlyList<string>? Trainers { get; init; }
    /// <summary>The tuner.</summary>
    public TunerKind Tuner { get; init; } = TunerKind.Cfo;
    /// <summary>Most epochs of a deep trial.</summary>
    public int MaxEpochs { get; init; } = 30;
    /// <summary>Folds of cross-validation (0: a held-out split; default: 5 up to 5,000 rows, else a split).</summary>
    public int? CrossValidationFolds { get; init; }
    /// <summary>Held-out fraction when not cross-validating.</summary>
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>Trials at once.</summary>
    public int Parallelism { get; init; } = 1;
    /// <summary>ASHA pruning of deep trials over epochs.</summary>
    public bool Pruning { get; init; } = true;
    /// <summary>Refit a weighted ensemble of the best trials when it beats the best one on their held-out rows (default: on when trials are cross-validated).</summary>
    public bool? Ensemble { get; init; }
    /// <summary>Where trials run.</summary>
    public TrialIsolation Isolation { get; init; } = TrialIsolation.Process;
    /// <summary>Resident-memory cap of a trial's process, in MB.</summary>
    public double? MemoryLimitMb { get; init; }
    /// <summary>Longest a trial may run.</summary>
    public TimeSpan? TrialTimeout { get; init; }
    /// <summary>The feature column the trainers read (after the spec's transforms).</summary>
    public string FeatureColumnName { get; init; } = "Features";
    /// <summary>A SQLite file recording the trials; an existing one is resumed (relative to the spec).</summary>
    public string? StorePath { get; init; }
}
