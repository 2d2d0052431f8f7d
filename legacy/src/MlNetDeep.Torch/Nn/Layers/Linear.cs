namespace MlNetDeep.Torch.Nn;

/// <summary>Fully connected layer: y = x W^T + b. Input [*, in], output [*, out].</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with PyTorch's default initialization.</summary>
    public Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Tensors.Empty([outFeatures, inFeatures]));
        if (bias) Bias = RegisterParameter("bias", Tensors.Empty([outFeatures]));
        Init.DefaultLayer(Weight, Bias);
    }

    /// <summary>Input size.</summary>
    public long InFeatures { get; }
    /// <summary>Output size.</summary>
    public long OutFeatures { get; }
    /// <summary>[out, in].</summary>
    public Tensor Weight { get; }
    /// <summary>[out], or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);
}
