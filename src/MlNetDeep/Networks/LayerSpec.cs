namespace MlNetDeep.Networks;

/// <summary>
/// One layer of a <see cref="NetworkSpec"/>, as plain data that a model zip can hold:
/// <see cref="Type"/> names the layer, the other fields are its sizes (unused ones stay 0).
/// Types: Linear(In, Out), Conv2d(In, Out, Kernel, Stride, Padding), BatchNorm1d(Out),
/// BatchNorm2d(Out), MaxPool2d(Kernel, Stride), AvgPool2d(Kernel, Stride), GlobalAvgPool2d,
/// ResidualBlock(In, Out, Stride: a basic 3x3 residual block), Flatten, Dropout(P),
/// ReLU, LeakyReLU(P = slope), Tanh, Sigmoid, GELU; for sequences LSTM and GRU(In = features
/// per step, Out = hidden size, NumLayers, Bidirectional, P = dropout between stacked layers,
/// ReturnSequences: the whole output sequence rather than the final state, see
/// <see cref="RecurrentLayer"/>) and Embedding(In = vocabulary, Out = vector size, token ids in);
/// for generators ConvTranspose2d(In, Out, Kernel, Stride, Padding) and Reshape(Shape: one
/// example's new shape, e.g. [64, 7, 7] after a Linear of 3136).
/// </summary>
/// <param name="Type">Layer type.</param>
/// <param name="In">Input features or channels.</param>
/// <param name="Out">Output features or channels (or BatchNorm features).</param>
/// <param name="Kernel">Kernel size.</param>
/// <param name="Stride">Stride (0 for pooling: the kernel size).</param>
/// <param name="Padding">Zero padding.</param>
/// <param name="P">Dropout probability, or LeakyReLU slope.</param>
/// <param name="NumLayers">Stacked recurrent layers (0 means 1).</param>
/// <param name="Bidirectional">Whether a recurrent layer also runs backwards in time.</param>
/// <param name="ReturnSequences">Whether a recurrent layer outputs every step rather than its final state.</param>
/// <param name="Shape">A Reshape layer's target shape per example.</param>
public sealed record LayerSpec(string Type, long In = 0, long Out = 0, long Kernel = 0, long Stride = 0, long Padding = 0, double P = 0,
    long NumLayers = 0, bool Bidirectional = false, bool ReturnSequences = false, int[]? Shape = null)
{
    /// <summary>Value equality, comparing <see cref="Shape"/> by its elements.</summary>
    public bool Equals(LayerSpec? other) => other is not null && Type == other.Type && In == other.In && Out == other.Out && Kernel == other.Kernel
        && Stride == other.Stride && Padding == other.Padding && P.Equals(other.P) && NumLayers == other.NumLayers && Bidirectional == other.Bidirectional
        && ReturnSequences == other.ReturnSequences && (Shape ?? []).AsSpan().SequenceEqual(other.Shape ?? []);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, In, Out, Kernel, Stride, Padding, P, NumLayers);
}
