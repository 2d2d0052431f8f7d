using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Networks;

/// <summary>
/// A feed-forward network as data: the shape of one input example and the layers in order.
/// <see cref="Build"/> turns it into an engine <see cref="Sequential"/> (children "0", "1", …,
/// so weights are named like PyTorch's nn.Sequential) through an explicit switch over layer
/// types — nothing from a file becomes a type. Validated: every layer's sizes, and the shapes
/// flowing through the network, are checked by a dry run before a model is built or loaded.
/// </summary>
/// <param name="InputShape">Shape of one example, e.g. [1, 28, 28] or [784].</param>
/// <param name="Layers">The layers.</param>
public sealed record NetworkSpec(int[] InputShape, LayerSpec[] Layers)
{
    /// <summary>The project's reference CNN (the engine benchmark's network) for 28x28 grey images.</summary>
    public static NetworkSpec ReferenceCnn(int classes = 10) => new([1, 28, 28],
    [
        new("Conv2d", In: 1, Out: 32, Kernel: 3, Stride: 1, Padding: 1), new("BatchNorm2d", Out: 32), new("ReLU"), new("MaxPool2d", Kernel: 2),
        new("Conv2d", In: 32, Out: 64, Kernel: 3, Stride: 1, Padding: 1), new("BatchNorm2d", Out: 64), new("ReLU"), new("MaxPool2d", Kernel: 2),
        new("Flatten"), new("Linear", In: 64 * 7 * 7, Out: 128), new("ReLU"), new("Dropout", P: 0.3), new("Linear", In: 128, Out: classes),
    ]);

    /// <summary>
    /// A tiny CNN for 28x28 grey images (about 26,000 weights, a twentieth of the reference CNN; the
    /// default student of distillation): conv 8@3x3 - ReLU - max-pool 2, conv 16@3x3 - ReLU -
    /// max-pool 2, FC 32 - ReLU, FC classes.
    /// </summary>
    public static NetworkSpec TinyCnn(int classes = 10) => new([1, 28, 28],
    [
        new("Conv2d", In: 1, Out: 8, Kernel: 3, Stride: 1, Padding: 1), new("ReLU"), new("MaxPool2d", Kernel: 2),
        new("Conv2d", In: 8, Out: 16, Kernel: 3, Stride: 1, Padding: 1), new("ReLU"), new("MaxPool2d", Kernel: 2),
        new("Flatten"), new("Linear", In: 16 * 7 * 7, Out: 32), new("ReLU"), new("Linear", In: 32, Out: classes),
    ]);

    /// <summary>
    /// LeNet-5 (LeCun et al., 1998) for 28x28 grey images: conv 6@5x5 (padding 2) - tanh -
    /// avg-pool 2, conv 16@5x5 - tanh - avg-pool 2, FC 120 - tanh, FC 84 - tanh, FC classes.
    /// </summary>
    public static NetworkSpec LeNet5(int classes = 10) => new([1, 28, 28],
    [
        new("Conv2d", In: 1, Out: 6, Kernel: 5, Stride: 1, Padding: 2), new("Tanh"), new("AvgPool2d", Kernel: 2),
        new("Conv2d", In: 6, Out: 16, Kernel: 5, Stride: 1), new("Tanh"), new("AvgPool2d", Kernel: 2),
        new("Flatten"), new("Linear", In: 16 * 5 * 5, Out: 120), new("Tanh"), new("Linear", In: 120, Out: 84), new("Tanh"), new("Linear", In: 84, Out: classes),
    ]);

    /// <summary>
    /// A small VGG-style net for 28x28 grey images: two blocks of two 3x3 convolutions (32, then
    /// 64 channels) with batch norm and ReLU, each followed by max-pool 2, then FC 256 - dropout
    /// 0.5 - FC classes.
    /// </summary>
    public static NetworkSpec SmallVgg(int classes = 10)
    {
        var l = new List<LayerSpec>();
        long channels = 1;
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
        l.AddRange([new("Flatten"), new("Linear", In: 64 * 7 * 7, Out: 256), new("ReLU"), new("Dropout", P: 0.5), new("Linear", In: 256, Out: classes)]);
        return new NetworkSpec([1, 28, 28], l.ToArray());
    }

    /// <summary>
    /// A small ResNet for 28x28 grey images: conv 16@3x3 - batch norm - ReLU, then residual
    /// blocks 16, 32 (stride 2) and 64 (stride 2) channels, global average pooling and FC classes.
    /// </summary>
    public static NetworkSpec SmallResNet(int classes = 10) => new([1, 28, 28],
    [
        new("Conv2d", In: 1, Out: 16, Kernel: 3, Stride: 1, Padding: 1), new("BatchNorm2d", Out: 16), new("ReLU"),
        new("ResidualBlock", In: 16, Out: 16, Stride: 1), new("ResidualBlock", In: 16, Out: 32, Stride: 2), new("ResidualBlock", In: 32, Out: 64, Stride: 2),
        new("GlobalAvgPool2d"), new("Flatten"), new("Linear", In: 64, Out: classes),
    ]);

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

