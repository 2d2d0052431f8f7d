using System.Runtime.InteropServices;

namespace MlNetDeep.Torch.Native;

// JIT area (shim_jit.cpp): TorchScript modules.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int mnd_jit_load(byte* data, long n, out IntPtr module);
    [LibraryImport(Lib)] internal static partial void mnd_jit_free(IntPtr module);
    [LibraryImport(Lib)] internal static partial int mnd_jit_count(JitHandle module, int buffers, out long count);
    [LibraryImport(Lib)] internal static partial int mnd_jit_entry(JitHandle module, int buffers, long index, byte* name, long capacity, out long length, out IntPtr tensor);
    [LibraryImport(Lib)] internal static partial int mnd_jit_forward(JitHandle module, TensorHandle x, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_jit_train(JitHandle module, int on);
    [LibraryImport(Lib)] internal static partial int mnd_jit_save(JitHandle module, byte* data, long capacity, out long length);
}

/// <summary>Owns one native TorchScript module (a heap-allocated torch::jit::Module).</summary>
internal sealed class JitHandle : SafeHandle
{
    internal JitHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.mnd_jit_free(handle);
        return true;
    }
}
