using MlNetDeep.Model;
using Xunit;

namespace MlNetDeep.Conformance;

/// <summary>Byte-flip fuzzing of a component's zip entries, re-signed so every mutation reaches the component's own reader.</summary>
public static class ZipFuzz
{
    /// <summary>
    /// Flips 1 to 3 random bits in each named entry <paramref name="perEntry"/> times, re-signs, and loads. Every case must
    /// either load (then <paramref name="use"/> runs it, e.g. predicts) or raise a <see cref="ModelFormatException"/> naming an
    /// entry; anything else fails the test. Returns how many loaded and how many were refused.
    /// </summary>
    public static (int Loaded, int Refused) ResignedByteFlips(byte[] zip, IEnumerable<string> entries, int perEntry, int seed, Action<ITransformer> use)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(use);
        var rng = new Random(seed);
        int loaded = 0, refused = 0;
        foreach (string entry in entries)
        {
            for (int i = 0; i < perEntry; i++)
            {
                byte[] mutated = ZipRewriter.Resign(zip, entry, b =>
                {
                    b = (byte[])b.Clone();
                    for (int k = 1 + rng.Next(3); k > 0; k--) b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
                    return b;
                });
                try
                {
                    var m = new MLContext(1).Model.Load(new MemoryStream(mutated), out _);
                    use(m);
                    (m as IDisposable)?.Dispose();
                    loaded++;
                }
                catch (ModelFormatException e)
                {
                    Assert.False(string.IsNullOrEmpty(e.Entry));
                    refused++;
                }
            }
        }
        return (loaded, refused);
    }
}
