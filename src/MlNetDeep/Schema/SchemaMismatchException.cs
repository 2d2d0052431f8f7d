namespace MlNetDeep.Schema;

/// <summary>
/// A column is missing or has the wrong type or shape. The message reads like
/// "Features: expected Vector&lt;Single, 784&gt;, got Vector&lt;Single, 1024&gt;".
/// Derives from <see cref="ArgumentOutOfRangeException"/>, as ML.NET's own schema errors do.
/// </summary>
public sealed class SchemaMismatchException : ArgumentOutOfRangeException
{
    /// <summary>Creates the exception for <paramref name="column"/>; <paramref name="received"/> null means the column is missing.</summary>
    public SchemaMismatchException(string column, string expected, string? received)
        : base(column, $"{column}: expected {expected}, got {received ?? "no such column"}.")
    {
        (Column, Expected, Received) = (column, expected, received);
    }

    /// <summary>The column.</summary>
    public string Column { get; }

    /// <summary>What was expected.</summary>
    public string Expected { get; }

    /// <summary>What the data has (null: the column is missing).</summary>
    public string? Received { get; }

    /// <inheritdoc />
    public override string Message => $"{Column}: expected {Expected}, got {Received ?? "no such column"}.";
}
