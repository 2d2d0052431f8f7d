using MlNetDeep.Deep.Training;

namespace MlNetDeep.Deep.Autoencoders;

/// <summary>
/// Hyperparameters of <see cref="AutoencoderTrainer"/>: a dense encoder (hidden layers, then the
/// bottleneck) and its mirror image as decoder, trained to reproduce the input; with noise it
/// is a denoising autoencoder (Vincent et al., 2008): the input is corrupted, the clean input
/// is the target.
/// </summary>
public sealed record AutoencoderOptions
{
    /// <summary>The Vector&lt;Single&gt; column to encode.</summary>
    public string FeatureColumnName { get; init; } = "Features";
    /// <summary>Size of the code (the <c>Embedding</c> column).</summary>
    public int BottleneckSize { get; init; } = 32;
    /// <summary>Encoder hidden layers (ReLU), widest first; the decoder mirrors them (dense autoencoder).</summary>
    public int[] HiddenSizes { get; init; } = [256, 128];
    /// <summary>
    /// A convolutional autoencoder for [C, H, W] images instead: per entry of
    /// <see cref="ConvolutionalChannels"/> a 3x3 stride-2 convolution with ReLU, then a Linear to the
    /// bottleneck; the decoder mirrors it with 4x4 stride-2 transposed convolutions.
    /// </summary>
    public bool Convolutional { get; init; }
    /// <summary>Channels of the convolutional encoder's layers (each halves the height and width).</summary>
    public int[] ConvolutionalChannels { get; init; } = [16, 32];
    /// <summary>Standard deviation of Gaussian noise added to the input while training (0: none).</summary>
    public double NoiseStd { get; init; }
    /// <summary>Probability of zeroing each input value while training (masking noise; 0: none).</summary>
    public double MaskingProbability { get; init; }
    /// <summary>Training settings shared with the other deep trainers.</summary>
    public DeepTrainerOptions Training { get; init; } = new() { Epochs = 10, BatchSize = 128, LearningRate = 1e-3 };

    /// <summary>Checks every value; the message names it and the value received.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (BottleneckSize < 1) throw new ArgumentException($"BottleneckSize must be positive; got {BottleneckSize}.");
        ArgumentNullException.ThrowIfNull(HiddenSizes);
        if (HiddenSizes.Any(h => h < 1)) throw new ArgumentException($"HiddenSizes must be positive; got [{string.Join(", ", HiddenSizes)}].");
        ArgumentNullException.ThrowIfNull(ConvolutionalChannels);
        if (ConvolutionalChannels.Length is < 1 or > 6 || ConvolutionalChannels.Any(c => c < 1))
            throw new ArgumentException($"ConvolutionalChannels must list 1 to 6 positive channel counts; got [{string.Join(", ", ConvolutionalChannels)}].");
        if (NoiseStd < 0 || double.IsNaN(NoiseStd)) throw new ArgumentException($"NoiseStd must be >= 0; got {NoiseStd}.");
        if (MaskingProbability is < 0 or >= 1 || double.IsNaN(MaskingProbability)) throw new ArgumentException($"MaskingProbability must be in [0, 1); got {MaskingProbability}.");
        ArgumentNullException.ThrowIfNull(Training);
        Training.Validate();
    }
}
