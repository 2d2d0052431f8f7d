namespace MlNetDeep.Model;

/// <summary>
/// A model zip broke a rule of the format (or a component's saved state is invalid). Names
/// the source, the entry and the rule; nothing from the file reached native code unchecked.
/// </summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelFormatException(string source, string entry, string rule, Exception? inner = null)
        : base($"{source}: {(entry.Length > 0 ? $"entry '{entry}': " : "")}{rule}", inner)
    {
        ModelSource = source;
        Entry = entry;
        Rule = rule;
    }

    /// <summary>The file or "stream".</summary>
    public string ModelSource { get; }

    /// <summary>The zip entry (or manifest field) at fault, "" for the file as a whole.</summary>
    public string Entry { get; }

    /// <summary>What was wrong.</summary>
    public string Rule { get; }
}
