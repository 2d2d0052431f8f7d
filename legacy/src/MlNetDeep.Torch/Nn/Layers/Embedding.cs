namespace MlNetDeep.Torch.Nn;

/// <summary>A lookup table: Int64 indices [*] to vectors [*, dim], weights initialized N(0, 1).</summary>
public sealed class Embedding : Module<Tensor, Tensor>
{
    private readonly long _paddingIdx;

    /// <summary>Creates the table. The row at <paramref name="paddingIdx"/> (if any) starts at zero and gets no gradient.</summary>
    public Embedding(long numEmbeddings, long embeddingDim, long? paddingIdx = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEmbeddings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(embeddingDim);
        if (paddingIdx is { } p && (p < -numEmbeddings || p >= numEmbeddings))
            throw new ArgumentOutOfRangeException(nameof(paddingIdx), paddingIdx, $"Padding index must be within [-{numEmbeddings}, {numEmbeddings}).");
        NumEmbeddings = numEmbeddings;
        _paddingIdx = paddingIdx is { } q ? (q < 0 ? q + numEmbeddings : q) : -1;
        Weight = RegisterParameter("weight", Init.Normal_(Tensors.Empty([numEmbeddings, embeddingDim])));
        if (_paddingIdx >= 0)
            using (Engine.NoGrad())
            using (Tensor row = Weight.Select(0, _paddingIdx))
                row.Zero_();
    }

    /// <summary>Number of rows.</summary>
    public long NumEmbeddings { get; }
    /// <summary>[num, dim].</summary>
    public Tensor Weight { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Embedding(input, Weight, _paddingIdx);
}
