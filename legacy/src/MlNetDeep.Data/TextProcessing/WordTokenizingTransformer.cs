using MlNetDeep.Data.Model;
using MlNetDeep.Model;
using MlNetDeep.Data.Transforms;

namespace MlNetDeep.Data.TextProcessing;

/// <summary>
/// TokenizeIntoWords: splits text on separator characters into a variable-length vector of
/// words (empty pieces dropped). Follow with MapValueToKey for a key sequence with a
/// vocabulary. Learns nothing; also its own estimator.
/// </summary>
public sealed class WordTokenizingTransformer : TrivialOneToOneTransformer<WordTokenizingTransformer>, IModelComponent
{
    private readonly char[] _separators;

    /// <summary>Creates the transformer; separators default to the space.</summary>
    public WordTokenizingTransformer(string outputColumnName, string? inputColumnName = null, char[]? separators = null)
        : base([(outputColumnName, inputColumnName ?? outputColumnName)])
    {
        _separators = separators is { Length: > 0 } ? (char[])separators.Clone() : [' '];
    }

    /// <summary>The separator characters.</summary>
    public IReadOnlyList<char> Separators => _separators;

    private protected override string ExpectedInput => "String";

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex)
    {
        if (input.Type is not TextDataViewType) throw new SchemaMismatchException(input.Name, ExpectedInput, input.Type.ToString());
        return new MappedColumn(outputName, new VectorDataViewType(TextDataViewType.Instance), null, [input], c =>
        {
            var g = c.GetGetter<string>(input);
            string s = "";
            return (ValueGetter<VBuffer<string>>)((ref VBuffer<string> dst) =>
            {
                g(ref s);
                string[] words = (s ?? "").Split(_separators, StringSplitOptions.RemoveEmptyEntries);
                dst = new VBuffer<string>(words);
            });
        });
    }

    /// <inheritdoc />
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var (o, i) = Columns[0];
        var c = inputSchema.Require(i, ExpectedInput);
        if (c.ItemType is not TextDataViewType || c.Kind != SchemaShape.VectorKind.Scalar) throw new SchemaMismatchException(i, ExpectedInput, c.TypeDescription);
        return inputSchema.With(new SchemaShape.Column(o, SchemaShape.VectorKind.VariableVector, TextDataViewType.Instance));
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.TokenizeWords;

    /// <inheritdoc />
    public void Save(ModelSaveContext context) => context.WriteJson("state.json", new State(Columns[0].OutputColumnName, Columns[0].InputColumnName, new string(_separators)), DataJson.Default.TokenizeWordsState);

    internal sealed record State(string Output, string Input, string Separators);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("state.json", DataJson.Default.TokenizeWordsState);
        return new WordTokenizingTransformer(s.Output, s.Input, (s.Separators ?? " ").ToCharArray());
    }
}
