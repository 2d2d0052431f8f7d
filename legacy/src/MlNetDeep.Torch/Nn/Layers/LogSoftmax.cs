namespace MlNetDeep.Torch.Nn;

/// <summary>Activation layer: log-softmax along a dimension.</summary>
public sealed class LogSoftmax : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public LogSoftmax(long dim) => Dim = dim;

    /// <summary>Dimension normalized.</summary>
    public long Dim { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.LogSoftmax(Dim);
    }
}
