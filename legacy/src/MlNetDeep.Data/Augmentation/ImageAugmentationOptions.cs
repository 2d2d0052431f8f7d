namespace MlNetDeep.Data.Augmentation;

/// <summary>
/// Training-time image augmentation, applied to a [C, H, W] Vector&lt;Single&gt; column while the
/// rest of a pipeline trains and never at inference. Every option defaults to off. Draws are
/// seeded per row and per pass, so a run repeats for a seed.
/// </summary>
public sealed record ImageAugmentationOptions
{
    /// <summary>Pad by this many zero pixels on each side, then crop back at a random offset (0: off).</summary>
    public int RandomCropPadding { get; init; }

    /// <summary>Mirror left-right with probability 1/2.</summary>
    public bool HorizontalFlip { get; init; }

    /// <summary>Mirror top-bottom with probability 1/2.</summary>
    public bool VerticalFlip { get; init; }

    /// <summary>Rotate by a uniform angle in [-this, this] degrees (0: off).</summary>
    public float MaxRotationDegrees { get; init; }

    /// <summary>Shift by a uniform fraction of the size in [-this, this] per axis (0: off).</summary>
    public float MaxTranslationFraction { get; init; }

    /// <summary>Probability of erasing a random rectangle (2%–33% of the area, aspect 0.3–3.3) to 0 (0: off).</summary>
    public float RandomErasingProbability { get; init; }

    /// <summary>Standard deviation of added Gaussian noise (0: off).</summary>
    public float NoiseStd { get; init; }

    /// <summary>Seed of the draws.</summary>
    public int Seed { get; init; }

    internal void Validate()
    {
        if (RandomCropPadding < 0) throw new ArgumentOutOfRangeException(nameof(RandomCropPadding), RandomCropPadding, "RandomCropPadding must be >= 0.");
        if (MaxRotationDegrees is < 0 or > 180 || float.IsNaN(MaxRotationDegrees)) throw new ArgumentOutOfRangeException(nameof(MaxRotationDegrees), MaxRotationDegrees, "MaxRotationDegrees must be in [0, 180].");
        if (MaxTranslationFraction is < 0 or > 1 || float.IsNaN(MaxTranslationFraction)) throw new ArgumentOutOfRangeException(nameof(MaxTranslationFraction), MaxTranslationFraction, "MaxTranslationFraction must be in [0, 1].");
        if (RandomErasingProbability is < 0 or > 1 || float.IsNaN(RandomErasingProbability)) throw new ArgumentOutOfRangeException(nameof(RandomErasingProbability), RandomErasingProbability, "RandomErasingProbability must be in [0, 1].");
        if (NoiseStd < 0 || float.IsNaN(NoiseStd)) throw new ArgumentOutOfRangeException(nameof(NoiseStd), NoiseStd, "NoiseStd must be >= 0.");
    }
}
