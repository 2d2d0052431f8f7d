namespace MlNetDeep.Data.Text;

/// <summary>A row of a text file could not be read. Names the file, the 1-based line and column (field) and what was wrong.</summary>
public sealed class TextLoaderException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public TextLoaderException(string file, long line, int? column, string problem)
        : base($"{file}:{line}{(column is { } c ? $", column {c + 1}" : "")}: {problem}")
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file.</summary>
    public string File { get; }

    /// <summary>1-based line number where the record starts.</summary>
    public long Line { get; }

    /// <summary>0-based field index, when one field is at fault.</summary>
    public int? Column { get; }

    /// <summary>What was wrong.</summary>
    public string Problem { get; }
}
