using MlNetDeep.Networks;

namespace MlNetDeep.Catalogs;

/// <summary>The catalog methods' default networks, by the features' shape and the outputs the label needs.</summary>
internal static class NetworkDefaults
{
    /// <summary>The features as an image [C, H, W]: their own three dimensions, or a square grey image for a flat vector of a square size.</summary>
    /// <exception cref="ArgumentException">Neither.</exception>
    internal static int[] Image(int[] shape, string method)
    {
        if (shape.Length == 3) return shape;
        if (shape.Length == 1 && (int)Math.Round(Math.Sqrt(shape[0])) is var side && side * side == shape[0]) return [1, side, side];
        throw new ArgumentException(
            $"{method} reads images [C, H, W]; the features are shaped [{string.Join(", ", shape)}]. Set InputShape (e.g. [3, 32, 32]) in the options or the inputShape argument.");
    }

    internal static Func<int[], int, NetworkSpec> Cnn => (shape, outputs) => NetworkSpec.ReferenceCnn(outputs, Image(shape, "Cnn"));

    internal static Func<int[], int, NetworkSpec> LeNet5 => (shape, outputs) => NetworkSpec.LeNet5(outputs, Image(shape, "LeNet5"));

    internal static Func<int[], int, NetworkSpec> Mlp(int[]? hidden, double dropout = 0, bool batchNorm = false) =>
        (shape, outputs) => NetworkSpec.Mlp(shape, hidden ?? [256, 128], outputs, "ReLU", dropout, batchNorm);

    internal static Func<int[], int, NetworkSpec> Required(string method) => (_, _) =>
        throw new ArgumentException($"{method} trains the network its options name: set Network (e.g. NetworkSpec.SmallResNet(classes)).");
}
