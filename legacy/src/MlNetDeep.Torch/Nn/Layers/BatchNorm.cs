namespace MlNetDeep.Torch.Nn;

/// <summary>
/// Batch normalization over dimension 1 with learnable scale and shift and running
/// statistics (buffers running_mean, running_var, num_batches_tracked, as in PyTorch).
/// In training mode it normalizes by the batch and updates the running statistics; in
/// evaluation mode it uses them.
/// </summary>
public abstract class BatchNorm : Module<Tensor, Tensor>
{
    private readonly int _expectedDims;

    /// <summary>Creates the layer for <paramref name="numFeatures"/> channels.</summary>
    private protected BatchNorm(long numFeatures, double eps, double momentum, bool affine, int expectedDims)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eps);
        if (momentum is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1].");
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        _expectedDims = expectedDims;
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensors.Ones([numFeatures]));
            Bias = RegisterParameter("bias", Tensors.Zeros([numFeatures]));
        }
        RunningMean = RegisterBuffer("running_mean", Tensors.Zeros([numFeatures]));
        RunningVar = RegisterBuffer("running_var", Tensors.Ones([numFeatures]));
        NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensors.Zeros([], DType.Int64));
    }

    /// <summary>Channel count.</summary>
    public long NumFeatures { get; }
    /// <summary>Added to the variance for stability.</summary>
    public double Eps { get; }
    /// <summary>Weight of the newest batch in the running statistics.</summary>
    public double Momentum { get; }
    /// <summary>Scale [C], or null when not affine.</summary>
    public Tensor? Weight { get; }
    /// <summary>Shift [C], or null when not affine.</summary>
    public Tensor? Bias { get; }
    /// <summary>Running mean [C].</summary>
    public Tensor RunningMean { get; }
    /// <summary>Running (unbiased) variance [C].</summary>
    public Tensor RunningVar { get; }
    /// <summary>Number of training batches seen (0-d Int64).</summary>
    public Tensor NumBatchesTracked { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int dim = input.Dim;
        if (dim != _expectedDims && !(_expectedDims == 3 && dim == 2))
            throw new ArgumentException($"{GetType().Name} expects a {_expectedDims}-d input; got {dim}-d [{string.Join(", ", input.Shape)}].", nameof(input));
        if (IsTraining)
            using (Engine.NoGrad()) NumBatchesTracked.Add_(1L);
        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, IsTraining, Momentum, Eps);
    }
}
