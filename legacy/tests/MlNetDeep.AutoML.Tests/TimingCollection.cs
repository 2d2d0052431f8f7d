using Xunit;

namespace MlNetDeep.AutoML.Tests;

/// <summary>
/// Tests that assert wall-clock bounds (budgets, timeouts) run alone, after the other test
/// classes: on two cores, the classes that start worker processes and a PostgreSQL server would
/// otherwise starve them and stretch their clocks.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Wall-clock bounds";
}
