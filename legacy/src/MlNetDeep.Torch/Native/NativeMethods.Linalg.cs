using System.Runtime.InteropServices;

namespace MlNetDeep.Torch.Native;

// Linear algebra area (shim_linalg.cpp).
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int mnd_linalg_eigh(TensorHandle a, out IntPtr values, out IntPtr vectors);
    [LibraryImport(Lib)] internal static partial int mnd_linalg_svd(TensorHandle a, int full, out IntPtr u, out IntPtr s, out IntPtr vh);
    [LibraryImport(Lib)] internal static partial int mnd_linalg_qr(TensorHandle a, out IntPtr q, out IntPtr r);
    [LibraryImport(Lib)] internal static partial int mnd_linalg_lstsq(TensorHandle a, TensorHandle b, out IntPtr solution);
}
