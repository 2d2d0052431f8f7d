using System.Runtime.InteropServices;

namespace MlNetDeep.Torch.Native;

// P/Invoke declarations of the native shim, one partial file per shim area (mirroring
// native/shim_<area>.cpp). Every function returns a status that StatusCheck.Check turns
// into a typed exception. Pointers are to caller-pinned buffers.
internal static unsafe partial class NativeMethods
{
    internal const string Lib = "mlnetdeep_native";

    /// <summary>
    /// Runs before the first native call. Sets libtorch's intra-op thread count to
    /// MLNETDEEP_NUM_THREADS if set, else the processor count (Debian's libtorch would
    /// otherwise use one thread), and tunes glibc malloc so that freed activation buffers
    /// are reused instead of unmapped and page-faulted back every step (about a third of a
    /// CNN training step on this machine; see docs/engine.md). MLNETDEEP_MALLOC_TUNING=0
    /// leaves malloc alone.
    /// </summary>
    static NativeMethods()
    {
        if (Environment.GetEnvironmentVariable("MLNETDEEP_MALLOC_TUNING") != "0")
            mnd_tune_allocator(mmap_threshold: 32L << 20, trim_threshold: 1L << 30, top_pad: 64L << 20);
        string? env = Environment.GetEnvironmentVariable("MLNETDEEP_NUM_THREADS");
        int n = int.TryParse(env, out int v) && v > 0 ? v : Environment.ProcessorCount;
        mnd_set_num_threads(n);
    }

    // ---- common (shim_common.cpp) ----
    [LibraryImport(Lib)] internal static partial IntPtr mnd_last_error();
    [LibraryImport(Lib)] internal static partial long mnd_live_tensors();
    [LibraryImport(Lib)] internal static partial void mnd_tensor_free(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr mnd_op_name(int kind, int op);

    // ---- device (shim_device.cpp) ----
    [LibraryImport(Lib)] internal static partial int mnd_cuda_device_count(out int count);
    [LibraryImport(Lib)] internal static partial int mnd_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int mnd_set_deterministic(int on);
    [LibraryImport(Lib)] internal static partial int mnd_get_deterministic(out int on);
    [LibraryImport(Lib)] internal static partial int mnd_get_num_threads(out int n);
    [LibraryImport(Lib)] internal static partial int mnd_tune_allocator(long mmap_threshold, long trim_threshold, long top_pad);
    [LibraryImport(Lib)] internal static partial int mnd_build_info(byte* buf, int capacity, out int length);

    // ---- io (shim_io.cpp) ----
    [LibraryImport(Lib)] internal static partial int mnd_tensor_from_data(void* data, long nbytes, int dtype, long* shape, int ndim, int deviceType, int deviceIndex, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_tensor_copy_to(TensorHandle t, void* dst, long nbytes);
    [LibraryImport(Lib)] internal static partial int mnd_tensor_data_ptr(TensorHandle t, out IntPtr ptr, out long nbytes);
}
