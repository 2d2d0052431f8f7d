using MlNetDeep.Deep.Networks;

namespace MlNetDeep.Deep.Transfer;

/// <summary>
/// Names and blocks of a network spec's layers, for freezing and feature extraction.
/// A layer's name is its type in lower case and its ordinal among layers of that type, Keras
/// style: <c>conv2d_0</c>, <c>batchnorm2d_0</c>, <c>relu_0</c>, …, <c>linear_1</c>. A block
/// starts at each layer with weights of its own (Linear, Conv2d, ConvTranspose2d,
/// ResidualBlock, LSTM, GRU, Embedding) and takes the batch norms, activations, pooling and
/// dropout after it, so the reference CNN has four blocks: two convolutional, the hidden
/// dense layer and the classifier head.
/// </summary>
public static class NetworkLayers
{
    private static readonly HashSet<string> s_blockStarts = new(StringComparer.Ordinal)
        { "Linear", "Conv2d", "ConvTranspose2d", "ResidualBlock", "LSTM", "GRU", "Embedding" };

    /// <summary>The layers' names, in order.</summary>
    public static string[] Names(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return spec.Layers.Select(l =>
        {
            string type = l.Type.ToLowerInvariant();
            int n = seen.GetValueOrDefault(type);
            seen[type] = n + 1;
            return $"{type}_{n}";
        }).ToArray();
    }

    /// <summary>The block of each layer (0-based; layers before the first weighted layer join block 0).</summary>
    public static int[] Blocks(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var blocks = new int[spec.Layers.Length];
        int block = -1;
        for (int i = 0; i < blocks.Length; i++)
        {
            if (s_blockStarts.Contains(spec.Layers[i].Type)) block++;
            blocks[i] = Math.Max(0, block);
        }
        return blocks;
    }

    /// <summary>The index of the layer named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No layer has that name; the message lists the names.</exception>
    public static int IndexOf(NetworkSpec spec, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string[] names = Names(spec);
        int i = Array.IndexOf(names, name);
        return i >= 0 ? i : throw new ArgumentException($"The network has no layer '{name}'{Suggestion(name, names)}. Its layers: {string.Join(", ", names)}.");
    }

    /// <summary>The indices of the layers whose names match <paramref name="pattern"/> (<c>*</c> any run of characters, <c>?</c> one character).</summary>
    /// <exception cref="ArgumentException">No layer matches; the message lists the names.</exception>
    public static int[] Matching(NetworkSpec spec, string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        string[] names = Names(spec);
        int[] found = Enumerable.Range(0, names.Length).Where(i => Glob(pattern, names[i])).ToArray();
        return found.Length > 0 ? found
            : throw new ArgumentException($"No layer matches '{pattern}'{Suggestion(pattern, names)}. The layers: {string.Join(", ", names)}.");
    }

    private static string Suggestion(string wanted, string[] names) => Suggest.Closest(wanted, names) is { } best ? $" (did you mean '{best}'?)" : "";

    /// <summary>The layer index of a state-dict name (<c>4.weight</c> → 4; the spec's networks name their layers by position).</summary>
    internal static int LayerOf(string stateName) =>
        int.Parse(stateName.AsSpan(0, stateName.IndexOf('.', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="name"/> matches the glob <paramref name="pattern"/> (ordinal, whole name).</summary>
    internal static bool Glob(string pattern, string name)
    {
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n])) { p++; n++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = n; }
            else if (star >= 0) { p = star + 1; n = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