    /// <summary>Builds the network with fresh (PyTorch-default) parameters.</summary>
    /// <exception cref="ArgumentException">A layer is unknown or has invalid sizes.</exception>
    public Sequential Build()
    {
        if (InputShape is not { Length: > 0 } || !NetworkShapes.AllPositive(InputShape))
            throw new ArgumentException($"Input shape [{string.Join(", ", InputShape ?? [])}] must have positive sizes.");
        if (Layers is not { Length: > 0 }) throw new ArgumentException("A network needs at least one layer.");
        var net = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        try
        {
            for (int i = 0; i < Layers.Length; i++) net.Append(Make(Layers[i] ?? throw new ArgumentException($"Layer {i} is missing."), i));
        }
        catch
        {
            net.Dispose();
            throw;
        }
        return net;
    }

    private static Module<Tensor, Tensor> Make(LayerSpec l, int i)
    {
        string where = $"Layer {i} ({l.Type})";
        long Pos(long v, string name) => v > 0 && v <= 1 << 24 ? v : throw new ArgumentException($"{where}: {name} must be in 1..{1 << 24}; got {v}.");
        return l.Type switch
        {
            "Linear" => new Linear(Pos(l.In, "In"), Pos(l.Out, "Out")),
            "Conv2d" => new Conv2d(Pos(l.In, "In"), Pos(l.Out, "Out"), Pos(l.Kernel, "Kernel"), l.Stride <= 0 ? 1 : l.Stride, Math.Max(0, l.Padding)),
            "BatchNorm1d" => new BatchNorm1d(Pos(l.Out, "Out")),
            "BatchNorm2d" => new BatchNorm2d(Pos(l.Out, "Out")),
            "MaxPool2d" => new MaxPool2d(Pos(l.Kernel, "Kernel"), l.Stride <= 0 ? null : l.Stride),
            "AvgPool2d" => new AvgPool2d(Pos(l.Kernel, "Kernel"), l.Stride <= 0 ? null : l.Stride),
            "ResidualBlock" => new ResidualBlock(Pos(l.In, "In"), Pos(l.Out, "Out"), l.Stride <= 0 ? 1 : l.Stride),
            "GlobalAvgPool2d" => new AdaptiveAvgPool2d(1, 1),
            "Flatten" => new Flatten(),
            "Dropout" => l.P is >= 0 and < 1 ? new Dropout(l.P) : throw new ArgumentException($"{where}: P must be in [0, 1); got {l.P}."),
            "ReLU" => new ReLU(),
            "LeakyReLU" => new LeakyReLU(l.P == 0 ? 0.01 : l.P),
            "Tanh" => new Tanh(),
            "Sigmoid" => new Sigmoid(),
            "GELU" => new GELU(),
            "LSTM" or "GRU" => l.NumLayers is < 0 or > 64 ? throw new ArgumentException($"{where}: NumLayers must be in 0..64; got {l.NumLayers}.")
                : l.P is < 0 or >= 1 ? throw new ArgumentException($"{where}: P (dropout) must be in [0, 1); got {l.P}.")
                : new RecurrentLayer(l.Type, Pos(l.In, "In"), Pos(l.Out, "Out"), Math.Max(1, l.NumLayers), l.Bidirectional, l.P, l.ReturnSequences),
            "Embedding" => new TokenEmbedding(Pos(l.In, "In"), Pos(l.Out, "Out")),
            "ConvTranspose2d" => new ConvTranspose2d(Pos(l.In, "In"), Pos(l.Out, "Out"), Pos(l.Kernel, "Kernel"), l.Stride <= 0 ? 1 : l.Stride, Math.Max(0, l.Padding)),
            "Reshape" => l.Shape is { Length: > 0 and <= 8 } s && s.All(d => d > 0) ? new ReshapeLayer(s) : throw new ArgumentException($"{where}: Shape must list 1 to 8 positive sizes."),
            _ => throw new ArgumentException($"{where}: unknown layer type '{l.Type}'."),
        };
    }

    /// <summary>The output shape of one example (from a dry run on zeros), e.g. [10].</summary>
    /// <exception cref="ArgumentException">The layers' shapes do not fit together; the message has libtorch's reason.</exception>
    public long[] OutputShape(Sequential net)
    {
        ArgumentNullException.ThrowIfNull(net);
        using var scope = Engine.NewDisposeScope();
        using var noGrad = Engine.NoGrad();
        bool training = net.IsTraining;
        net.Eval();
        try
        {
            Tensor x = Tensors.Zeros(NetworkShapes.ToLongs(InputShape, batch: 1));
            long[] shape = net.Forward(x).Shape;
            var perExample = new long[shape.Length - 1];
            Array.Copy(shape, 1, perExample, 0, perExample.Length);
            return perExample;
        }
        catch (TorchException e)
        {
            throw new ArgumentException($"The layers do not fit an input of shape [{string.Join(", ", InputShape)}]: {e.Message}", e);
        }
        finally
        {
            net.Train(training);
        }
    }
}
