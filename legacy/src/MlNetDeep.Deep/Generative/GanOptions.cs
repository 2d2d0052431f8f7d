using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Training;

namespace MlNetDeep.Deep.Generative;

/// <summary>
/// Hyperparameters of <see cref="GanTrainer"/> (Goodfellow et al., 2014; Radford et al.'s DCGAN,
/// 2016): a generator from a latent vector to an example, a discriminator from an example to one
/// logit, each with its own Adam (β1 = 0.5) alternating in the shared loop.
/// </summary>
public sealed record GanOptions
{
    /// <summary>The Vector&lt;Single&gt; column of real examples (images in [0, 1] for the default networks).</summary>
    public string FeatureColumnName { get; init; } = "Features";
    /// <summary>
    /// A key column of classes to condition on (Mirza and Osindero's conditional GAN), or null for
    /// an unconditional GAN. Conditioned, the generator takes z followed by the class's one-hot
    /// vector, and the discriminator takes the example with the one-hot vector appended: as extra
    /// channels, each constant over the image, for [C, H, W] examples; as extra values for [D].
    /// </summary>
    public string? LabelColumnName { get; init; }
    /// <summary>Size of the latent vector z ~ N(0, I).</summary>
    public int LatentSize { get; init; } = 64;
    /// <summary>The generator: input [LatentSize] (plus the class count when conditioned), output shaped like an example (null: the DCGAN for [1, 28, 28], <see cref="GanNetworks.DcganGenerator"/>).</summary>
    public NetworkSpec? Generator { get; init; }
    /// <summary>The discriminator: input shaped like an example (with the one-hot class appended when conditioned), output [1] (null: the DCGAN discriminator for [1, 28, 28]).</summary>
    public NetworkSpec? Discriminator { get; init; }
    /// <summary>Adam's β1 for both networks (DCGAN's 0.5).</summary>
    public double Beta1 { get; init; } = 0.5;
    /// <summary>Training settings (epochs, batch size, learning rate — DCGAN's 2e-4 — time budget, seed, callbacks...).</summary>
    public DeepTrainerOptions Training { get; init; } = new() { Epochs = 10, BatchSize = 128, LearningRate = 2e-4 };

    /// <summary>Checks every value; the message names it and the value received.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (LabelColumnName is { Length: 0 }) throw new ArgumentException("LabelColumnName is empty; use null for an unconditional GAN.");
        if (LatentSize is < 1 or > 4096) throw new ArgumentException($"LatentSize must be in 1..4096; got {LatentSize}.");
        if (Beta1 is < 0 or >= 1 || double.IsNaN(Beta1)) throw new ArgumentException($"Beta1 must be in [0, 1); got {Beta1}.");
        ArgumentNullException.ThrowIfNull(Training);
        Training.Validate();
    }
}

/// <summary>The default DCGAN networks for 28x28 grey images.</summary>
public static class GanNetworks
{
    /// <summary>z [<paramref name="latent"/>] (the latent size, plus the class count when conditioned) → Linear 128·7·7 - BN - ReLU → [128, 7, 7] → ConvT 4/2 to 64@14x14 - BN - ReLU → ConvT 4/2 to 1@28x28 → Sigmoid.</summary>
    public static NetworkSpec DcganGenerator(int latent) => new([latent],
    [
        new("Linear", In: latent, Out: 128 * 7 * 7), new("BatchNorm1d", Out: 128 * 7 * 7), new("ReLU"), new("Reshape", Shape: [128, 7, 7]),
        new("ConvTranspose2d", In: 128, Out: 64, Kernel: 4, Stride: 2, Padding: 1), new("BatchNorm2d", Out: 64), new("ReLU"),
        new("ConvTranspose2d", In: 64, Out: 1, Kernel: 4, Stride: 2, Padding: 1), new("Sigmoid"),
    ]);

    /// <summary>[<paramref name="channels"/>, 28, 28] (1 grey channel, plus one per class when conditioned) → Conv 4/2 64 - LeakyReLU 0.2 → Conv 4/2 128 - BN - LeakyReLU 0.2 → Flatten → Linear 1 (a logit).</summary>
    public static NetworkSpec DcganDiscriminator(int channels = 1) => new([channels, 28, 28],
    [
        new("Conv2d", In: channels, Out: 64, Kernel: 4, Stride: 2, Padding: 1), new("LeakyReLU", P: 0.2),
        new("Conv2d", In: 64, Out: 128, Kernel: 4, Stride: 2, Padding: 1), new("BatchNorm2d", Out: 128), new("LeakyReLU", P: 0.2),
        new("Flatten"), new("Linear", In: 128 * 7 * 7, Out: 1),
    ]);
}
