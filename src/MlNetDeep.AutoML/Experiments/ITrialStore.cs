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
