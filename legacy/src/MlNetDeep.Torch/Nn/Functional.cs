using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch.Nn;

/// <summary>
/// Stateless neural-network kernels (PyTorch's torch.nn.functional): linear, convolution,
/// pooling, normalization, dropout, embedding, interpolation. Losses are in
/// Functional.Losses.cs. Shapes follow PyTorch: [N, C, L] for 1-d, [N, C, H, W] for 2-d.
/// </summary>
public static partial class Functional
{
    private static TensorHandle Opt(Tensor? t) => t?.Handle ?? TensorHandle.Null;

    /// <summary>x W^T + b. x: [*, in], weight: [out, in], bias: [out].</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        return Tensor.From(NativeMethods.mnd_linear(input.Handle, weight.Handle, Opt(bias), out IntPtr r), r);
    }

    private static unsafe Tensor Conv(int kind, Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding,
        long[] dilation, long[] outputPadding, long groups)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        int n = stride.Length;
        if (padding.Length != n || dilation.Length != n || outputPadding.Length != n)
            throw new ArgumentException("stride, padding, dilation and output padding need one entry per spatial dimension.");
        fixed (long* s = stride)
        fixed (long* p = padding)
        fixed (long* d = dilation)
        fixed (long* o = outputPadding)
            return Tensor.From(NativeMethods.mnd_conv(kind, input.Handle, weight.Handle, Opt(bias), s, p, d, o, n, groups, out IntPtr r), r);
    }

    private static long[] Pair(long v) => [v, v];

    /// <summary>1-d convolution. input [N, Cin, L], weight [Cout, Cin/groups, K].</summary>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
        Conv(0, input, weight, bias, [stride], [padding], [dilation], [0], groups);

    /// <summary>2-d convolution. input [N, Cin, H, W], weight [Cout, Cin/groups, kH, kW].</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
        Conv(1, input, weight, bias, Pair(stride), Pair(padding), Pair(dilation), Pair(0), groups);

    /// <summary>2-d convolution with per-axis stride, padding and dilation ([h, w] each).</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation, long groups = 1) =>
        Conv(1, input, weight, bias, stride, padding, dilation, Pair(0), groups);

    /// <summary>1-d transposed convolution. weight [Cin, Cout/groups, K].</summary>
    public static Tensor ConvTranspose1d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long outputPadding = 0, long groups = 1, long dilation = 1) =>
        Conv(2, input, weight, bias, [stride], [padding], [dilation], [outputPadding], groups);

    /// <summary>2-d transposed convolution ("deconvolution"). weight [Cin, Cout/groups, kH, kW].</summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long outputPadding = 0, long groups = 1, long dilation = 1) =>
        Conv(3, input, weight, bias, Pair(stride), Pair(padding), Pair(dilation), Pair(outputPadding), groups);

    private static unsafe Tensor Pool(int kind, Tensor input, long[] kernel, long[] stride, long[] padding, long[] dilation,
        bool ceilMode, bool countIncludePad)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = kernel.Length;
        fixed (long* k = kernel)
        fixed (long* s = stride)
        fixed (long* p = padding)
        fixed (long* d = dilation)
            return Tensor.From(NativeMethods.mnd_pool(kind, input.Handle, k, s, p, d, n, ceilMode ? 1 : 0, countIncludePad ? 1 : 0, out IntPtr r), r);
    }

    /// <summary>1-d max pooling over [N, C, L]; stride defaults to the kernel size.</summary>
    public static Tensor MaxPool1d(Tensor input, long kernelSize, long? stride = null, long padding = 0, long dilation = 1, bool ceilMode = false) =>
        Pool(0, input, [kernelSize], [stride ?? kernelSize], [padding], [dilation], ceilMode, false);

    /// <summary>2-d max pooling over [N, C, H, W]; stride defaults to the kernel size.</summary>
    public static Tensor MaxPool2d(Tensor input, long kernelSize, long? stride = null, long padding = 0, long dilation = 1, bool ceilMode = false) =>
        Pool(1, input, Pair(kernelSize), Pair(stride ?? kernelSize), Pair(padding), Pair(dilation), ceilMode, false);

    /// <summary>1-d average pooling.</summary>
    public static Tensor AvgPool1d(Tensor input, long kernelSize, long? stride = null, long padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        Pool(2, input, [kernelSize], [stride ?? kernelSize], [padding], [1], ceilMode, countIncludePad);

    /// <summary>2-d average pooling.</summary>
    public static Tensor AvgPool2d(Tensor input, long kernelSize, long? stride = null, long padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        Pool(3, input, Pair(kernelSize), Pair(stride ?? kernelSize), Pair(padding), Pair(1), ceilMode, countIncludePad);

    /// <summary>Average pooling to a fixed output length.</summary>
    public static Tensor AdaptiveAvgPool1d(Tensor input, long outputSize) => Pool(4, input, [outputSize], [1], [0], [1], false, false);
    /// <summary>Average pooling to a fixed [H, W] output.</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, long outputHeight, long outputWidth) =>
        Pool(5, input, [outputHeight, outputWidth], [1, 1], [0, 0], [1, 1], false, false);
    /// <summary>Max pooling to a fixed output length.</summary>
    public static Tensor AdaptiveMaxPool1d(Tensor input, long outputSize) => Pool(6, input, [outputSize], [1], [0], [1], false, false);
    /// <summary>Max pooling to a fixed [H, W] output.</summary>
    public static Tensor AdaptiveMaxPool2d(Tensor input, long outputHeight, long outputWidth) =>
        Pool(7, input, [outputHeight, outputWidth], [1, 1], [0, 0], [1, 1], false, false);

    /// <summary>
    /// Batch normalization over the channel dimension (dim 1). In training it normalizes with
    /// batch statistics and updates the running ones (momentum-weighted); otherwise it uses
    /// the running statistics.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Tensor.From(NativeMethods.mnd_batch_norm(input.Handle, Opt(weight), Opt(bias), Opt(runningMean), Opt(runningVar),
            training ? 1 : 0, momentum, eps, out IntPtr r), r);
    }

    /// <summary>Layer normalization over the trailing <paramref name="normalizedShape"/> dimensions.</summary>
    public static unsafe Tensor LayerNorm(Tensor input, long[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(normalizedShape);
        fixed (long* s = normalizedShape)
            return Tensor.From(NativeMethods.mnd_layer_norm(input.Handle, s, normalizedShape.Length, Opt(weight), Opt(bias), eps, out IntPtr r), r);
    }

    private static Tensor DropoutKind(int kind, Tensor input, double p, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (p is < 0 or > 1 || double.IsNaN(p))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1].");
        if (training && p > 0 && p < 1 && kind != 2 && Engine.CurrentGenerator is not null)
            return GeneratorDropout(kind, input, p);
        return Tensor.From(NativeMethods.mnd_dropout(kind, input.Handle, p, training ? 1 : 0, out IntPtr r), r);
    }

    /// <summary>Dropout drawing its mask from this thread's generator: x * Bernoulli(1 - p) / (1 - p), per element or per channel.</summary>
    private static Tensor GeneratorDropout(int kind, Tensor input, double p)
    {
        long[] shape = input.Shape;
        long[] maskShape = kind == 1 && shape.Length > 2 ? [shape[0], shape[1], .. Enumerable.Repeat(1L, shape.Length - 2)] : shape;
        using Tensor mask = Tensors.Empty(maskShape, input.DType, input.Device);
        StatusCheck.Check(NativeMethods.mnd_random_(2, mask.Handle, 1 - p, 0, Engine.GeneratorFor(null)));
        using (Engine.NoGrad()) mask.Div_(1 - p);
        return input.Mul(mask);
    }

    /// <summary>Zeroes elements with probability p and scales the rest by 1/(1-p) when training; identity otherwise.</summary>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true) => DropoutKind(0, input, p, training);
    /// <summary>Zeroes whole channels with probability p when training.</summary>
    public static Tensor Dropout2d(Tensor input, double p = 0.5, bool training = true) => DropoutKind(1, input, p, training);
    /// <summary>Alpha dropout (keeps SELU's mean and variance) when training.</summary>
    public static Tensor AlphaDropout(Tensor input, double p = 0.5, bool training = true) => DropoutKind(2, input, p, training);

    /// <summary>Rows of <paramref name="weight"/> [num, dim] at Int64 <paramref name="indices"/>; result [*, dim].</summary>
    public static Tensor Embedding(Tensor indices, Tensor weight, long paddingIdx = -1)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(weight);
        return Tensor.From(NativeMethods.mnd_embedding(weight.Handle, indices.Handle, paddingIdx, out IntPtr r), r);
    }

    /// <summary>
    /// Resizes [N, C, L] or [N, C, H, W] to <paramref name="size"/> or by <paramref name="scaleFactor"/>
    /// (exactly one is given).
    /// </summary>
    public static unsafe Tensor Interpolate(Tensor input, long[]? size = null, double? scaleFactor = null,
        InterpolationMode mode = InterpolationMode.Nearest, bool alignCorners = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if ((size is null) == (scaleFactor is null))
            throw new ArgumentException("Interpolate needs exactly one of size and scaleFactor.");
        int kind = mode switch
        {
            InterpolationMode.Nearest => 0,
            InterpolationMode.Bilinear => 1,
            InterpolationMode.Linear => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown interpolation mode."),
        };
        long[] s = size ?? [];
        fixed (long* p = s)
            return Tensor.From(NativeMethods.mnd_interpolate(kind, input.Handle, p, s.Length, scaleFactor ?? 0, alignCorners ? 1 : 0, out IntPtr r), r);
    }
}
