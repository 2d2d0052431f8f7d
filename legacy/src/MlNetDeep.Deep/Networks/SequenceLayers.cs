using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Networks;

/// <summary>
/// An LSTM or GRU over one example's sequence, batch first. The example [.., features] is read
/// as steps of <c>inputSize</c> values ([1, 28, 28] is 28 steps of 28 pixels, an image read
/// row by row; [T, F] is T steps of F). Returns the whole output sequence [T, dirs × hidden]
/// (with returnSequences, to stack another recurrent layer), or the last layer's
/// final hidden state [dirs × hidden]: the forward direction after the last step and, when
/// bidirectional, the backward direction after the first (PyTorch's h_n). The recurrent
/// module is the child "rnn", so weights are named rnn.weight_ih_l0 … as in PyTorch.
/// </summary>
public sealed class RecurrentLayer : Module<Tensor, Tensor>
{
    private readonly Recurrent _rnn;
    private readonly bool _returnSequences;

    /// <summary>Creates the layer; <paramref name="cell"/> is "LSTM" or "GRU".</summary>
    public RecurrentLayer(string cell, long inputSize, long hiddenSize, long numLayers = 1, bool bidirectional = false, double dropout = 0, bool returnSequences = false)
    {
        _rnn = RegisterModule("rnn", cell switch
        {
            "LSTM" => (Recurrent)new LSTM(inputSize, hiddenSize, numLayers, batchFirst: true, dropout: dropout, bidirectional: bidirectional),
            "GRU" => new GRU(inputSize, hiddenSize, numLayers, batchFirst: true, dropout: dropout, bidirectional: bidirectional),
            _ => throw new ArgumentException($"Unknown recurrent cell '{cell}' (LSTM or GRU)."),
        });
        _returnSequences = returnSequences;
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long batch = input.Shape[0];
        using var steps = input.View(batch, -1, _rnn.InputSize);
        var r = _rnn.ForwardWithState(steps);
        r.CellState?.Dispose();
        if (_returnSequences)
        {
            r.HiddenState.Dispose();
            return r.Output;
        }
        r.Output.Dispose();
        using var h = r.HiddenState; // [layers * dirs, N, hidden]
        int dirs = _rnn.Bidirectional ? 2 : 1;
        using var last = h.Narrow(0, h.Shape[0] - dirs, dirs); // the last layer's directions
        using var batchFirst = last.Transpose(0, 1);             // [N, dirs, hidden]
        return batchFirst.Reshape(batch, dirs * _rnn.HiddenSize);
    }
}

/// <summary>
/// Token ids (stored as floats in a feature vector) to learned vectors: [.., T] to [.., T, dim].
/// Ids are truncated to whole numbers and must lie in [0, vocabulary); anything else is an error naming the value,
/// raised before libtorch indexes the table.
/// </summary>
public sealed class TokenEmbedding : Module<Tensor, Tensor>
{
    private readonly Embedding _embedding;

    /// <summary>Creates a table of <paramref name="vocabulary"/> vectors of <paramref name="dim"/> values (child "embedding").</summary>
    public TokenEmbedding(long vocabulary, long dim) => _embedding = RegisterModule("embedding", new Embedding(vocabulary, dim));

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var ids = input.To(DType.Int64);
        using (var min = ids.Min())
        using (var max = ids.Max())
        {
            long lo = min.ToArray<long>()[0], hi = max.ToArray<long>()[0];
            if (lo < 0 || hi >= _embedding.NumEmbeddings)
                throw new ArgumentException($"Token id {(lo < 0 ? lo : hi)} is outside the embedding's vocabulary [0, {_embedding.NumEmbeddings}).");
        }
        return _embedding.Forward(ids);
    }
}
