using Xunit;

namespace MlNetDeep.Data.Tests;

/// <summary>
/// Tests that bound the process's live managed memory run alone, after the other test classes:
/// the heap is the whole process's, so another class's allocations at the moment of measurement
/// made the streaming test fail now and then.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurementCollection
{
    public const string Name = "Managed heap bounds";
}
