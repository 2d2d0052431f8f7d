using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

// Activations and (log-)softmax.
public sealed partial class Tensor
{
    /// <summary>max(0, x).</summary>
    public Tensor Relu() => Unary(UnaryOp.Relu);
    /// <summary>x if x &gt; 0 else slope * x.</summary>
    public Tensor LeakyRelu(double negativeSlope = 0.01) => Unary(UnaryOp.LeakyRelu, negativeSlope);
    /// <summary>x if x &gt; 0 else alpha * (e^x - 1).</summary>
    public Tensor Elu(double alpha = 1.0) => Unary(UnaryOp.Elu, alpha);
    /// <summary>Gaussian error linear unit; <paramref name="tanhApproximation"/> selects the tanh form.</summary>
    public Tensor Gelu(bool tanhApproximation = false) => Unary(tanhApproximation ? UnaryOp.GeluTanh : UnaryOp.Gelu);
    /// <summary>x * sigmoid(x) (swish).</summary>
    public Tensor Silu() => Unary(UnaryOp.Silu);
    /// <summary>1 / (1 + e^-x).</summary>
    public Tensor Sigmoid() => Unary(UnaryOp.Sigmoid);
    /// <summary>log(sigmoid(x)), computed stably.</summary>
    public Tensor LogSigmoid() => Unary(UnaryOp.LogSigmoid);
    /// <summary>Hyperbolic tangent.</summary>
    public Tensor Tanh() => Unary(UnaryOp.Tanh);
    /// <summary>log(1 + e^(beta x)) / beta, linear above <paramref name="threshold"/>.</summary>
    public Tensor Softplus(double beta = 1, double threshold = 20) => Unary(UnaryOp.Softplus, beta, threshold);

    /// <summary>Softmax along <paramref name="dim"/>.</summary>
    public Tensor Softmax(long dim) => From(NativeMethods.mnd_softmax(0, Handle, dim, out IntPtr r), r);

    /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed stably.</summary>
    public Tensor LogSoftmax(long dim) => From(NativeMethods.mnd_softmax(1, Handle, dim, out IntPtr r), r);
}
