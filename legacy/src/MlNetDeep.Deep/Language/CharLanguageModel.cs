using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Language;

/// <summary>How well a language model predicts a text: per next character.</summary>
/// <param name="Accuracy">Fraction of positions whose most probable character is the true one.</param>
/// <param name="CrossEntropy">Mean −ln p(true character), in nats.</param>
/// <param name="Perplexity">exp(<paramref name="CrossEntropy"/>): the effective number of equally likely choices.</param>
/// <param name="Positions">Positions scored.</param>
/// <param name="UnigramPerplexity">The baseline that predicts every character by its training frequency (when measured).</param>
public sealed record LanguageModelMetrics(double Accuracy, double CrossEntropy, double Perplexity, long Positions, double? UnigramPerplexity = null);

/// <summary>
/// A fitted character language model. <see cref="Generate"/> continues a prompt (temperature,
/// top-k, seeded); <see cref="PredictNext"/> gives the next-character distribution; as a
/// transformer it reads a text column (default <c>Context</c>) and adds <c>PredictedNext</c>
/// (the most probable next character) and <c>Score</c> (every character's probability, in
/// vocabulary order), so a prediction engine predicts the next character of a row. Saved in
/// the model zip as its network spec, weights and vocabulary.
/// </summary>
public sealed class CharLanguageModel : RowToRowTransformerBase, IModelComponent, IDisposable
{
    private readonly Sequential _net;

    internal CharLanguageModel(NetworkSpec spec, Sequential net, CharacterVocabulary vocabulary, int sequenceLength, string contextColumnName)
    {
        Spec = spec;
        _net = net;
        _net.Eval();
        Vocabulary = vocabulary;
        SequenceLength = sequenceLength;
        ContextColumnName = contextColumnName;
    }

    /// <summary>The network: Embedding, recurrent layers returning every step, a per-step Linear over the vocabulary.</summary>
    internal static NetworkSpec Network(int vocabulary, CharLanguageModelOptions o) => new([o.SequenceLength],
    [
        new("Embedding", In: vocabulary, Out: o.EmbeddingSize),
        new(o.Cell, In: o.EmbeddingSize, Out: o.HiddenSize, P: o.Dropout, NumLayers: o.NumLayers, ReturnSequences: true),
        new("Linear", In: o.HiddenSize, Out: vocabulary),
    ]);

    /// <summary>The network's spec.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>The characters the model knows.</summary>
    public CharacterVocabulary Vocabulary { get; }

    /// <summary>Characters of context the model was trained on (longer contexts are cut to their last this many).</summary>
    public int SequenceLength { get; }

    /// <summary>The text column the transformer reads.</summary>
    public string ContextColumnName { get; }

    /// <summary>Accuracy and perplexity on the held-out tail of the training text (null when nothing was held out).</summary>
    public LanguageModelMetrics? Holdout { get; internal set; }

    /// <summary>Probabilities of each vocabulary character following <paramref name="context"/> (its last <see cref="SequenceLength"/> characters).</summary>
    /// <exception cref="ArgumentException">The context is empty or has a character outside the vocabulary.</exception>
    public float[] PredictNext(string context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int[] ids = Vocabulary.Encode(context);
        if (ids.Length == 0) throw new ArgumentException("The context is empty: give at least one character.", nameof(context));
        return Next(ids.AsSpan(Math.Max(0, ids.Length - SequenceLength)), 1.0);
    }

    /// <summary>Softmax of the logits after the last of <paramref name="ids"/>, sharpened or flattened by <paramref name="temperature"/>.</summary>
    private float[] Next(ReadOnlySpan<int> ids, double temperature)
    {
        var input = new float[ids.Length];
        for (int i = 0; i < ids.Length; i++) input[i] = ids[i];
        using var scope = Engine.NewDisposeScope();
        using var noGrad = Engine.NoGrad();
        var logits = _net.Forward(Tensor.FromArray(input, 1, ids.Length)).Select(1, ids.Length - 1).Select(0, 0).ToArray<float>();
        double max = logits.Max();
        var p = new float[logits.Length];
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += p[i] = (float)Math.Exp((logits[i] - max) / temperature);
        for (int i = 0; i < p.Length; i++) p[i] = (float)(p[i] / sum);
        return p;
    }

    /// <summary>
    /// Continues <paramref name="prompt"/> by <paramref name="length"/> sampled characters:
    /// <paramref name="temperature"/> below 1 sharpens the distribution (0 picks the most probable
    /// character), <paramref name="topK"/> &gt; 0 samples among the k most probable only; the same
    /// <paramref name="seed"/> gives the same text.
    /// </summary>
    /// <exception cref="ArgumentException">An empty prompt, a character outside the vocabulary, or an invalid setting.</exception>
    public string Generate(string prompt, int length, double temperature = 1.0, int topK = 0, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (temperature < 0 || double.IsNaN(temperature)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be >= 0.");
        if (topK < 0 || topK > Vocabulary.Count) throw new ArgumentOutOfRangeException(nameof(topK), topK, $"TopK must be in 0..{Vocabulary.Count} (0: all characters).");
        var ids = Vocabulary.Encode(prompt).ToList();
        if (ids.Count == 0) throw new ArgumentException("The prompt is empty: give at least one character to continue.", nameof(prompt));
        var rng = new Random(seed);
        var text = new System.Text.StringBuilder(prompt);
        for (int n = 0; n < length; n++)
        {
            var window = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids)[Math.Max(0, ids.Count - SequenceLength)..];
            float[] p = Next(window, temperature == 0 ? 1 : temperature);
            int next = temperature == 0 ? RowMath.ArgMax(p) : Sample(p, topK, rng);
            ids.Add(next);
            text.Append(Vocabulary[next]);
        }
        return text.ToString();
    }

