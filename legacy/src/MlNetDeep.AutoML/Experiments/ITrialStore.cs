using MlNetDeep.AutoML.SearchSpaces;

namespace MlNetDeep.AutoML.Experiments;

/// <summary>
/// Where an experiment records its trials, so that a restarted experiment resumes without
/// redoing finished ones. <see cref="SqliteTrialStore"/> is the embedded default.
/// </summary>
public interface ITrialStore : IDisposable
{
    /// <summary>The trials recorded for <paramref name="experiment"/>, by id.</summary>
    IReadOnlyList<Trial> Load(string experiment);

    /// <summary>Records (inserts or replaces) one trial of <paramref name="experiment"/>.</summary>
    void Save(string experiment, Trial trial);
}

/// <summary>
/// A store that several workers — threads, processes or machines — can run one experiment
/// through at once (<see cref="ExperimentOptions.Shared"/>): trial ids, and with them the trial
/// count, are claimed atomically, and each worker learns every other's finished trials from
/// <see cref="ITrialStore.Load"/>.
/// </summary>
public interface ISharedTrialStore : ITrialStore
{
    /// <summary>
    /// Claims the next trial id of <paramref name="experiment"/> for <paramref name="point"/> and
    /// records the trial as running, atomically across workers.
    /// </summary>
    /// <returns>The id, or null when the experiment already has <paramref name="maxTrials"/> trials.</returns>
    int? Claim(string experiment, ParameterSet point, int? maxTrials);
}
