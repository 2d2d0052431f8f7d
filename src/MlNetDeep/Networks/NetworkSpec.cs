using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Networks;

/// <summary>
/// A feed-forward network as data: the shape of one input example and the layers in order.
/// <see cref="Build"/> turns it into a TorchSharp module that runs its layers in order
/// (<see cref="SpecSequential"/>: children "0", "1", …, so weights are named like PyTorch's
/// nn.Sequential; convolutions run in channels-last layout on the CPU) through an explicit switch over layer
/// types — nothing from a file becomes a type. Validated: every layer's sizes, and the shapes
/// flowing through the network, are checked by a dry run before a model is built or loaded.
/// </summary>
/// <param name="InputShape">Shape of one example, e.g. [1, 28, 28] or [784].</param>
/// <param name="Layers">The layers.</param>
public sealed record NetworkSpec(int[] InputShape, LayerSpec[] Layers)
{
    /// <summary>
    /// The project's reference CNN (the benchmarks' network): conv 32@3x3 - batch norm - ReLU -
    /// max-pool 2, conv 64@3x3 - batch norm - ReLU - max-pool 2, FC 128 - ReLU - dropout 0.3, FC
    /// classes; for images [C, H, W] (default [1, 28, 28], Fashion-MNIST's).
    /// </summary>
    public static NetworkSpec ReferenceCnn(int classes = 10, int[]? inputShape = null)
    {
        var (c, h, w) = Image(inputShape, 4, "ReferenceCnn");
        return new([c, h, w],
        [
            new("Conv2d", In: c, Out: 32, Kernel: 3, Stride: 1, Padding: 1), new("BatchNorm2d", Out: 32), new("ReLU"), new("MaxPool2d", Kernel: 2),
            new("Conv2d", In: 32, Out: 64, Kernel: 3, Stride: 1, Padding: 1), new("BatchNorm2d", Out: 64), new("ReLU"), new("MaxPool2d", Kernel: 2),
            new("Flatten"), new("Linear", In: 64L * (h / 4) * (w / 4), Out: 128), new("ReLU"), new("Dropout", P: 0.3), new("Linear", In: 128, Out: classes),
        ]);
    }

    /// <summary>
    /// A tiny CNN (about 26,000 weights for 28x28, a twentieth of the reference CNN): conv 8@3x3 -
    /// ReLU - max-pool 2, conv 16@3x3 - ReLU - max-pool 2, FC 32 - ReLU, FC classes.
    /// </summary>
    public static NetworkSpec TinyCnn(int classes = 10, int[]? inputShape = null)
    {
        var (c, h, w) = Image(inputShape, 4, "TinyCnn");
        return new([c, h, w],
        [
            new("Conv2d", In: c, Out: 8, Kernel: 3, Stride: 1, Padding: 1), new("ReLU"), new("MaxPool2d", Kernel: 2),
            new("Conv2d", In: 8, Out: 16, Kernel: 3, Stride: 1, Padding: 1), new("ReLU"), new("MaxPool2d", Kernel: 2),
            new("Flatten"), new("Linear", In: 16L * (h / 4) * (w / 4), Out: 32), new("ReLU"), new("Linear", In: 32, Out: classes),
        ]);
    }

    /// <summary>
    /// LeNet-5 (LeCun et al., 1998): conv 6@5x5 (padding 2) - tanh - avg-pool 2, conv 16@5x5 - tanh -
    /// avg-pool 2, FC 120 - tanh, FC 84 - tanh, FC classes; for images of at least 12x12 (default [1, 28, 28]).
    /// </summary>
    public static NetworkSpec LeNet5(int classes = 10, int[]? inputShape = null)
    {
        var (c, h, w) = Image(inputShape, 12, "LeNet5");
        long fh = (h / 2 - 4) / 2, fw = (w / 2 - 4) / 2;
        return new([c, h, w],
        [
            new("Conv2d", In: c, Out: 6, Kernel: 5, Stride: 1, Padding: 2), new("Tanh"), new("AvgPool2d", Kernel: 2),
            new("Conv2d", In: 6, Out: 16, Kernel: 5, Stride: 1), new("Tanh"), new("AvgPool2d", Kernel: 2),
            new("Flatten"), new("Linear", In: 16 * fh * fw, Out: 120), new("Tanh"), new("Linear", In: 120, Out: 84), new("Tanh"), new("Linear", In: 84, Out: classes),
        ]);
    }

