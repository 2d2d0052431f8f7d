namespace MlNetDeep.Torch.Nn;

/// <summary>Batch norm over [N, C] or [N, C, L].</summary>
public sealed class BatchNorm1d : BatchNorm
{
    /// <summary>Creates the layer.</summary>
    public BatchNorm1d(long numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true)
        : base(numFeatures, eps, momentum, affine, 3) { }
}
