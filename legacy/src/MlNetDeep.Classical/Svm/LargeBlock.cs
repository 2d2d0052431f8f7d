using System.Runtime.InteropServices;

namespace MlNetDeep.Classical.Svm;

/// <summary>
/// Gigabyte-sized native buffers (a precomputed kernel matrix). On Linux they are mapped directly
/// and advised to use transparent huge pages: first touching 1.6 GB in 4 KB pages costs several
/// hundred thousand page faults, which on this project's VMs took about as long as the GEMM
/// that fills them. Elsewhere they come from the native heap.
/// </summary>
internal static unsafe partial class LargeBlock
{
    private const int ProtReadWrite = 0x1 | 0x2, MapPrivateAnonymous = 0x02 | 0x20, MadvHugePage = 14;

    public static void* Allocate(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        if (!OperatingSystem.IsLinux()) return NativeMemory.Alloc((nuint)bytes);
        void* p = mmap(null, (nuint)bytes, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if ((nint)p == -1) throw new OutOfMemoryException($"Could not map {bytes} bytes (errno {Marshal.GetLastPInvokeError()}).");
        // Advice only: without huge pages the block still works.
        _ = madvise(p, (nuint)bytes, MadvHugePage);
        return p;
    }

    public static void Free(void* p, long bytes)
    {
        if (p is null) return;
        if (!OperatingSystem.IsLinux()) NativeMemory.Free(p);
        else _ = munmap(p, (nuint)bytes);
    }

    [LibraryImport("libc", SetLastError = true)] private static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);
    [LibraryImport("libc")] private static partial int madvise(void* address, nuint length, int advice);
    [LibraryImport("libc")] private static partial int munmap(void* address, nuint length);
}
