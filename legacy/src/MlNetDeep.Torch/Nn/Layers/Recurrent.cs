using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch.Nn;

/// <summary>
/// Shared machinery of <see cref="LSTM"/> and <see cref="GRU"/>: stacked, optionally
/// bidirectional recurrent layers run by libtorch's fused kernels. Parameter names and
/// shapes match PyTorch (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ..._reverse).
/// Input is [T, N, in] or, with batchFirst, [N, T, in]; output is [.., .., dirs * hidden].
/// <see cref="Module{TIn, TOut}.Forward"/> returns the output sequence only; use
/// <see cref="ForwardWithState"/> for the final states.
/// </summary>
public abstract class Recurrent : Module<Tensor, Tensor>
{
    private readonly int _kind;
    private readonly List<Tensor> _flat = new();

    private protected Recurrent(int kind, int gates, long inputSize, long hiddenSize, long numLayers, bool bias, bool batchFirst,
        double dropout, bool bidirectional)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numLayers);
        if (dropout is < 0 or > 1 || double.IsNaN(dropout))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout must be in [0, 1].");
        _kind = kind;
        (InputSize, HiddenSize, NumLayers, HasBias, BatchFirst, DropoutP, Bidirectional) =
            (inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
        int dirs = bidirectional ? 2 : 1;
        double bound = 1 / Math.Sqrt(hiddenSize);
        for (long layer = 0; layer < numLayers; layer++)
        {
            long layerInput = layer == 0 ? inputSize : hiddenSize * dirs;
            for (int d = 0; d < dirs; d++)
            {
                string sfx = $"_l{layer}{(d == 1 ? "_reverse" : "")}";
                Add($"weight_ih{sfx}", [gates * hiddenSize, layerInput], bound);
                Add($"weight_hh{sfx}", [gates * hiddenSize, hiddenSize], bound);
                if (bias)
                {
                    Add($"bias_ih{sfx}", [gates * hiddenSize], bound);
                    Add($"bias_hh{sfx}", [gates * hiddenSize], bound);
                }
            }
        }
    }

    private void Add(string name, long[] shape, double bound) =>
        _flat.Add(RegisterParameter(name, Init.Uniform_(Tensors.Empty(shape), -bound, bound)));

    /// <summary>Features per input step.</summary>
    public long InputSize { get; }
    /// <summary>Hidden state size per direction.</summary>
    public long HiddenSize { get; }
    /// <summary>Stacked layers.</summary>
    public long NumLayers { get; }
    /// <summary>Whether the layers have biases.</summary>
    public bool HasBias { get; }
    /// <summary>Whether input and output are [N, T, features].</summary>
    public bool BatchFirst { get; }
    /// <summary>Dropout between stacked layers during training.</summary>
    public double DropoutP { get; }
    /// <summary>Whether each layer also runs backwards in time.</summary>
    public bool Bidirectional { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var r = ForwardWithState(input);
        r.HiddenState.Dispose();
        r.CellState?.Dispose();
        return r.Output;
    }

    /// <summary>
    /// Runs the sequence from initial states <paramref name="h0"/> (and <paramref name="c0"/> for LSTM),
    /// each [layers * dirs, N, hidden]; zeros when null.
    /// </summary>
    public unsafe RecurrentOutput ForwardWithState(Tensor input, Tensor? h0 = null, Tensor? c0 = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        long[] shape = input.Shape;
        if (shape.Length != 3)
            throw new ArgumentException($"{GetType().Name} expects a 3-d input [{(BatchFirst ? "N, T" : "T, N")}, {InputSize}]; got [{string.Join(", ", shape)}].", nameof(input));
        if (shape[2] != InputSize)
            throw new ArgumentException($"{GetType().Name} expects {InputSize} input features; got {shape[2]} (input [{string.Join(", ", shape)}]).", nameof(input));
        long batch = BatchFirst ? shape[0] : shape[1];
        long[] stateShape = [NumLayers * (Bidirectional ? 2 : 1), batch, HiddenSize];
        bool isLstm = _kind == 0;
        Tensor h = h0 ?? Tensors.Zeros(stateShape, input.DType, input.Device);
        Tensor? c = isLstm ? c0 ?? Tensors.Zeros(stateShape, input.DType, input.Device) : null;
        try
        {
            var states = isLstm ? new[] { h, c! } : new[] { h };
            using var hx = new HandleList(states);
            using var ps = new HandleList(_flat);
            fixed (IntPtr* hp = hx.Pointers)
            fixed (IntPtr* pp = ps.Pointers)
            {
                int st = NativeMethods.mnd_rnn(_kind, input.Handle, hp, states.Length, pp, _flat.Count, HasBias ? 1 : 0, NumLayers,
                    DropoutP, IsTraining ? 1 : 0, Bidirectional ? 1 : 0, BatchFirst ? 1 : 0, out IntPtr o, out IntPtr hn, out IntPtr cn);
                StatusCheck.Check(st);
                return new RecurrentOutput(new Tensor(o), new Tensor(hn), isLstm ? new Tensor(cn) : null);
            }
        }
        finally
        {
            if (h0 is null) h.Dispose();
            if (c0 is null) c?.Dispose();
        }
    }
}
