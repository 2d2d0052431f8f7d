namespace MlNetDeep.Data;

/// <summary>An output column computed from an input column (the input defaults to the output's name).</summary>
/// <param name="OutputColumnName">Column to produce.</param>
/// <param name="InputColumnName">Column to read; null means the same name.</param>
public sealed record InputOutputColumnPair(string OutputColumnName, string? InputColumnName = null)
{
    internal (string, string) Pair => (OutputColumnName, InputColumnName ?? OutputColumnName);
}
