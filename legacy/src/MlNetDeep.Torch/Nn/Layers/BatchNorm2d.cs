namespace MlNetDeep.Torch.Nn;

/// <summary>Batch norm over [N, C, H, W].</summary>
public sealed class BatchNorm2d : BatchNorm
{
    /// <summary>Creates the layer.</summary>
    public BatchNorm2d(long numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true)
        : base(numFeatures, eps, momentum, affine, 4) { }
}