    /// <summary>
    /// A small VGG-style net: two blocks of two 3x3 convolutions (32, then 64 channels) with batch
    /// norm and ReLU, each followed by max-pool 2, then FC 256 - dropout 0.5 - FC classes.
    /// </summary>
    public static NetworkSpec SmallVgg(int classes = 10, int[]? inputShape = null)
    {
        var (c, h, w) = Image(inputShape, 4, "SmallVgg");
        var l = new List<LayerSpec>();
        long channels = c;
        foreach (long width in new long[] { 32, 64 })
        {
            for (int i = 0; i < 2; i++)
            {
                l.Add(new("Conv2d", In: channels, Out: width, Kernel: 3, Stride: 1, Padding: 1));
                l.Add(new("BatchNorm2d", Out: width));
                l.Add(new("ReLU"));
                channels = width;
            }
            l.Add(new("MaxPool2d", Kernel: 2));
        }
        l.AddRange([new("Flatten"), new("Linear", In: 64L * (h / 4) * (w / 4), Out: 256), new("ReLU"), new("Dropout", P: 0.5), new("Linear", In: 256, Out: classes)]);
        return new NetworkSpec([c, h, w], l.ToArray());
    }

    /// <summary>
    /// A small ResNet: conv 16@3x3 - batch norm - ReLU, then residual blocks of 16, 32 (stride 2) and
    /// 64 (stride 2) channels, global average pooling and FC classes.
    /// </summary>
    public static NetworkSpec SmallResNet(int classes = 10, int[]? inputShape = null)
    {
        var (c, h, w) = Image(inputShape, 4, "SmallResNet");
        return new([c, h, w],
        [
            new("Conv2d", In: c, Out: 16, Kernel: 3, Stride: 1, Padding: 1), new("BatchNorm2d", Out: 16), new("ReLU"),
            new("ResidualBlock", In: 16, Out: 16, Stride: 1), new("ResidualBlock", In: 16, Out: 32, Stride: 2), new("ResidualBlock", In: 32, Out: 64, Stride: 2),
            new("GlobalAvgPool2d"), new("Flatten"), new("Linear", In: 64, Out: classes),
        ]);
    }

    /// <summary>An image shape [C, H, W] (default [1, 28, 28]) whose sides are at least <paramref name="least"/>.</summary>
    private static (int C, int H, int W) Image(int[]? shape, int least, string preset)
    {
        shape ??= [1, 28, 28];
        if (shape is not [var c, var h, var w] || c < 1 || h < least || w < least)
            throw new ArgumentException($"{preset} needs an image shape [C, H, W] with sides of at least {least}; got [{string.Join(", ", shape)}].");
        return (c, h, w);
    }