    private static int Sample(float[] p, int topK, Random rng)
    {
        int[] order = Enumerable.Range(0, p.Length).ToArray();
        if (topK > 0) Array.Sort(order, (a, b) => p[b].CompareTo(p[a]));
        int k = topK > 0 ? topK : p.Length;
        double total = 0;
        for (int i = 0; i < k; i++) total += p[order[i]];
        double u = rng.NextDouble() * total;
        for (int i = 0; i < k; i++)
        {
            u -= p[order[i]];
            if (u <= 0) return order[i];
        }
        return order[k - 1];
    }

    /// <summary>Next-character accuracy and perplexity on <paramref name="text"/> (windows of <see cref="SequenceLength"/> characters of context).</summary>
    public LanguageModelMetrics Evaluate(string text) => Evaluate(Vocabulary.Encode(text ?? throw new ArgumentNullException(nameof(text))));

    internal LanguageModelMetrics Evaluate(int[] ids)
    {
        if (ids.Length < 2) throw new ArgumentException("Evaluation needs at least two characters.");
        long positions = 0, correct = 0;
        double nll = 0;
        using var noGrad = Engine.NoGrad();
        for (int start = 0; start + 1 < ids.Length; start += SequenceLength)
        {
            int len = Math.Min(SequenceLength, ids.Length - 1 - start);
            using var scope = Engine.NewDisposeScope();
            var input = new float[len];
            for (int i = 0; i < len; i++) input[i] = ids[start + i];
            var logits = _net.Forward(Tensor.FromArray(input, 1, len)).ToArray<float>(); // [1, len, V]
            int v = Vocabulary.Count;
            for (int i = 0; i < len; i++)
            {
                var row = logits.AsSpan(i * v, v);
                int target = ids[start + i + 1];
                float max = row[0];
                for (int c = 1; c < v; c++) max = Math.Max(max, row[c]);
                double sum = 0;
                for (int c = 0; c < v; c++) sum += Math.Exp(row[c] - max);
                nll += Math.Log(sum) + max - row[target];
                if (RowMath.ArgMax(row) == target) correct++;
                positions++;
            }
        }
        double ce = nll / positions;
        return new LanguageModelMetrics((double)correct / positions, ce, Math.Exp(ce), positions);
    }

    /// <inheritdoc />
    protected override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input)
    {
        var context = input.GetColumnOrNull(ContextColumnName) ?? throw new SchemaMismatchException(ContextColumnName, "a text column", null);
        if (context.Type is not TextDataViewType) throw new SchemaMismatchException(ContextColumnName, "a text column", context.Type.ToString());
        int v = Vocabulary.Count;
        return
        [
            new("PredictedNext", TextDataViewType.Instance, null, [context], cursor =>
            {
                var g = cursor.GetGetter<string>(context);
                string s = "";
                return (ValueGetter<string>)((ref string next) => { g(ref s); next = Vocabulary[RowMath.ArgMax(PredictNext(s))]; });
            }),
            new("Score", new VectorDataViewType(NumberDataViewType.Single, v), null, [context], cursor =>
            {
                var g = cursor.GetGetter<string>(context);
                string s = "";
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => { g(ref s); dst = new VBuffer<float>(v, PredictNext(s)); });
            }),
        ];
    }

    /// <inheritdoc />
    public string ComponentName => DeepComponents.CharLanguageModel;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("network.json", new NeuralModelBase.NetworkState(Spec, ContextColumnName, false), DeepJson.Default.NetworkState);
        context.WriteTensors("weights.mndt", _net.StateDict());
        context.WriteJson("vocabulary.json", Vocabulary.Scalars.ToArray(), DeepJson.Default.Int32Array);
    }

    internal static ITransformer Load(ModelLoadContext c)
    {
        int[] scalars = c.ReadJson("vocabulary.json", j => j.GetInt32Array() ?? throw j.Error("the vocabulary is missing"));
        CharacterVocabulary vocabulary;
        try
        {
            vocabulary = new CharacterVocabulary(scalars);
        }
        catch (ArgumentException e)
        {
            throw c.Error("vocabulary.json", e.Message);
        }
        return NeuralModelBase.LoadNetwork(c, (s, net) =>
        {
            if (s.Spec.Layers is not [{ Type: "Embedding" } embedding, { Type: "LSTM" or "GRU", ReturnSequences: true }, { Type: "Linear" } head]
                || embedding.In != vocabulary.Count || head.Out != vocabulary.Count || s.Spec.InputShape is not [var length] || length < 2)
                throw c.Error("network.json", $"not a character language model over {vocabulary.Count} characters (Embedding, a recurrent layer returning sequences, Linear)");
            return new CharLanguageModel(s.Spec, net, vocabulary, length, s.FeatureColumnName);
        });
    }

    /// <summary>Releases the network.</summary>
    public void Dispose() => _net.Dispose();
}
