namespace MlNetDeep;

/// <summary>A column a pipeline step needs is missing or has the wrong type. Names the column, the expected and the actual type.</summary>
public sealed class SchemaMismatchException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public SchemaMismatchException(string column, string expected, string? actual)
        : base(actual is null
            ? $"Column '{column}' not found; expected {expected}."
            : $"Column '{column}' has type {actual}; expected {expected}.")
    {
        Column = column;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The column at fault.</summary>
    public string Column { get; }

    /// <summary>What the step needs.</summary>
    public string Expected { get; }

    /// <summary>What the input has, or null when the column is missing.</summary>
    public string? Actual { get; }
}
