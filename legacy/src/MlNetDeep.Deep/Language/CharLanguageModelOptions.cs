using MlNetDeep.Deep.Training;

namespace MlNetDeep.Deep.Language;

/// <summary>
/// Hyperparameters of <see cref="CharLanguageModelTrainer"/> (Karpathy's char-rnn): windows of
/// <see cref="SequenceLength"/> characters, an embedding, stacked LSTM or GRU layers and a
/// per-step softmax over the vocabulary, trained to predict each next character.
/// </summary>
public sealed record CharLanguageModelOptions
{
    /// <summary>Characters per training window (the steps back-propagated through).</summary>
    public int SequenceLength { get; init; } = 64;
    /// <summary>Start a training window every this many characters (0: half the sequence length).</summary>
    public int Stride { get; init; }
    /// <summary>Size of each character's learned vector.</summary>
    public int EmbeddingSize { get; init; } = 32;
    /// <summary>"LSTM" or "GRU".</summary>
    public string Cell { get; init; } = "LSTM";
    /// <summary>Hidden units per recurrent layer.</summary>
    public int HiddenSize { get; init; } = 256;
    /// <summary>Stacked recurrent layers.</summary>
    public int NumLayers { get; init; } = 1;
    /// <summary>Dropout between stacked layers.</summary>
    public double Dropout { get; init; }
    /// <summary>Fraction of the text, taken from its end, held out to measure accuracy and perplexity.</summary>
    public double HoldoutFraction { get; init; } = 0.1;
    /// <summary>Training settings shared with the other deep trainers (epochs, batch size, learning rate, schedule, clipping, time budget, seed...).</summary>
    public DeepTrainerOptions Training { get; init; } = new() { Epochs = 10, BatchSize = 64, LearningRate = 2e-3, GradientClipNorm = 5, Schedule = LearningRateSchedule.Cosine };

    /// <summary>Checks every value; the message names it and the value received.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (SequenceLength is < 2 or > 4096) throw new ArgumentException($"SequenceLength must be in 2..4096; got {SequenceLength}.");
        if (Stride < 0 || Stride > SequenceLength) throw new ArgumentException($"Stride must be in 0..SequenceLength ({SequenceLength}); got {Stride}.");
        if (EmbeddingSize is < 1 or > 4096) throw new ArgumentException($"EmbeddingSize must be in 1..4096; got {EmbeddingSize}.");
        if (Cell is not ("LSTM" or "GRU")) throw new ArgumentException($"Cell must be LSTM or GRU; got '{Cell}'.");
        if (HiddenSize is < 1 or > 8192) throw new ArgumentException($"HiddenSize must be in 1..8192; got {HiddenSize}.");
        if (NumLayers is < 1 or > 16) throw new ArgumentException($"NumLayers must be in 1..16; got {NumLayers}.");
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout)) throw new ArgumentException($"Dropout must be in [0, 1); got {Dropout}.");
        if (HoldoutFraction is < 0 or >= 0.9 || double.IsNaN(HoldoutFraction)) throw new ArgumentException($"HoldoutFraction must be in [0, 0.9); got {HoldoutFraction}.");
        ArgumentNullException.ThrowIfNull(Training);
        Training.Validate();
    }
}
