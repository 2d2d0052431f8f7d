namespace MlNetDeep.Torch.Nn;

/// <summary>What a recurrent layer returns.</summary>
/// <param name="Output">Output sequence [T, N, dirs * hidden] (or batch first).</param>
/// <param name="HiddenState">Final hidden state [layers * dirs, N, hidden].</param>
/// <param name="CellState">Final LSTM cell state, or null for GRU.</param>
public sealed record RecurrentOutput(Tensor Output, Tensor HiddenState, Tensor? CellState);
