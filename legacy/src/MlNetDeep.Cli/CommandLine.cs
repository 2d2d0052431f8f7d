using System.Globalization;

namespace MlNetDeep.Cli;

/// <summary>
/// A command's arguments: positionals, <c>--name value</c> options and <c>--flag</c>s, each
/// known to the command. Anything else is a <see cref="UsageException"/> (exit code 2).
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public CommandLine(string[] args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flags)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--") { Positionals.Add(a); continue; }
            if (flags.Contains(a)) { _flags.Add(a); continue; }
            if (!valueOptions.Contains(a))
                throw new UsageException($"Unknown option '{a}'.{Suggest.Hint(a, valueOptions.Concat(flags), "options")}");
            if (i + 1 >= args.Length) throw new UsageException($"{a} needs a value.");
            _values[a] = args[++i];
        }
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public int? PositiveInt(string name)
    {
        if (Value(name) is not { } v) return null;
        return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : throw new UsageException($"{name} must be a positive integer. Received: '{v}'.");
    }

    public double? PositiveDouble(string name)
    {
        if (Value(name) is not { } v) return null;
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d > 0
            ? d : throw new UsageException($"{name} must be a positive number. Received: '{v}'.");
    }

    /// <summary>The positional at <paramref name="index"/>, or a usage error naming it.</summary>
    public string Positional(int index, string what) =>
        index < Positionals.Count ? Positionals[index] : throw new UsageException($"Missing {what}.");

    public void AtMostPositionals(int count)
    {
        if (Positionals.Count > count) throw new UsageException($"Unexpected argument '{Positionals[count]}'.");
    }
}
