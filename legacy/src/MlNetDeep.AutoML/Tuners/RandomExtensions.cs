namespace MlNetDeep.AutoML.Tuners;

/// <summary>Draws the tuners share.</summary>
internal static class RandomExtensions
{
    /// <summary>A standard normal draw (Box–Muller; consumes two uniform draws).</summary>
    internal static double NextGaussian(this Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
