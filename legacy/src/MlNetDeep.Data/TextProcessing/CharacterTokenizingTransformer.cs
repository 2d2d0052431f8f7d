using MlNetDeep.Data.Model;
using MlNetDeep.Model;
using System.Text;
using MlNetDeep.Data.Transforms;

namespace MlNetDeep.Data.TextProcessing;

/// <summary>The fitted character tokenizer (see <see cref="CharacterTokenizingEstimator"/>).</summary>
public sealed class CharacterTokenizingTransformer : OneToOneTransformerBase, IModelComponent
{
    private readonly Dictionary<Rune, uint> _keys;
    private readonly string[] _names;

    internal CharacterTokenizingTransformer(string output, string input, IReadOnlyList<Rune> vocabulary) : base([(output, input)])
    {
        _keys = vocabulary.Select((r, i) => (r, (uint)i + 1)).ToDictionary(p => p.r, p => p.Item2);
        _names = vocabulary.Select(r => r.ToString()).ToArray();
    }

    /// <summary>The vocabulary: key i + 1 is character <c>Vocabulary[i]</c>.</summary>
    public IReadOnlyList<string> Vocabulary => _names;

    private protected override string ExpectedInput => "String";

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex)
    {
        if (input.Type is not TextDataViewType) throw new SchemaMismatchException(input.Name, ExpectedInput, input.Type.ToString());
        var type = new VectorDataViewType(new KeyDataViewType((ulong)_names.Length));
        var annotations = new Dictionary<string, object> { [AnnotationNames.KeyValues] = _names };
        return new MappedColumn(outputName, type, annotations, [input], c =>
        {
            var g = c.GetGetter<string>(input);
            string s = "";
            var list = new List<uint>();
            return (ValueGetter<VBuffer<uint>>)((ref VBuffer<uint> dst) =>
            {
                g(ref s);
                list.Clear();
                foreach (Rune r in (s ?? "").EnumerateRunes()) list.Add(_keys.GetValueOrDefault(r));
                uint[] buf = dst.Reuse(list.Count);
                list.CopyTo(buf);
                dst = new VBuffer<uint>(list.Count, buf);
            });
        });
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.TokenizeCharacters;

    /// <inheritdoc />
    public void Save(ModelSaveContext context) => context.WriteJson("state.json", new State(Columns[0].OutputColumnName, Columns[0].InputColumnName, _names), DataJson.Default.TokenizeCharactersState);

    internal sealed record State(string Output, string Input, string[] Vocabulary);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("state.json", DataJson.Default.TokenizeCharactersState);
        if (s.Vocabulary is not { Length: > 0 }) throw c.Error("state.json", "the vocabulary is empty");
        var runes = new List<Rune>();
        foreach (string ch in s.Vocabulary)
        {
            if (ch is null || Rune.DecodeFromUtf16(ch, out Rune r, out int used) != System.Buffers.OperationStatus.Done || used != ch.Length)
                throw c.Error("state.json", "a vocabulary entry is not exactly one character");
            runes.Add(r);
        }
        if (runes.Distinct().Count() != runes.Count) throw c.Error("state.json", "the vocabulary repeats a character");
        return new CharacterTokenizingTransformer(s.Output, s.Input, runes);
    }
}
