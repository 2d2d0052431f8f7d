using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetDeep.Networks;

/// <summary>
/// Token ids (stored as floats in a feature vector) to learned vectors: [.., T] to [.., T, dim].
/// Ids are truncated to whole numbers and must lie in [0, vocabulary); anything else is an error
/// naming the value, raised before libtorch indexes the table.
/// </summary>
public sealed class TokenEmbedding : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // the field name is the child's name
    private readonly Embedding embedding;
#pragma warning restore IDE1006
    private readonly long _vocabulary;

    /// <summary>Creates a table of <paramref name="vocabulary"/> vectors of <paramref name="dim"/> values (child "embedding").</summary>
    public TokenEmbedding(long vocabulary, long dim) : base(nameof(TokenEmbedding))
    {
        embedding = nn.Embedding(vocabulary, dim);
        _vocabulary = vocabulary;
        RegisterComponents();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">An id lies outside the vocabulary.</exception>
    public override Tensor forward(Tensor input)
    {
        using var ids = input.to(ScalarType.Int64);
        long lo = ids.min().item<long>(), hi = ids.max().item<long>();
        if (lo < 0 || hi >= _vocabulary)
            throw new ArgumentException($"Token id {(lo < 0 ? lo : hi)} is outside the embedding's vocabulary [0, {_vocabulary}).");
        return embedding.forward(ids);
    }
}
