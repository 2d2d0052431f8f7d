namespace MlNetDeep.Torch.IO;

/// <summary>
/// A tensor file broke one of the format's rules. The message names the file, the entry
/// (tensor name or header field) and the rule; nothing from the file reached native code.
/// </summary>
public sealed class TensorFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TensorFileException(string source, string entry, string rule)
        : base($"{source}: {(entry.Length > 0 ? $"entry '{entry}': " : "")}{rule}")
    {
        Source = source;
        Entry = entry;
        Rule = rule;
    }

    /// <summary>Where the bytes came from (a path, or "stream").</summary>
    public new string Source { get; }

    /// <summary>The tensor name or header field at fault ("" for the file as a whole).</summary>
    public string Entry { get; }

    /// <summary>The rule that was broken.</summary>
    public string Rule { get; }
}
