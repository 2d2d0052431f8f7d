using System.Text;
using MlNetDeep.Data;
using MlNetDeep.Data.Tensors;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;

namespace MlNetDeep.Deep.Language;

/// <summary>
/// Trains a character-level language model on a text (Karpathy's char-rnn): the vocabulary
/// is the text's characters; windows of <see cref="CharLanguageModelOptions.SequenceLength"/>
/// + 1 characters teach the network to predict each next character; the last
/// <see cref="CharLanguageModelOptions.HoldoutFraction"/> of the text is held out and the
/// fitted model reports its next-character accuracy and perplexity there, beside the unigram
/// baseline. Runs on the shared training loop (callbacks, time budget, checkpoints).
/// </summary>
public sealed class CharLanguageModelTrainer
{
    private readonly MLContext _context;

    /// <summary>Creates the trainer; options are checked now.</summary>
    public CharLanguageModelTrainer(MLContext context, CharLanguageModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        Options = options ?? new CharLanguageModelOptions();
        Options.Validate();
        _context = context;
    }

    /// <summary>The hyperparameters.</summary>
    public CharLanguageModelOptions Options { get; }

    /// <summary>Callbacks the training loop calls (progress bars, early stop...).</summary>
    public IList<TrainingCallback> Callbacks { get; } = new List<TrainingCallback>();

    /// <summary>Trains on a UTF-8 text file.</summary>
    /// <exception cref="InvalidDataException">The file is empty or not valid UTF-8; the message gives the byte offset.</exception>
    public CharLanguageModel FitFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Fit(ReadUtf8(path));
    }

    /// <summary>The text of a UTF-8 file, refusing invalid bytes rather than replacing them.</summary>
    public static string ReadUtf8(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) throw new InvalidDataException($"{path}: the file is empty; a language model needs text.");
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        try
        {
            int skip = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            return strict.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: not valid UTF-8 at byte {e.Index} (bytes {Convert.ToHexString(e.BytesUnknown ?? [])}); convert the file to UTF-8 first.", e);
        }
    }

    /// <summary>Trains on <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">The text is too short for one training window and the holdout, or has fewer than two distinct characters.</exception>
    public CharLanguageModel Fit(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new ArgumentException("The text is empty; a language model needs text.", nameof(text));
        var vocabulary = CharacterVocabulary.Of(text);
        int[] ids = vocabulary.Encode(text);
        int t = Options.SequenceLength;
        int holdout = (int)(ids.Length * Options.HoldoutFraction);
        if (holdout > 0 && holdout < t + 1) holdout = Math.Min(ids.Length / 2, t + 1);
        int trainLength = ids.Length - holdout;
        if (trainLength < t + 1)
            throw new ArgumentException($"The text has {ids.Length} characters; training needs at least SequenceLength + 1 = {t + 1} of them after the {holdout}-character holdout (shorten SequenceLength or lower HoldoutFraction).");
        int stride = Options.Stride > 0 ? Options.Stride : Math.Max(1, t / 2);
        var train = Windows(ids, 0, trainLength, t, stride);
        var tail = holdout >= 2 ? ids[trainLength..] : [];

        int seed = Options.Training.Seed ?? _context.NextSeed();
        Engine.ManualSeed(seed);
        var spec = CharLanguageModel.Network(vocabulary.Count, Options);
        var net = spec.Build();
        try
        {
            var task = new NextCharacterTask(net, Options.Training.LearningRate, t, vocabulary.Count);
            var loop = new TrainingLoop(task, Options.Training with { Network = null, ValidationFraction = 0 }, seed, Callbacks.ToList());
            loop.Run(train, null);
            net.Eval();
            var model = new CharLanguageModel(spec, net, vocabulary, t, "Context");
            var unigram = Unigram(ids.AsSpan(0, trainLength), vocabulary.Count);
            model.Holdout = tail.Length >= 2 ? model.Evaluate(tail) with { UnigramPerplexity = UnigramPerplexity(unigram, tail) } : null;
            return model;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <summary>Windows of t + 1 ids starting every <paramref name="stride"/> ids within [start, end).</summary>
    private static InMemoryDataView Windows(int[] ids, int start, int end, int t, int stride)
    {
        var flat = new List<float>();
        for (int s = start; s + t + 1 <= end; s += stride)
            for (int k = 0; k <= t; k++) flat.Add(ids[s + k]);
        return new InMemoryDataViewBuilder().AddVector("Tokens", flat.ToArray(), t + 1).Build();
    }

    private static double[] Unigram(ReadOnlySpan<int> ids, int vocabulary)
    {
        var counts = new double[vocabulary];
        foreach (int id in ids) counts[id]++;
        double total = ids.Length + vocabulary; // add-one smoothing: unseen characters keep a chance
        return counts.Select(c => (c + 1) / total).ToArray();
    }

    private static double UnigramPerplexity(double[] p, int[] tail) => Math.Exp(-tail.Skip(1).Average(id => Math.Log(p[id])));

    /// <summary>Next-character prediction on windows of t + 1 ids: the network sees the first t and is scored on the last t.</summary>
    private sealed class NextCharacterTask(Sequential net, double learningRate, int t, int vocabulary) : TrainingTask
    {
        private readonly Adam _adam = new(net.Parameters(), learningRate);

        public override IReadOnlyList<string> Columns => ["Tokens"];
        public override IReadOnlyList<(string Name, Module Module)> Modules => [("network", net)];
        public override IReadOnlyList<(string Name, Optimizer Optimizer)> Optimizers => [("optimizer", _adam)];

        private Tensor Loss(TensorBatch batch)
        {
            Tensor tokens = batch["Tokens"];
            Tensor logits = net.Forward(tokens.Narrow(1, 0, t));
            Tensor target = tokens.Narrow(1, 1, t).To(DType.Int64);
            return Functional.CrossEntropy(logits.Reshape(-1, vocabulary), target.Reshape(-1));
        }

        public override StepResult Train(TensorBatch batch, TrainingStep step)
        {
            var loss = Loss(batch);
            double v = step.CheckLoss(loss, "the next-character loss");
            step.Update(loss, _adam, net);
            return new StepResult(v);
        }

        public override StepResult Evaluate(TensorBatch batch) => new(Loss(batch).ToDouble());
    }
}
