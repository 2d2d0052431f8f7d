namespace MlNetDeep.Data.Augmentation;

/// <summary>
/// Training-time image augmentation of a batch [B, C, H, W], applied by the training loop to the
/// network's input and never at inference. Every option defaults to off. The draws come from the
/// training run's own generator, reseeded every epoch, so a run (and a resumed run) repeats for a seed.
/// </summary>
public sealed record ImageAugmentationOptions
{
    /// <summary>Pad by this many zero pixels on each side, then crop back at a random offset per image (0: off).</summary>
    public int RandomCropPadding { get; set; }

    /// <summary>Mirror left-right with probability 1/2 per image.</summary>
    public bool HorizontalFlip { get; set; }

    /// <summary>Mirror top-bottom with probability 1/2 per image.</summary>
    public bool VerticalFlip { get; set; }

    /// <summary>Rotate by a uniform angle in [-this, this] degrees per image (0: off).</summary>
    public float MaxRotationDegrees { get; set; }

    /// <summary>Shift by a uniform fraction of the size in [-this, this] per axis and image (0: off).</summary>
    public float MaxTranslationFraction { get; set; }

    /// <summary>Probability of erasing a random rectangle (2%–33% of the area, aspect 0.3–3.3) to 0, per image (0: off).</summary>
    public float RandomErasingProbability { get; set; }

    /// <summary>Standard deviation of added Gaussian noise (0: off).</summary>
    public float NoiseStd { get; set; }

    /// <summary>Whether any option is on.</summary>
    public bool Any => RandomCropPadding > 0 || HorizontalFlip || VerticalFlip || MaxRotationDegrees > 0 || MaxTranslationFraction > 0
        || RandomErasingProbability > 0 || NoiseStd > 0;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (RandomCropPadding is < 0 or > 1024) throw new ArgumentOutOfRangeException(nameof(RandomCropPadding), RandomCropPadding, "RandomCropPadding must be in [0, 1024].");
        if (MaxRotationDegrees is < 0 or > 180 || float.IsNaN(MaxRotationDegrees)) throw new ArgumentOutOfRangeException(nameof(MaxRotationDegrees), MaxRotationDegrees, "MaxRotationDegrees must be in [0, 180].");
        if (MaxTranslationFraction is < 0 or > 1 || float.IsNaN(MaxTranslationFraction)) throw new ArgumentOutOfRangeException(nameof(MaxTranslationFraction), MaxTranslationFraction, "MaxTranslationFraction must be in [0, 1].");
        if (RandomErasingProbability is < 0 or > 1 || float.IsNaN(RandomErasingProbability)) throw new ArgumentOutOfRangeException(nameof(RandomErasingProbability), RandomErasingProbability, "RandomErasingProbability must be in [0, 1].");
        if (NoiseStd < 0 || !float.IsFinite(NoiseStd)) throw new ArgumentOutOfRangeException(nameof(NoiseStd), NoiseStd, "NoiseStd must be a finite number >= 0.");
    }
}
