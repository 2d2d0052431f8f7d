namespace MlNetDeep.Torch;

/// <summary>Reads a span of tensor storage (see <see cref="Tensor.ReadSpan{T, TResult}"/>).</summary>
public delegate TResult ReadSpanFunc<T, out TResult>(ReadOnlySpan<T> span);
