using TorchSharp;

namespace MlNetDeep.Data;

/// <summary>One mini-batch: a tensor per column (first dimension: the rows), owned by the batch.</summary>
public sealed class TensorBatch : IDisposable
{
    private readonly Dictionary<string, torch.Tensor> _tensors;

    /// <summary>Wraps <paramref name="tensors"/> of <paramref name="count"/> rows; the batch disposes them.</summary>
    public TensorBatch(Dictionary<string, torch.Tensor> tensors, int count)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        (_tensors, Count) = (tensors, count);
    }

    /// <summary>Rows in the batch.</summary>
    public int Count { get; }

    /// <summary>The column names.</summary>
    public IEnumerable<string> Columns => _tensors.Keys;

    /// <summary>The tensor of <paramref name="column"/>.</summary>
    /// <exception cref="KeyNotFoundException">The batch has no such column.</exception>
    public torch.Tensor this[string column] =>
        _tensors.TryGetValue(column, out var t) ? t : throw new KeyNotFoundException($"The batch has no column '{column}' (it has {string.Join(", ", _tensors.Keys)}).");

    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
        _tensors.Clear();
    }
}
