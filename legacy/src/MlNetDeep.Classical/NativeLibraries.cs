using System.Reflection;
using System.Runtime.InteropServices;

namespace MlNetDeep.Classical;

/// <summary>
/// The one DllImport resolver of this assembly (.NET allows one per assembly): finds XGBoost and
/// libsvm under the names their Debian dev packages install, or the runtime packages' sonames,
/// and otherwise says which package is missing.
/// </summary>
internal static class NativeLibraries
{
    private static readonly Dictionary<string, (string[] Files, string Package)> s_libraries = new()
    {
        ["xgboost"] = (["libxgboost.so", "libxgboost.so.0"], "libxgboost-dev"),
        ["svm"] = (["libsvm.so", "libsvm.so.3"], "libsvm-dev"),
    };

    private static readonly Lazy<bool> s_registered = new(() =>
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
        return true;
    });

    /// <summary>Installs the resolver once; every binding's static constructor calls this.</summary>
    public static void EnsureResolver() => _ = s_registered.Value;

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (!s_libraries.TryGetValue(name, out var library)) return IntPtr.Zero;
        foreach (string candidate in library.Files)
            if (NativeLibrary.TryLoad(candidate, assembly, path, out IntPtr h)) return h;
        throw new DllNotFoundException($"{library.Files[0]} was not found. Run ./setup.sh (it installs Debian's {library.Package}).");
    }
}
