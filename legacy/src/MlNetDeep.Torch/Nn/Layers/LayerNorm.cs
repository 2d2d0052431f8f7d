namespace MlNetDeep.Torch.Nn;

/// <summary>Layer normalization over the trailing dimensions given by <see cref="NormalizedShape"/>.</summary>
public sealed class LayerNorm : Module<Tensor, Tensor>
{
    private readonly double _eps;

    /// <summary>Creates the layer with unit scale and zero shift.</summary>
    public LayerNorm(long[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0 || normalizedShape.Any(s => s <= 0))
            throw new ArgumentException("Normalized shape must be non-empty with positive sizes.", nameof(normalizedShape));
        NormalizedShape = (long[])normalizedShape.Clone();
        _eps = eps;
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Tensors.Ones(NormalizedShape));
            Bias = RegisterParameter("bias", Tensors.Zeros(NormalizedShape));
        }
    }

    /// <summary>Creates the layer over the last dimension of size <paramref name="size"/>.</summary>
    public LayerNorm(long size, double eps = 1e-5) : this([size], eps) { }

    /// <summary>Shape of the normalized trailing dimensions.</summary>
    public long[] NormalizedShape { get; }
    /// <summary>Scale, or null.</summary>
    public Tensor? Weight { get; }
    /// <summary>Shift, or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.LayerNorm(input, NormalizedShape, Weight, Bias, _eps);
}
