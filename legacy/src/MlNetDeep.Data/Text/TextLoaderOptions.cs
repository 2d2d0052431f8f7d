namespace MlNetDeep.Data.Text;

/// <summary>Options of the text/CSV/TSV loader.</summary>
public sealed record TextLoaderOptions
{
    /// <summary>Field separator (',' for CSV, '\t' for TSV).</summary>
    public char Separator { get; init; } = ',';

    /// <summary>Whether the first line holds column names.</summary>
    public bool HasHeader { get; init; }

    /// <summary>Whether double-quoted fields (RFC 4180: "" escapes a quote; separators and newlines allowed inside) are recognized.</summary>
    public bool AllowQuoting { get; init; } = true;

    /// <summary>Whether spaces around fields are removed.</summary>
    public bool TrimWhitespace { get; init; }

    /// <summary>
    /// Columns to read; null infers them from the header and the first <see cref="InferenceRows"/>
    /// rows (a field column whose non-empty values all parse as numbers becomes Single, all
    /// true/false Boolean, anything else String).
    /// </summary>
    public IReadOnlyList<TextLoaderColumn>? Columns { get; init; }

    /// <summary>
    /// When true a malformed row (wrong field count, unparsable value, empty integer) is skipped
    /// and counted in <see cref="TextLoaderView.SkippedRows"/>; when false (default) it raises
    /// <see cref="TextLoaderException"/> naming file, line and column.
    /// </summary>
    public bool SkipMalformedRows { get; init; }

    /// <summary>Rows read to infer column types.</summary>
    public int InferenceRows { get; init; } = 1000;
}
