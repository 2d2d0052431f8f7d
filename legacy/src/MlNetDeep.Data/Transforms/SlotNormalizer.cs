namespace MlNetDeep.Data.Transforms;

/// <summary>
/// One slot's learned normalization, as data (so it can be saved): affine (x + Offset) * Scale,
/// constant zero, the log-normal CDF with Mu and Sigma, or equal-frequency bins with upper Edges.
/// NaN always stays NaN.
/// </summary>
internal sealed record SlotNormalizer(SlotNormalizer.Kinds Kind, double Scale = 1, double Offset = 0, double Mu = 0, double Sigma = 0, float[]? Edges = null)
{
    internal enum Kinds { Identity, Zero, Affine, LogCdf, Bins }

    internal static SlotNormalizer Identity { get; } = new(Kinds.Identity);
    internal static SlotNormalizer Zero { get; } = new(Kinds.Zero);
    internal static SlotNormalizer Affine(double scale, double offset) => new(Kinds.Affine, scale, offset);

    /// <summary>Whether the parameters can be applied (checked when loading a model).</summary>
    internal bool IsValid => Kind switch
    {
        Kinds.Identity or Kinds.Zero => true,
        Kinds.Affine => double.IsFinite(Scale) && double.IsFinite(Offset),
        Kinds.LogCdf => double.IsFinite(Mu) && double.IsFinite(Sigma) && Sigma >= 0,
        Kinds.Bins => Edges is { Length: > 0 } e && e.All(float.IsFinite) && e.Zip(e.Skip(1)).All(p => p.First < p.Second),
        _ => false,
    };

    internal float Apply(float x)
    {
        if (float.IsNaN(x)) return x;
        switch (Kind)
        {
            case Kinds.Identity: return x;
            case Kinds.Zero: return 0;
            case Kinds.Affine: return (float)((x + Offset) * Scale);
            case Kinds.LogCdf:
                if (x <= 0) return 0;
                return Sigma == 0 ? (Math.Log(x) >= Mu ? 1 : 0) : (float)SlotStatistics.NormalCdf((Math.Log(x) - Mu) / Sigma);
            default:
            {
                float[] edges = Edges!;
                int j = Array.BinarySearch(edges, x);
                if (j < 0) j = Math.Min(~j, edges.Length - 1);
                return (float)j / Math.Max(1, edges.Length - 1);
            }
        }
    }
}