    /// <summary>
    /// A multilayer perceptron: (Flatten when the input has more than one dimension), then for
    /// each hidden size Linear, optional BatchNorm1d, the activation and optional Dropout, then
    /// a Linear output layer.
    /// </summary>
    public static NetworkSpec Mlp(int[] inputShape, int[] hidden, int outputs, string activation = "ReLU", double dropout = 0, bool batchNorm = false)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(hidden);
        long inputs = inputShape.Aggregate(1L, (a, b) => a * b);
        var layers = new List<LayerSpec>();
        if (inputShape.Length > 1) layers.Add(new("Flatten"));
        long previous = inputs;
        foreach (int h in hidden)
        {
            layers.Add(new("Linear", In: previous, Out: h));
            if (batchNorm) layers.Add(new("BatchNorm1d", Out: h));
            layers.Add(new(activation));
            if (dropout > 0) layers.Add(new("Dropout", P: dropout));
            previous = h;
        }
        layers.Add(new("Linear", In: previous, Out: outputs));
        return new NetworkSpec(inputShape, layers.ToArray());
    }

    /// <summary>
    /// A recurrent network over a sequence of vectors: <paramref name="inputShape"/> is read as
    /// steps of its last dimension ([1, 28, 28]: 28 rows of 28 pixels; [T, F]: T steps of F
    /// features). <paramref name="cell"/> ("LSTM" or "GRU") layers of <paramref name="hidden"/>
    /// units (stacked <paramref name="layers"/> deep, optionally bidirectional, with
    /// <paramref name="dropout"/> between stacked layers and before the head), whose final state
    /// feeds a Linear layer of <paramref name="outputs"/>.
    /// </summary>
    public static NetworkSpec Recurrent(int[] inputShape, int outputs, string cell = "GRU", int hidden = 128, int layers = 1, bool bidirectional = false, double dropout = 0)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length == 0) throw new ArgumentException("A recurrent network needs an input shape ending in the features per step.", nameof(inputShape));
        var spec = new List<LayerSpec> { new(cell, In: inputShape[^1], Out: hidden, P: layers > 1 ? dropout : 0, NumLayers: layers, Bidirectional: bidirectional) };
        if (dropout > 0) spec.Add(new("Dropout", P: dropout));
        spec.Add(new("Linear", In: hidden * (bidirectional ? 2 : 1), Out: outputs));
        return new NetworkSpec(inputShape, spec.ToArray());
    }

    /// <summary>
    /// A recurrent network over token ids: <paramref name="length"/> ids (a feature vector of
    /// floats holding whole numbers in [0, <paramref name="vocabulary"/>)) through an Embedding of
    /// <paramref name="embedding"/> values, then as <see cref="Recurrent"/>.
    /// </summary>
    public static NetworkSpec TokenRecurrent(int length, int vocabulary, int outputs, int embedding = 64, string cell = "GRU", int hidden = 128, int layers = 1,
        bool bidirectional = false, double dropout = 0)
    {
        var rnn = Recurrent([length, embedding], outputs, cell, hidden, layers, bidirectional, dropout);
        return new NetworkSpec([length], [new("Embedding", In: vocabulary, Out: embedding), .. rnn.Layers]);
    }

    /// <summary>Multinomial logistic regression: one linear layer (softmax is applied to the scores).</summary>
    public static NetworkSpec Linear(int inputs, int classes) => new([inputs], [new("Linear", In: inputs, Out: classes)]);

    /// <summary>The number of values in one example's input.</summary>
    public long InputSize => NetworkShapes.ToLongs(InputShape).Aggregate(1L, (a, b) => checked(a * b));

    /// <summary>
    /// Builds the network with fresh parameters: PyTorch's default initialization drawn from a
    /// generator seeded with <paramref name="seed"/> (<see cref="Initialization"/>), and Dropout
    /// layers that draw from generators of their own (<see cref="SeededDropout"/>), so the same seed
    /// gives the same network and the same training run whatever else the process draws. The
    /// layers' shapes are checked first (<see cref="NetworkShapes.Of"/>), so a spec that does not
    /// fit names its layer before anything is allocated.
    /// </summary>
    /// <param name="seed">The seed (null: a random one).</param>
    /// <exception cref="ArgumentException">A layer is unknown, has invalid sizes, or does not fit the shape it receives.</exception>
    public nn.Module<Tensor, Tensor> Build(int? seed = null)
    {
        Runtime.TorchRuntime.Initialize();
        NetworkShapes.Of(this);
        long root = seed ?? Random.Shared.Next();
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>(Layers.Length);
        try
        {
            for (int i = 0; i < Layers.Length; i++)
            {
                var layer = Layers[i] ?? throw new ArgumentException($"Layer {i} is missing.");
                var module = InPlace(layer, i > 0 ? Layers[i - 1] : null) ?? Make(layer, i, root);
                layers.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), module));
            }
        }
        catch
        {
            foreach (var (_, m) in layers) m.Dispose();
            throw;
        }
        var network = new SpecSequential(layers, Layers.Select(l => l.Type is "Conv2d" or "ResidualBlock").ToArray());
        using var generator = new Generator((ulong)root);
        Initialization.Reset(network, generator);
        return network;
    }

    /// <summary>Layers whose backward pass needs their input but not their output: an activation may overwrite that output in place.</summary>
    private static readonly HashSet<string> OverwritableOutputs = ["Linear", "Conv2d", "ConvTranspose2d", "BatchNorm1d", "BatchNorm2d", "MaxPool2d", "AvgPool2d"];

    /// <summary>An in-place version of activation <paramref name="l"/> when the layer before it allows one (it never does for the first layer: the input is the caller's).</summary>
    private static nn.Module<Tensor, Tensor>? InPlace(LayerSpec l, LayerSpec? previous) =>
        previous is not null && OverwritableOutputs.Contains(previous.Type) && l.Type is "ReLU" or "LeakyReLU" or "Tanh" or "Sigmoid"
            ? new InPlaceActivation(l.Type, l.Type == "LeakyReLU" ? (l.P == 0 ? 0.01 : l.P) : 0)
            : null;

    private static nn.Module<Tensor, Tensor> Make(LayerSpec l, int i, long seed)
    {
        string where = $"Layer {i} ({l.Type})";
        long Pos(long v, string name) => v > 0 && v <= 1 << 24 ? v : throw new ArgumentException($"{where}: {name} must be in 1..{1 << 24}; got {v}.");
        return l.Type switch
        {
            "Linear" => nn.Linear(Pos(l.In, "In"), Pos(l.Out, "Out")),
            "Conv2d" => nn.Conv2d(Pos(l.In, "In"), Pos(l.Out, "Out"), Pos(l.Kernel, "Kernel"), stride: l.Stride <= 0 ? 1 : l.Stride, padding: Math.Max(0, l.Padding)),
            "BatchNorm1d" => nn.BatchNorm1d(Pos(l.Out, "Out")),
            "BatchNorm2d" => nn.BatchNorm2d(Pos(l.Out, "Out")),
            "MaxPool2d" => nn.MaxPool2d(Pos(l.Kernel, "Kernel"), l.Stride <= 0 ? null : l.Stride),
            "AvgPool2d" => nn.AvgPool2d(Pos(l.Kernel, "Kernel"), l.Stride <= 0 ? null : l.Stride),
            "ResidualBlock" => new ResidualBlock(Pos(l.In, "In"), Pos(l.Out, "Out"), l.Stride <= 0 ? 1 : l.Stride),
            "GlobalAvgPool2d" => nn.AdaptiveAvgPool2d(1),
            "Flatten" => nn.Flatten(),
            "Dropout" => l.P is >= 0 and < 1 ? new SeededDropout(l.P, unchecked(seed * 1_000_003 + i)) : throw new ArgumentException($"{where}: P must be in [0, 1); got {l.P}."),
            "ReLU" => nn.ReLU(),
            "LeakyReLU" => nn.LeakyReLU(l.P == 0 ? 0.01 : l.P),
            "Tanh" => nn.Tanh(),
            "Sigmoid" => nn.Sigmoid(),
            "GELU" => nn.GELU(),
            "LSTM" or "GRU" => l.NumLayers is < 0 or > 64 ? throw new ArgumentException($"{where}: NumLayers must be in 0..64; got {l.NumLayers}.")
                : l.P is < 0 or >= 1 ? throw new ArgumentException($"{where}: P (dropout) must be in [0, 1); got {l.P}.")
                : new RecurrentLayer(l.Type, Pos(l.In, "In"), Pos(l.Out, "Out"), Math.Max(1, l.NumLayers), l.Bidirectional, l.P, l.ReturnSequences),
            "Embedding" => new TokenEmbedding(Pos(l.In, "In"), Pos(l.Out, "Out")),
            "ConvTranspose2d" => nn.ConvTranspose2d(Pos(l.In, "In"), Pos(l.Out, "Out"), Pos(l.Kernel, "Kernel"), stride: l.Stride <= 0 ? 1 : l.Stride, padding: Math.Max(0, l.Padding)),
            "Reshape" => l.Shape is { Length: > 0 and <= 8 } s && s.All(d => d > 0) ? new ReshapeLayer(s) : throw new ArgumentException($"{where}: Shape must list 1 to 8 positive sizes."),
            _ => throw new ArgumentException($"{where}: unknown layer type '{l.Type}'."),
        };
    }
}
