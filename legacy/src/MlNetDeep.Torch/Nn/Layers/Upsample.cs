namespace MlNetDeep.Torch.Nn;

/// <summary>Resizes [N, C, L] or [N, C, H, W] by a scale factor (see <see cref="Functional.Interpolate"/>).</summary>
public sealed class Upsample : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public Upsample(double scaleFactor, InterpolationMode mode = InterpolationMode.Nearest, bool alignCorners = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scaleFactor);
        (ScaleFactor, Mode, AlignCorners) = (scaleFactor, mode, alignCorners);
    }

    /// <summary>Output size / input size along each spatial axis.</summary>
    public double ScaleFactor { get; }
    /// <summary>Resampling mode.</summary>
    public InterpolationMode Mode { get; }
    /// <summary>Whether corner pixels are aligned (linear modes only).</summary>
    public bool AlignCorners { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) =>
        Functional.Interpolate(input, scaleFactor: ScaleFactor, mode: Mode, alignCorners: Mode != InterpolationMode.Nearest && AlignCorners);
}
