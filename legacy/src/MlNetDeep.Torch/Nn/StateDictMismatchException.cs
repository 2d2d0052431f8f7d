namespace MlNetDeep.Torch.Nn;

/// <summary>
/// A state dict does not fit a module: names it lacks, names the module does not have, and
/// entries whose shape differs. The message lists every problem.
/// </summary>
public sealed class StateDictMismatchException : Exception
{
    /// <summary>Creates the exception for <paramref name="moduleName"/> from the three lists of problems.</summary>
    public StateDictMismatchException(string moduleName, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<string> shapeMismatches)
        : base(Describe(moduleName, missing, unexpected, shapeMismatches))
    {
        Missing = missing;
        Unexpected = unexpected;
        ShapeMismatches = shapeMismatches;
    }

    /// <summary>Names the module has and the state dict lacks.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Names in the state dict that the module does not have.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>"name: expected shape [...], got [...]" for every shape mismatch.</summary>
    public IReadOnlyList<string> ShapeMismatches { get; }

    private static string Describe(string module, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
    {
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add("missing: " + string.Join(", ", missing));
        if (unexpected.Count > 0) parts.Add("unexpected: " + string.Join(", ", unexpected));
        if (mismatched.Count > 0) parts.Add("shape mismatch: " + string.Join("; ", mismatched));
        return $"State dict does not fit {module}. " + string.Join(". ", parts) + ".";
    }
}
