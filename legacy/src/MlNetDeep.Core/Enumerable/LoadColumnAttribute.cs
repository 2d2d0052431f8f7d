namespace MlNetDeep.Data;

/// <summary>For text loading: the member reads source column <see cref="Start"/> (0-based), or the range Start..End as a vector.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class LoadColumnAttribute : Attribute
{
    /// <summary>Reads one source column.</summary>
    public LoadColumnAttribute(int index) => (Start, End) = (index, index);

    /// <summary>Reads source columns start..end (inclusive) as a vector.</summary>
    public LoadColumnAttribute(int start, int end) => (Start, End) = (start, end);

    /// <summary>First source column.</summary>
    public int Start { get; }

    /// <summary>Last source column (equal to <see cref="Start"/> for a scalar).</summary>
    public int End { get; }
}
