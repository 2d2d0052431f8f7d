using System.Runtime.InteropServices;

namespace MlNetDeep.Runtime;

/// <summary>The dynamic linker's lookups (glibc's libdl): whether a library provides a symbol at a given version.</summary>
internal static partial class NativeLinker
{
    private const int RtldLazy = 0x1;

    [LibraryImport("libdl.so.2", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr DlOpen(string file, int mode);

    [LibraryImport("libdl.so.2", EntryPoint = "dlvsym", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr DlVSym(IntPtr handle, string symbol, string version);

    [LibraryImport("libdl.so.2", EntryPoint = "dlerror")]
    private static partial IntPtr DlError();

    /// <summary>
    /// Whether the copy of <paramref name="library"/> (a soname such as libstdc++.so.6) this
    /// process links against defines <paramref name="symbol"/> at <paramref name="version"/>.
    /// </summary>
    /// <exception cref="DllNotFoundException">The library cannot be opened; the linker's reason is in the message.</exception>
    internal static bool Provides(string library, string symbol, string version)
    {
        IntPtr handle = DlOpen(library, RtldLazy);
        if (handle == IntPtr.Zero) throw new DllNotFoundException($"{library} cannot be opened: {LastError()}");
        // The handle stays open: the library is one this process already links against.
        return DlVSym(handle, symbol, version) != IntPtr.Zero;
    }

    private static string LastError() => Marshal.PtrToStringUTF8(DlError()) ?? "no reason given";
}
