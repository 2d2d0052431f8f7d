using System.Text;
using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Deep.Language;
using MlNetDeep.Deep.Training;
using MlNetDeep.Model;
using MlNetDeep.Torch;
using Xunit;

namespace MlNetDeep.Deep.Tests;

/// <summary>The character language model: memorizing a short text, generation, the prediction engine, the zip, and bad input.</summary>
public sealed class CharLanguageModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-charlm").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Verse = "the quick brown fox jumps over the lazy dog. ";

    private static CharLanguageModelOptions Small(int epochs = 60) => new()
    {
        SequenceLength = 16, Stride = 1, EmbeddingSize = 16, HiddenSize = 64, HoldoutFraction = 0,
        Training = new DeepTrainerOptions { Epochs = epochs, BatchSize = 32, LearningRate = 0.01, GradientClipNorm = 5, Seed = 3 },
    };

    private static readonly Lazy<CharLanguageModel> s_memorized = new(() =>
        new CharLanguageModelTrainer(new MLContext(1), Small()).Fit(string.Concat(Enumerable.Repeat(Verse, 8))));

    public sealed class ContextRow
    {
        public string Context { get; set; } = "";
    }

    public sealed class NextCharacter
    {
        public string PredictedNext { get; set; } = "";
        public float[] Score { get; set; } = [];
    }

    [Fact]
    public void AShortTextIsMemorizedAndRecitedFromAPrompt()
    {
        var model = s_memorized.Value;
        Assert.Equal(28, model.Vocabulary.Count); // 26 letters, space and full stop
        var fit = model.Evaluate(string.Concat(Enumerable.Repeat(Verse, 2)));
        Assert.True(fit.Accuracy > 0.95, $"next-character accuracy {fit.Accuracy:F3} on the memorized text");
        Assert.True(fit.Perplexity < 1.3, $"perplexity {fit.Perplexity:F3} on the memorized text");
        Assert.Equal("the quick brown fox jumps over the lazy dog. the quick", model.Generate("the quick brown ", 38, temperature: 0));
    }

    [Fact]
    public void SamplingIsSeededAndTopKOneIsGreedy()
    {
        var model = s_memorized.Value;
        Assert.Equal(model.Generate("the ", 40, temperature: 1.5, seed: 9), model.Generate("the ", 40, temperature: 1.5, seed: 9));
        Assert.Equal(model.Generate("the ", 40, temperature: 0), model.Generate("the ", 40, temperature: 1.0, topK: 1, seed: 4));
        var p = model.PredictNext("the lazy do");
        Assert.Equal(model.Vocabulary.Count, p.Length);
        Assert.Equal(1.0, p.Sum(), 4);
        Assert.Equal("g", model.Vocabulary[Array.IndexOf(p, p.Max())]);
    }

    [Fact]
    public void ThePredictionEnginePredictsTheNextCharacterAndTheZipRoundTrips()
    {
        var ctx = new MLContext(1);
        var model = s_memorized.Value;
        var rows = new[] { new ContextRow { Context = "over the laz" }, new ContextRow { Context = "jumps o" } };
        var data = ctx.Data.LoadFromEnumerable(rows);
        using var engine = ctx.Model.CreatePredictionEngine<ContextRow, NextCharacter>(model, data.Schema);
        Assert.Equal("y", engine.Predict(rows[0]).PredictedNext);
        Assert.Equal("v", engine.Predict(rows[1]).PredictedNext);

        var loaded = ctx.Model.Load(new MemoryStream(ZipRewriter.Saved(model, data.Schema)), out var schema);
        Assert.Equal(EstimatorConformance.Dump(model.Transform(data)), EstimatorConformance.Dump(loaded.Transform(data)));
        Assert.Equal(model.Generate("the ", 30, temperature: 0.8, seed: 2), ((CharLanguageModel)loaded).Generate("the ", 30, temperature: 0.8, seed: 2));
        Assert.Equal("Context", schema.Single().Name);
        ((IDisposable)loaded).Dispose();
    }

    [Fact]
    public void TheHoldoutTailIsMeasuredBesideTheUnigramBaseline()
    {
        string text = string.Concat(Enumerable.Range(0, 60).Select(i => $"abcabd{(char)('e' + i % 3)} "));
        var model = new CharLanguageModelTrainer(new MLContext(2), Small(25) with { HoldoutFraction = 0.2 }).Fit(text);
        var h = Assert.IsType<LanguageModelMetrics>(model.Holdout);
        Assert.True(h.Positions > 80);
        Assert.NotNull(h.UnigramPerplexity);
        Assert.True(h.Perplexity < h.UnigramPerplexity, $"perplexity {h.Perplexity:F2} does not beat the unigram's {h.UnigramPerplexity:F2}");
    }

    [Fact]
    public void EmptyAndNonUtf8TextAreClearErrors()
    {
        string empty = Path.Combine(_dir, "empty.txt");
        File.WriteAllBytes(empty, []);
        var trainer = new CharLanguageModelTrainer(new MLContext(1), Small(1));
        Assert.Contains("the file is empty", Assert.Throws<InvalidDataException>(() => trainer.FitFile(empty)).Message);
        string latin1 = Path.Combine(_dir, "latin1.txt");
        File.WriteAllBytes(latin1, [.. Encoding.ASCII.GetBytes("caf"), 0xE9, .. Encoding.ASCII.GetBytes(" au lait")]);
        var e = Assert.Throws<InvalidDataException>(() => trainer.FitFile(latin1));
        Assert.Contains("not valid UTF-8 at byte 3", e.Message);
    }

    [Fact]
    public void PromptsAndSettingsOutsideTheModelAreNamed()
    {
        var model = s_memorized.Value;
        Assert.Contains("Character 'Z' (U+005A) at position 4", Assert.Throws<ArgumentException>(() => model.Generate("the Zebra", 5)).Message);
        Assert.Contains("prompt is empty", Assert.Throws<ArgumentException>(() => model.Generate("", 5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate("the", 5, topK: 99));
        Assert.Contains("SequenceLength must be in 2..4096", Assert.Throws<ArgumentException>(() => new CharLanguageModelTrainer(new MLContext(1), Small() with { SequenceLength = 1 })).Message);
        Assert.Contains("at least two distinct characters", Assert.Throws<ArgumentException>(() => new CharLanguageModelTrainer(new MLContext(1), Small(1)).Fit(new string('a', 100))).Message);
        Assert.Contains("needs at least SequenceLength + 1 = 17",
            Assert.Throws<ArgumentException>(() => new CharLanguageModelTrainer(new MLContext(1), Small(1)).Fit("short text")).Message);
    }

    [Fact]
    public void ACraftedVocabularyOrNetworkIsRefused()
    {
        var ctx = new MLContext(1);
        var schema = ctx.Data.LoadFromEnumerable(new[] { new ContextRow() }).Schema;
        byte[] zip = ZipRewriter.Saved(s_memorized.Value, schema);
        var dup = Assert.Throws<ModelFormatException>(() => ctx.Model.Load(new MemoryStream(ZipRewriter.Resign(zip, "vocabulary.json", _ => "[97,97,98]"u8.ToArray())), out _));
        Assert.Contains("appears twice", dup.Rule);
        var surrogate = Assert.Throws<ModelFormatException>(() => ctx.Model.Load(new MemoryStream(ZipRewriter.Resign(zip, "vocabulary.json", _ => "[97,55296]"u8.ToArray())), out _));
        Assert.Contains("not a Unicode scalar", surrogate.Rule);
        var (loaded, refused) = ZipFuzz.ResignedByteFlips(zip, ["network.json", "vocabulary.json"], 150, 5, m => ((CharLanguageModel)m).Generate(((CharLanguageModel)m).Vocabulary[0], 3));
        Assert.Equal(300, loaded + refused);
    }
}
