using System.Text;

namespace MlNetDeep.Data.TextProcessing;

/// <summary>
/// TokenizeIntoCharactersAsKeys: learns the vocabulary of characters (Unicode scalar values,
/// in order of first occurrence) of a text column and maps each text to a variable-length
/// vector of keys named by the characters. Characters not seen while fitting map to key 0.
/// </summary>
public sealed class CharacterTokenizingEstimator : IEstimator<CharacterTokenizingTransformer>
{
    /// <summary>Creates the estimator.</summary>
    public CharacterTokenizingEstimator(string outputColumnName, string? inputColumnName = null, int maximumVocabularySize = 100_000)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximumVocabularySize);
        (OutputColumnName, InputColumnName, MaximumVocabularySize) = (outputColumnName, inputColumnName ?? outputColumnName, maximumVocabularySize);
    }

    /// <summary>Output column.</summary>
    public string OutputColumnName { get; }
    /// <summary>Input text column.</summary>
    public string InputColumnName { get; }
    /// <summary>Most distinct characters kept.</summary>
    public int MaximumVocabularySize { get; }

    /// <inheritdoc />
    public CharacterTokenizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShape.Create(input.Schema));
        var col = input.Schema[InputColumnName];
        var vocab = new List<Rune>();
        var seen = new HashSet<Rune>();
        long rows = 0;
        using (var c = input.GetRowCursor([col]))
        {
            var g = c.GetGetter<string>(col);
            string? s = "";
            while (c.MoveNext())
            {
                rows++;
                g(ref s!);
                foreach (Rune r in (s ?? "").EnumerateRunes())
                    if (seen.Count < MaximumVocabularySize && seen.Add(r)) vocab.Add(r);
            }
        }
        if (vocab.Count == 0)
            throw new ArgumentException($"Column '{InputColumnName}' has no characters to learn a vocabulary from ({(rows == 0 ? "no rows" : "all texts empty")}).");
        return new CharacterTokenizingTransformer(OutputColumnName, InputColumnName, vocab);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var c = inputSchema.Require(InputColumnName, "String");
        if (c.ItemType is not TextDataViewType || c.Kind != SchemaShape.VectorKind.Scalar) throw new SchemaMismatchException(InputColumnName, "String", c.TypeDescription);
        return inputSchema.With(new SchemaShape.Column(OutputColumnName, SchemaShape.VectorKind.VariableVector, KeyDataViewType.Unknown));
    }
}
