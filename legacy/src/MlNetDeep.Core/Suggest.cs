namespace MlNetDeep;

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
        if (Closest(given, list) is { } best) return $" Did you mean '{best}'?";
        return list.Count == 0 ? "" : $" Known {what}: {string.Join(", ", list.Order(StringComparer.Ordinal))}.";
    }

    /// <summary>The candidate closest to <paramref name="given"/> (ignoring case and separators) if it is within a few edits, else null.</summary>
    public static string? Closest(string given, IEnumerable<string> candidates)
    {
        string g = Normalize(given);
        var best = candidates.Select(c => (c, d: Distance(g, Normalize(c)))).OrderBy(x => x.d).ThenBy(x => x.c, StringComparer.Ordinal).FirstOrDefault();
        return best.c is not null && best.d <= Math.Max(2, g.Length / 3) ? best.c : null;
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
