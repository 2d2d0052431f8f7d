using System.Text;
using MlNetDeep.Catalogs;

namespace MlNetDeep.Data;

/// <summary>Plain-text corpora on <c>ctx.Data</c> (for character and word sequence models).</summary>
public static class TextCorpusCatalog
{
    /// <summary>How a corpus is cut into rows.</summary>
    public enum CorpusUnit
    {
        /// <summary>One row per non-empty line (line ends removed).</summary>
        Line,
        /// <summary>One row holding the whole text.</summary>
        Document,
    }

    /// <summary>
    /// Reads a UTF-8 text file (a BOM is ignored) into a <c>Text</c> column. The file must be
    /// valid UTF-8: invalid bytes raise an error naming the file and the byte offset.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is empty or not valid UTF-8.</exception>
    public static InMemoryDataView LoadFromTextCorpus(this DataOperationsCatalog catalog, string path, CorpusUnit unit = CorpusUnit.Line)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = File.ReadAllBytes(path);
        int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var span = bytes.AsSpan(start);
        if (!System.Text.Unicode.Utf8.IsValid(span))
        {
            int bad = FirstInvalid(span);
            throw new InvalidDataException($"{path}: not valid UTF-8 at byte offset {start + bad} (0x{bytes[start + bad]:X2}). Convert the file to UTF-8.");
        }
        string text = Encoding.UTF8.GetString(span);
        string[] rows = unit == CorpusUnit.Document
            ? [text]
            : text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        if (rows.Length == 0 || (unit == CorpusUnit.Document && text.Length == 0))
            throw new InvalidDataException($"{path}: the corpus is empty.");
        return new InMemoryDataViewBuilder().AddScalar("Text", rows).Build();
    }

    private static int FirstInvalid(ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (i < s.Length)
        {
            if (Rune.DecodeFromUtf8(s[i..], out _, out int used) != System.Buffers.OperationStatus.Done) return i;
            i += used;
        }
        return s.Length;
    }

    /// <summary>Splits text into words (see <see cref="TextProcessing.WordTokenizingTransformer"/>).</summary>
    public static IEstimator<TextProcessing.WordTokenizingTransformer> TokenizeIntoWords(this TransformsCatalog.TextTransforms catalog, string outputColumnName,
        string? inputColumnName = null, char[]? separators = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TextProcessing.WordTokenizingTransformer(outputColumnName, inputColumnName, separators);
    }

    /// <summary>Maps text to a sequence of character keys with a learned vocabulary (see <see cref="TextProcessing.CharacterTokenizingEstimator"/>).</summary>
    public static TextProcessing.CharacterTokenizingEstimator TokenizeIntoCharactersAsKeys(this TransformsCatalog.TextTransforms catalog, string outputColumnName,
        string? inputColumnName = null, int maximumVocabularySize = 100_000)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TextProcessing.CharacterTokenizingEstimator(outputColumnName, inputColumnName, maximumVocabularySize);
    }
}
