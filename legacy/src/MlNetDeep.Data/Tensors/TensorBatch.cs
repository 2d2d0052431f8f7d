using MlNetDeep.Torch;

namespace MlNetDeep.Data.Tensors;

/// <summary>
/// One mini-batch as tensors, by column name: [batch, ...shape] for vectors, [batch] for
/// scalars; keys become 0-based Int64 (missing keys -1). Owns its tensors: dispose it.
/// </summary>
public sealed class TensorBatch : IDisposable
{
    internal TensorBatch(IReadOnlyDictionary<string, Tensor> columns, int count)
    {
        Columns = columns;
        Count = count;
    }

    /// <summary>The tensors by column name.</summary>
    public IReadOnlyDictionary<string, Tensor> Columns { get; }

    /// <summary>Rows in this batch.</summary>
    public int Count { get; }

    /// <summary>The tensor of column <paramref name="name"/>.</summary>
    public Tensor this[string name] => Columns.TryGetValue(name, out var t) ? t
        : throw new KeyNotFoundException($"The batch has no column '{name}'. Columns: {string.Join(", ", Columns.Keys)}.");

    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        foreach (var t in Columns.Values) t.Dispose();
    }
}
