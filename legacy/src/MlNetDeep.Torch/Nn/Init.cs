using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch.Nn;

/// <summary>
/// In-place weight initializers (PyTorch's torch.nn.init). Each runs without recording
/// gradients and returns its argument. Draws come from the <c>generator</c> argument when
/// given, else from this thread's generator (<see cref="Engine.UseGenerator"/>), else from the
/// global generator seeded by <see cref="Engine.ManualSeed"/>.
/// </summary>
public static class Init
{
    private static Tensor Random_(int kind, Tensor t, double a, double b, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(t);
        using (Engine.NoGrad())
            StatusCheck.Check(NativeMethods.mnd_random_(kind, t.Handle, a, b, Engine.GeneratorFor(generator)));
        return t;
    }

    /// <summary>Fills with uniform samples in [a, b).</summary>
    public static Tensor Uniform_(Tensor tensor, double a = 0, double b = 1, Generator? generator = null) => Random_(0, tensor, a, b, generator);

    /// <summary>Fills with normal samples.</summary>
    public static Tensor Normal_(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null) => Random_(1, tensor, mean, std, generator);

    /// <summary>Fills with <paramref name="value"/>.</summary>
    public static Tensor Constant_(Tensor tensor, double value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using (Engine.NoGrad()) tensor.Fill_(value);
        return tensor;
    }

    /// <summary>Fills with zeros.</summary>
    public static Tensor Zeros_(Tensor tensor) => Constant_(tensor, 0);

    /// <summary>Fills with ones.</summary>
    public static Tensor Ones_(Tensor tensor) => Constant_(tensor, 1);

    /// <summary>
    /// Fan-in and fan-out of a weight: for [out, in, k...] fan-in = in * prod(k) and
    /// fan-out = out * prod(k).
    /// </summary>
    /// <exception cref="ArgumentException">The tensor has fewer than 2 dimensions.</exception>
    public static (long FanIn, long FanOut) CalculateFans(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        long[] s = tensor.Shape;
        if (s.Length < 2)
            throw new ArgumentException($"Fan-in and fan-out need a tensor with at least 2 dimensions; got {s.Length}.", nameof(tensor));
        long receptive = 1;
        for (int i = 2; i < s.Length; i++) receptive *= s[i];
        return (s[1] * receptive, s[0] * receptive);
    }

    /// <summary>Recommended gain for a nonlinearity (relu: sqrt 2; leaky_relu(a): sqrt(2/(1+a^2)); tanh: 5/3; linear/sigmoid: 1).</summary>
    public static double Gain(string nonlinearity, double param = 0.01) => nonlinearity switch
    {
        "linear" or "conv1d" or "conv2d" or "sigmoid" => 1.0,
        "tanh" => 5.0 / 3,
        "relu" => Math.Sqrt(2.0),
        "leaky_relu" => Math.Sqrt(2.0 / (1 + param * param)),
        "selu" => 3.0 / 4,
        _ => throw new ArgumentException($"Unknown nonlinearity '{nonlinearity}'.", nameof(nonlinearity)),
    };

    /// <summary>He uniform init: bound = gain * sqrt(3 / fan), with fan-in by default.</summary>
    public static Tensor KaimingUniform_(Tensor tensor, double a = 0, bool fanIn = true, string nonlinearity = "leaky_relu", Generator? generator = null)
    {
        var (fi, fo) = CalculateFans(tensor);
        double std = Gain(nonlinearity, a) / Math.Sqrt(fanIn ? fi : fo);
        double bound = Math.Sqrt(3.0) * std;
        return Uniform_(tensor, -bound, bound, generator);
    }

    /// <summary>He normal init: std = gain / sqrt(fan).</summary>
    public static Tensor KaimingNormal_(Tensor tensor, double a = 0, bool fanIn = true, string nonlinearity = "leaky_relu", Generator? generator = null)
    {
        var (fi, fo) = CalculateFans(tensor);
        return Normal_(tensor, 0, Gain(nonlinearity, a) / Math.Sqrt(fanIn ? fi : fo), generator);
    }

    /// <summary>Glorot uniform init: bound = gain * sqrt(6 / (fan_in + fan_out)).</summary>
    public static Tensor XavierUniform_(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fi, fo) = CalculateFans(tensor);
        double bound = gain * Math.Sqrt(6.0 / (fi + fo));
        return Uniform_(tensor, -bound, bound, generator);
    }

    /// <summary>Glorot normal init: std = gain * sqrt(2 / (fan_in + fan_out)).</summary>
    public static Tensor XavierNormal_(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fi, fo) = CalculateFans(tensor);
        return Normal_(tensor, 0, gain * Math.Sqrt(2.0 / (fi + fo)), generator);
    }

    /// <summary>
    /// PyTorch's default for Linear and Conv layers: weight ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))
    /// (Kaiming uniform with a = sqrt 5) and the bias from the same range.
    /// </summary>
    internal static void DefaultLayer(Tensor weight, Tensor? bias)
    {
        KaimingUniform_(weight, Math.Sqrt(5));
        if (bias is null) return;
        long fanIn = CalculateFans(weight).FanIn;
        double bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        Uniform_(bias, -bound, bound);
    }
}
