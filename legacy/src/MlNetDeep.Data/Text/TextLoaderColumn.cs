namespace MlNetDeep.Data.Text;

/// <summary>
/// A column read from a text file: source fields <see cref="Start"/>..<see cref="End"/>
/// (0-based, inclusive; a range makes a fixed-size vector) parsed as <see cref="Type"/>
/// (Single, Double, Int32, Int64, Boolean or String).
/// </summary>
/// <param name="Name">Column name in the view.</param>
/// <param name="Type">Item type: a <see cref="NumberDataViewType"/>, <see cref="BooleanDataViewType"/> or <see cref="TextDataViewType"/>.</param>
/// <param name="Start">First source field.</param>
/// <param name="End">Last source field (defaults to <paramref name="Start"/>).</param>
public sealed record TextLoaderColumn(string Name, PrimitiveDataViewType Type, int Start, int? End = null)
{
    /// <summary>Last source field.</summary>
    public int Last => End ?? Start;

    /// <summary>Number of source fields read.</summary>
    public int Width => Last - Start + 1;
}
