namespace MlNetDeep.Data;

/// <summary>Settings of a <see cref="DataViewBatcher"/>.</summary>
public sealed record DataViewBatcherOptions
{
    /// <summary>Rows per batch (default 128).</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Whether each epoch visits the rows in a new seeded order (default false).</summary>
    public bool Shuffle { get; set; }

    /// <summary>Seed of the orders: epoch <c>e</c>'s order depends only on (seed, e), so a resumed run repeats it.</summary>
    public int Seed { get; set; }

    /// <summary>Whether a last batch smaller than <see cref="BatchSize"/> is dropped (default false).</summary>
    public bool DropLast { get; set; }

    /// <summary>In memory or streaming (default <see cref="DataLoading.Auto"/>).</summary>
    public DataLoading Loading { get; set; } = DataLoading.Auto;

    /// <summary>The most bytes <see cref="DataLoading.Auto"/> holds in memory (default 2 GiB).</summary>
    public long InMemoryLimitBytes { get; set; } = 2L << 30;

    /// <summary>Batches a streaming reader prepares ahead on its background thread (default 2).</summary>
    public int Prefetch { get; set; } = 2;

    /// <summary>Rows in the shuffling pool of a streaming view that cannot shuffle itself, such as a text file (default 10,000).</summary>
    public int ShufflePoolRows { get; set; } = 10_000;

    internal void Validate()
    {
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be > 0.");
        if (Prefetch <= 0) throw new ArgumentOutOfRangeException(nameof(Prefetch), Prefetch, "Prefetch must be > 0.");
        if (ShufflePoolRows <= 0) throw new ArgumentOutOfRangeException(nameof(ShufflePoolRows), ShufflePoolRows, "ShufflePoolRows must be > 0.");
        if (InMemoryLimitBytes < 0) throw new ArgumentOutOfRangeException(nameof(InMemoryLimitBytes), InMemoryLimitBytes, "InMemoryLimitBytes must be >= 0.");
    }
}
