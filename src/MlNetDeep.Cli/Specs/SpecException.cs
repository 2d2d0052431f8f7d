using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlNetDeep.Cli.Specs;

/// <summary>A pipeline spec is wrong: the message names the file, line and column, and what to write instead.</summary>
internal sealed class SpecException(string file, long line, long column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;
    public long Line { get; } = line;
    public long Column { get; } = column;
    public string Problem { get; } = problem;

    public static SpecException At(string file, YamlNode node, string problem) => new(file, node.Start.Line, node.Start.Column, problem);

    public static SpecException At(string file, Mark mark, string problem) => new(file, mark.Line, mark.Column, problem);
}

/// <summary>"Did you mean" suggestions for misspelt names.</summary>
internal static class Suggest
{
    /// <summary>Lower case without '_', '-' and spaces: batch_size, batchSize and BatchSize are one name.</summary>
    public static string Normalize(string name)
    {
        Span<char> buf = stackalloc char[name.Length];
        int n = 0;
        foreach (char c in name)
            if (c is not ('_' or '-' or ' ')) buf[n++] = char.ToLowerInvariant(c);
        return new string(buf[..n]);
    }

    /// <summary>" Did you mean 'x'?" for the closest candidate within a few edits, else the list of candidates.</summary>
    public static string Hint(string given, IEnumerable<string> candidates, string what)
    {
        var list = candidates.Distinct().ToList();
        string g = Normalize(given);
        var best = list.Select(c => (c, d: Distance(g, Normalize(c)))).OrderBy(x => x.d).ThenBy(x => x.c, StringComparer.Ordinal).FirstOrDefault();
        if (best.c is not null && best.d <= Math.Max(2, g.Length / 3)) return $" Did you mean '{best.c}'?";
        return list.Count == 0 ? "" : $" Known {what}: {string.Join(", ", list.Order(StringComparer.Ordinal))}.";
    }

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
