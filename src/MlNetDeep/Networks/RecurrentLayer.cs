using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetDeep.Networks;

/// <summary>
/// An LSTM or GRU over one example's sequence, batch first. The example [.., features] is read as
/// steps of <c>inputSize</c> values ([1, 28, 28] is 28 steps of 28 pixels, an image read row by
/// row; [T, F] is T steps of F). Returns the whole output sequence [T, dirs × hidden] (with
/// returnSequences, to stack another recurrent layer), or the last layer's final hidden state
/// [dirs × hidden]: the forward direction after the last step and, when bidirectional, the
/// backward direction after the first (PyTorch's h_n). The recurrent module is the child "rnn",
/// so weights are named rnn.weight_ih_l0 … as in PyTorch.
/// </summary>
public sealed class RecurrentLayer : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // the field name is the child's name
    private readonly nn.Module rnn;
#pragma warning restore IDE1006
    private readonly long _inputSize, _hiddenSize;
    private readonly int _directions;
    private readonly bool _returnSequences;

    /// <summary>Creates the layer; <paramref name="cell"/> is "LSTM" or "GRU".</summary>
    /// <exception cref="ArgumentException">Another cell type.</exception>
    public RecurrentLayer(string cell, long inputSize, long hiddenSize, long numLayers = 1, bool bidirectional = false, double dropout = 0, bool returnSequences = false)
        : base(nameof(RecurrentLayer))
    {
        rnn = cell switch
        {
            "LSTM" => nn.LSTM(inputSize, hiddenSize, numLayers, batchFirst: true, dropout: dropout, bidirectional: bidirectional),
            "GRU" => nn.GRU(inputSize, hiddenSize, numLayers, batchFirst: true, dropout: dropout, bidirectional: bidirectional),
            _ => throw new ArgumentException($"Unknown recurrent cell '{cell}' (LSTM or GRU)."),
        };
        (_inputSize, _hiddenSize, _directions, _returnSequences) = (inputSize, hiddenSize, bidirectional ? 2 : 1, returnSequences);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        long batch = input.shape[0];
        var steps = input.reshape(batch, -1, _inputSize);
        var (output, hidden) = rnn switch
        {
            LSTM lstm => Pair(lstm.forward(steps)),
            GRU gru => gru.forward(steps),
            _ => throw new InvalidOperationException("Unknown recurrent module."),
        };
        if (_returnSequences) return output.MoveToOuterDisposeScope();
        var last = hidden.narrow(0, hidden.shape[0] - _directions, _directions); // [dirs, N, hidden]: the last layer
        return last.transpose(0, 1).reshape(batch, _directions * _hiddenSize).MoveToOuterDisposeScope();
    }

    private static (Tensor Output, Tensor Hidden) Pair((Tensor Output, Tensor Hidden, Tensor Cell) r) => (r.Output, r.Hidden);
}
