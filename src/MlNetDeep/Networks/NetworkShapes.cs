namespace MlNetDeep.Networks;

/// <summary>What a <see cref="NetworkSpec"/> costs, worked out in managed code before anything is allocated.</summary>
/// <param name="StateElements">Values in the state dict: parameters and buffers (batch-norm statistics and counters).</param>
/// <param name="OutputShape">Shape of one example's output.</param>
/// <param name="LargestActivation">Values in the largest activation of one example (input included).</param>
public sealed record NetworkShapes(long StateElements, long[] OutputShape, long LargestActivation)
{
    /// <summary>
    /// Propagates the input shape through the layers with checked arithmetic. A model loader
    /// compares <see cref="StateElements"/> with its weights entry and caps
    /// <see cref="LargestActivation"/> before building, so a crafted spec cannot make libtorch
    /// allocate more than the file's caps allow.
    /// </summary>
    /// <exception cref="ArgumentException">A layer does not fit the shape it receives, or a size overflows; the message names the layer.</exception>
    public static NetworkShapes Of(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.InputShape is not { Length: > 0 } || !AllPositive(spec.InputShape))
            throw new ArgumentException($"Input shape [{string.Join(", ", spec.InputShape ?? [])}] must have positive sizes.");
        if (spec.Layers is not { Length: > 0 }) throw new ArgumentException("A network needs at least one layer.");
        long[] shape = ToLongs(spec.InputShape);
        long state = 0, largest = 0;
        try
        {
            largest = Count(shape);
            for (int i = 0; i < spec.Layers.Length; i++)
            {
                var l = spec.Layers[i] ?? throw new ArgumentException($"Layer {i} is missing.");
                if (!InRange(l.In) || !InRange(l.Out) || !InRange(l.Kernel) || !InRange(l.Stride) || !InRange(l.Padding))
                    throw new ArgumentException($"Layer {i} ({l.Type}): sizes must be in 0..{1 << 24}; got In {l.In}, Out {l.Out}, Kernel {l.Kernel}, Stride {l.Stride}, Padding {l.Padding}.");
                (shape, long s) = Step(l, shape, $"Layer {i} ({l.Type})");
                state = checked(state + s);
                largest = Math.Max(largest, Count(shape));
            }
        }
        catch (OverflowException)
        {
            throw new ArgumentException("The network's sizes overflow a 64-bit count.");
        }
        return new NetworkShapes(state, shape, largest);
    }

    private static bool InRange(long size) => size is >= 0 and <= 1 << 24;

    private static long Count(long[] shape)
    {
        long n = 1;
        foreach (long d in shape) n = checked(n * d);
        return n;
    }

    // Plain loops rather than LINQ over ints and longs: generic code over value types is not
    // precompiled (ReadyToRun), and these run on every model's cold load.

    /// <summary>Whether every size is positive.</summary>
    internal static bool AllPositive(int[] dims)
    {
        foreach (int d in dims)
            if (d <= 0) return false;
        return true;
    }

    /// <summary>The sizes as longs, optionally after a leading batch size.</summary>
    internal static long[] ToLongs(int[] dims, long? batch = null)
    {
        int offset = batch is null ? 0 : 1;
        var result = new long[dims.Length + offset];
        if (batch is long b) result[0] = b;
        for (int i = 0; i < dims.Length; i++) result[offset + i] = dims[i];
        return result;
    }

    private static (long[] Shape, long State) Step(LayerSpec l, long[] x, string where)
    {
        string Got() => $"[{string.Join(", ", x)}]";
        long Image(long size, long kernel, long stride, long padding, string axis)
        {
            if (kernel < 1 || stride < 1) throw new ArgumentException($"{where}: Kernel and Stride must be >= 1; got Kernel {kernel}, Stride {stride}.");
            long o = (size + 2 * padding - kernel) / stride + 1;
            return size + 2 * padding >= kernel && o > 0 ? o : throw new ArgumentException($"{where}: kernel {kernel} does not fit the {axis} {size} of input {Got()}.");
        }
        (long C, long H, long W) Chw(long channels)
        {
            if (x.Length != 3) throw new ArgumentException($"{where} needs a [C, H, W] input; it receives {Got()}.");
            if (channels > 0 && x[0] != channels) throw new ArgumentException($"{where} expects {channels} channels; it receives {Got()}.");
            return (x[0], x[1], x[2]);
        }
        long stride = l.Stride <= 0 ? 1 : l.Stride;
        switch (l.Type)
        {
            case "Linear":
                if (x[^1] != l.In) throw new ArgumentException($"{where} expects {l.In} input features; it receives {Got()}.");
                return ([.. x[..^1], l.Out], checked(l.In * l.Out + l.Out));
            case "Conv2d":
            {
                var (_, h, w) = Chw(l.In);
                return ([l.Out, Image(h, l.Kernel, stride, l.Padding, "height"), Image(w, l.Kernel, stride, l.Padding, "width")],
                    checked(l.In * l.Out * l.Kernel * l.Kernel + l.Out));
            }
            case "BatchNorm1d":
                if (x[0] != l.Out) throw new ArgumentException($"{where} expects {l.Out} features; it receives {Got()}.");
                return (x, checked(4 * l.Out + 1));
            case "BatchNorm2d":
                Chw(l.Out);
                return (x, checked(4 * l.Out + 1));
            case "MaxPool2d" or "AvgPool2d":
            {
                var (c, h, w) = Chw(0);
                long s = l.Stride <= 0 ? l.Kernel : l.Stride;
                return ([c, Image(h, l.Kernel, s, 0, "height"), Image(w, l.Kernel, s, 0, "width")], 0);
            }
            case "ResidualBlock":
            {
                var (_, h, w) = Chw(l.In);
                long convs = checked(l.In * l.Out * 9 + l.Out * l.Out * 9 + 2 * (4 * l.Out + 1));
                if (stride != 1 || l.In != l.Out) convs = checked(convs + l.In * l.Out + 4 * l.Out + 1);
                return ([l.Out, Image(h, 3, stride, 1, "height"), Image(w, 3, stride, 1, "width")], convs);
            }
            case "GlobalAvgPool2d":
            {
                var (c, _, _) = Chw(0);
                return ([c, 1, 1], 0);
            }
            case "Flatten":
                return ([Count(x)], 0);
            case "LSTM" or "GRU":
            {
                if (x[^1] != l.In || l.In <= 0 || l.Out <= 0)
                    throw new ArgumentException($"{where} reads steps of {l.In} features; it receives {Got()} (the last dimension must equal In).");
                if (l.NumLayers is < 0 or > 64) throw new ArgumentException($"{where}: NumLayers must be in 0..64; got {l.NumLayers}.");
                long steps = Count(x[..^1]), dirs = l.Bidirectional ? 2 : 1, layers = Math.Max(1, l.NumLayers), gates = l.Type == "LSTM" ? 4 : 3;
                long weights = 0;
                for (long layer = 0; layer < layers; layer++)
                    weights = checked(weights + dirs * gates * l.Out * ((layer == 0 ? l.In : l.Out * dirs) + l.Out + 2));
                return (l.ReturnSequences ? [steps, dirs * l.Out] : [dirs * l.Out], weights);
            }
            case "ConvTranspose2d":
            {
                var (_, h, w) = Chw(l.In);
                if (l.Kernel < 1 || stride < 1) throw new ArgumentException($"{where}: Kernel and Stride must be >= 1; got Kernel {l.Kernel}, Stride {stride}.");
                long oh = checked((h - 1) * stride - 2 * l.Padding + l.Kernel), ow = checked((w - 1) * stride - 2 * l.Padding + l.Kernel);
                if (oh < 1 || ow < 1) throw new ArgumentException($"{where}: padding {l.Padding} leaves no output from input {Got()}.");
                return ([l.Out, oh, ow], checked(l.In * l.Out * l.Kernel * l.Kernel + l.Out));
            }
            case "Reshape":
            {
                if (l.Shape is not { Length: > 0 and <= 8 } s || !AllPositive(s)) throw new ArgumentException($"{where}: Shape must list 1 to 8 positive sizes.");
                long[] target = ToLongs(s);
                if (Count(target) != Count(x)) throw new ArgumentException($"{where}: cannot reshape {Got()} ({Count(x)} values) to [{string.Join(", ", s)}].");
                return (target, 0);
            }
            case "Embedding":
                if (l.In <= 0 || l.Out <= 0) throw new ArgumentException($"{where}: In (vocabulary) and Out (vector size) must be positive; got {l.In}, {l.Out}.");
                return ([.. x, l.Out], checked(l.In * l.Out));
            default:
                return (x, 0); // activations and dropout keep the shape; unknown types are refused by Build
        }
    }
}
