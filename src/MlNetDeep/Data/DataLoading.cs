namespace MlNetDeep.Data;

/// <summary>How a <see cref="DataViewBatcher"/> reads its data view.</summary>
public enum DataLoading
{
    /// <summary>In memory when the columns fit <see cref="DataViewBatcherOptions.InMemoryLimitBytes"/>, streaming otherwise.</summary>
    Auto,
    /// <summary>Read every row once into tensors; each epoch gathers batches in a new seeded permutation.</summary>
    InMemory,
    /// <summary>Read the view every epoch through a cursor on a background thread (data larger than memory).</summary>
    Streaming,
}
