namespace MlNetDeep.Torch.Nn;

/// <summary>Resampling used by <see cref="Functional.Interpolate"/>.</summary>
public enum InterpolationMode
{
    /// <summary>Nearest neighbour (1-d or 2-d).</summary>
    Nearest,
    /// <summary>Linear along one axis (3-d input).</summary>
    Linear,
    /// <summary>Bilinear (4-d input).</summary>
    Bilinear,
}
