namespace MlNetDeep.Cli;

/// <summary>One cell of the CSV files the commands write (RFC 4180 quoting).</summary>
internal static class CsvCell
{
    /// <summary>The text as a cell: quoted, with quotes doubled, when it holds a comma, a quote or a line break.</summary>
    public static string Of(string text) => text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
