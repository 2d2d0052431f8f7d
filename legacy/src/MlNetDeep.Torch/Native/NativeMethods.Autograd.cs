using System.Runtime.InteropServices;

namespace MlNetDeep.Torch.Native;

// Autograd area (shim_autograd.cpp).
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int mnd_set_requires_grad(TensorHandle a, int value);
    [LibraryImport(Lib)] internal static partial int mnd_autograd_flag(int kind, TensorHandle a, out int result);
    [LibraryImport(Lib)] internal static partial int mnd_backward(TensorHandle a, TensorHandle grad, int retainGraph, int createGraph);
    [LibraryImport(Lib)] internal static partial int mnd_grad(TensorHandle a, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_set_grad(TensorHandle a, TensorHandle grad);
    [LibraryImport(Lib)] internal static partial int mnd_zero_grad(IntPtr* items, int n, int setToNone);
    [LibraryImport(Lib)] internal static partial int mnd_detach(int kind, TensorHandle a, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_set_grad_enabled(int enabled, out int previous);
    [LibraryImport(Lib)] internal static partial int mnd_clip_grad_norm(IntPtr* items, int n, double maxNorm, double normType, int errorIfNonfinite, out double total);
    [LibraryImport(Lib)] internal static partial int mnd_clip_grad_value(IntPtr* items, int n, double clip);
    [LibraryImport(Lib)] internal static partial int mnd_set_data(TensorHandle a, TensorHandle src);
    [LibraryImport(Lib)] internal static partial int mnd_autograd_grad(IntPtr* outputs, int nout, IntPtr* inputs, int nin, IntPtr* gradOutputs, int retainGraph, int createGraph, int allowUnused, IntPtr* result);
}
