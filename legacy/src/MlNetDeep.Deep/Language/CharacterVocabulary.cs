using System.Text;

namespace MlNetDeep.Deep.Language;

/// <summary>
/// The characters (Unicode scalar values, so an emoji is one character) a language model
/// knows, in ordinal order; a character's id is its index.
/// </summary>
public sealed class CharacterVocabulary
{
    private readonly Dictionary<int, int> _ids;

    /// <summary>Creates a vocabulary of the given distinct scalar values.</summary>
    /// <exception cref="ArgumentException">Fewer than two characters, a duplicate, or a value that is not a Unicode scalar.</exception>
    public CharacterVocabulary(IEnumerable<int> scalars)
    {
        ArgumentNullException.ThrowIfNull(scalars);
        Scalars = scalars.ToArray();
        _ids = new Dictionary<int, int>(Scalars.Count);
        for (int i = 0; i < Scalars.Count; i++)
        {
            if (!Rune.IsValid(Scalars[i])) throw new ArgumentException($"Vocabulary entry {i} ({Scalars[i]}) is not a Unicode scalar value.", nameof(scalars));
            if (!_ids.TryAdd(Scalars[i], i)) throw new ArgumentException($"Vocabulary entry {i} ('{new Rune(Scalars[i])}') appears twice.", nameof(scalars));
        }
        if (Scalars.Count < 2) throw new ArgumentException($"A language model needs at least two distinct characters; the text has {Scalars.Count}.", nameof(scalars));
    }

    /// <summary>The vocabulary of <paramref name="text"/>: its distinct characters in ordinal order.</summary>
    public static CharacterVocabulary Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var set = new SortedSet<int>();
        foreach (var r in text.EnumerateRunes()) set.Add(r.Value);
        return new CharacterVocabulary(set);
    }

    /// <summary>The characters as Unicode scalar values, by id.</summary>
    public IReadOnlyList<int> Scalars { get; }

    /// <summary>Number of characters.</summary>
    public int Count => Scalars.Count;

    /// <summary>The character of <paramref name="id"/> as a string.</summary>
    public string this[int id] => new Rune(Scalars[id]).ToString();

    /// <summary>The ids of <paramref name="text"/>'s characters.</summary>
    /// <exception cref="ArgumentException">A character is not in the vocabulary; the message names it and its position.</exception>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length);
        int position = 0;
        foreach (var r in text.EnumerateRunes())
        {
            if (!_ids.TryGetValue(r.Value, out int id))
                throw new ArgumentException($"Character '{r}' (U+{r.Value:X4}) at position {position} is not in the model's vocabulary of {Count} characters.");
            ids.Add(id);
            position++;
        }
        return ids.ToArray();
    }
}
