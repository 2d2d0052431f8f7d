namespace MlNetDeep.Torch.Nn;

/// <summary>Gated recurrent unit layers (see <see cref="Recurrent"/>).</summary>
public sealed class GRU : Recurrent
{
    /// <summary>Creates the layers with PyTorch's initialization U(-1/sqrt(hidden), 1/sqrt(hidden)).</summary>
    public GRU(long inputSize, long hiddenSize, long numLayers = 1, bool bias = true, bool batchFirst = false, double dropout = 0, bool bidirectional = false)
        : base(1, 3, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional) { }
}
