using System.Runtime.InteropServices;

namespace MlNetDeep.Torch.Native;

// NN area (shim_nn.cpp).
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int mnd_linear(TensorHandle x, TensorHandle w, TensorHandle b, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_conv(int kind, TensorHandle x, TensorHandle w, TensorHandle b, long* stride, long* padding, long* dilation, long* outputPadding, int n, long groups, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_pool(int kind, TensorHandle x, long* kernel, long* stride, long* padding, long* dilation, int n, int ceilMode, int countIncludePad, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_batch_norm(TensorHandle x, TensorHandle w, TensorHandle b, TensorHandle runningMean, TensorHandle runningVar, int training, double momentum, double eps, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_layer_norm(TensorHandle x, long* shape, int n, TensorHandle w, TensorHandle b, double eps, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_dropout(int kind, TensorHandle x, double p, int train, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_embedding(TensorHandle w, TensorHandle indices, long paddingIdx, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_interpolate(int kind, TensorHandle x, long* size, int n, double scale, int alignCorners, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_softmax(int kind, TensorHandle x, long dim, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_loss(int kind, TensorHandle input, TensorHandle target, TensorHandle weight, TensorHandle posWeight, int reduction, long ignoreIndex, double labelSmoothing, double beta, int flag, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_rnn(int kind, TensorHandle x, IntPtr* hx, int nhx, IntPtr* parameters, int nparams, int hasBiases, long numLayers, double dropout, int train, int bidirectional, int batchFirst, out IntPtr output, out IntPtr hN, out IntPtr cN);
}
