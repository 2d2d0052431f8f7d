namespace MlNetDeep.Torch.Nn;

/// <summary>Long short-term memory layers (see <see cref="Recurrent"/>).</summary>
public sealed class LSTM : Recurrent
{
    /// <summary>Creates the layers with PyTorch's initialization U(-1/sqrt(hidden), 1/sqrt(hidden)).</summary>
    public LSTM(long inputSize, long hiddenSize, long numLayers = 1, bool bias = true, bool batchFirst = false, double dropout = 0, bool bidirectional = false)
        : base(0, 4, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional) { }
}
