using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using TorchSharp;

namespace MlNetDeep.Runtime;

/// <summary>
/// Makes TorchSharp's native library loadable before anything touches it. TorchSharp 0.107's
/// <c>libLibTorchSharp.so</c> is built with GCC 13 and names <c>GLIBCXX_3.4.32</c> among the
/// libstdc++ versions it needs, for one symbol (<c>std::ios_base_library_init()</c>) that GCC 13
/// emits as a bare reference, never called or relocated. Debian 12 and Ubuntu 22.04 stop at
/// <c>GLIBCXX_3.4.30</c>, so the dynamic linker refuses the library. Where (and only where) the
/// system's libstdc++ lacks a version the library needs, and no relocation binds a symbol of
/// that version, this loads a copy in which those version needs are weak and those symbols
/// unversioned. The copy lives in a cache directory (never in the NuGet cache or the
/// application's folder), is written through a temporary file renamed into place, and is
/// checked byte for byte against the expected patch on every start. docs/torchsharp-native.md
/// has the whole story.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<TorchRuntimeStatus> State = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static IntPtr _handle;

    /// <summary>The environment variable that names the directory for the compatibility copy.</summary>
    public const string CacheDirectoryVariable = "MLNETDEEP_NATIVE_CACHE";

    /// <summary>
    /// Prepares TorchSharp's native library (once per process; later calls return the first
    /// result or throw its exception again). Every MlNetDeep entry point calls it; call it
    /// yourself before using TorchSharp directly in a process where no MlNetDeep component
    /// has run yet.
    /// </summary>
    /// <returns>What was found and done.</returns>
    /// <exception cref="TorchNativeLoadException">The library needs something this system lacks and cannot be made loadable; the message says what and how to fix it.</exception>
    public static TorchRuntimeStatus Initialize() => State.Value;

    private static TorchRuntimeStatus Load()
    {
        bool tuned = AllocatorTuning.Apply();
        return LoadLibrary() with { MallocTuned = tuned };
    }

    private static TorchRuntimeStatus LoadLibrary()
    {
        if (!OperatingSystem.IsLinux()) return new TorchRuntimeStatus(null, null, [], "not Linux: TorchSharp loads its library itself");
        string? original = FindOriginal();
        if (original is null) return new TorchRuntimeStatus(null, null, [], "libLibTorchSharp.so is not among the application's native files: TorchSharp resolves it itself");
        byte[] bytes = File.ReadAllBytes(original);
        string expectedHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var (elf, missing) = Patch(bytes, original, IsMissing);
        if (missing.Count == 0) return new TorchRuntimeStatus(original, null, [], "the system's libstdc++ has every version the library needs");
        string copy = WriteCopy(bytes, expectedHash);

        // The copy's RUNPATH ($ORIGIN) points at the cache directory, not at libtorch: load the
        // libraries it needs from beside the original first, so the linker matches them by soname
        // (and never picks up another libtorch from the system's library path).
        string directory = Path.GetDirectoryName(original)!;
        foreach (string needed in elf.NeededLibraries)
        {
            string beside = Path.Combine(directory, needed);
            if (File.Exists(beside)) LoadOrThrow(beside, $"{needed}, which {original} needs");
        }
        _handle = LoadOrThrow(copy, "the compatibility copy of libLibTorchSharp.so");
        var context = AssemblyLoadContext.GetLoadContext(typeof(torch).Assembly) ?? AssemblyLoadContext.Default;
        context.ResolvingUnmanagedDll += Resolve;
        return new TorchRuntimeStatus(original, copy, missing.Select(n => n.Version).ToArray(),
            $"the system's libstdc++ lacks {string.Join(", ", missing.Select(n => n.Version))}: loaded a copy with those needs weakened");
    }

    private static IntPtr Resolve(Assembly assembly, string name) =>
        name is "LibTorchSharp" or "libLibTorchSharp" or "libLibTorchSharp.so" && assembly == typeof(torch).Assembly ? _handle : IntPtr.Zero;

    private static IntPtr LoadOrThrow(string path, string what)
    {
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new TorchNativeLoadException($"Could not load {what} ({path}): {e.Message}", e);
        }
    }

    /// <summary>
    /// Edits <paramref name="bytes"/> (the library read from <paramref name="path"/>) in place: every
    /// version it needs from libstdc++ that <paramref name="isMissing"/> says the system lacks is made weak,
    /// and its symbols unversioned. Returns the parsed library and those versions (none: nothing changed).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not an ELF library with readable version tables.</exception>
    /// <exception cref="TorchNativeLoadException">A relocation binds a symbol of a missing version: the library calls it, and weakening would not help.</exception>
    internal static (ElfSymbolVersions Elf, List<ElfSymbolVersions.Need> Weakened) Patch(byte[] bytes, string path, Func<ElfSymbolVersions, ElfSymbolVersions.Need, bool> isMissing)
    {
        var elf = new ElfSymbolVersions(bytes, path);
        var missing = elf.Needs.Where(n => n.Library == "libstdc++.so.6" && !n.Weak && isMissing(elf, n)).ToList();
        if (missing.Count == 0) return (elf, missing);
        var relocated = elf.RelocatedSymbols();
        foreach (var need in missing)
        {
            var bound = elf.Symbols.Where(s => s.VersionIndex == need.Index && !s.Defined && relocated.Contains(s.Index)).Select(s => s.Name).ToList();
            if (bound.Count > 0)
                throw new TorchNativeLoadException(
                    $"TorchSharp's native library {path} calls {string.Join(", ", bound)} from {need.Version} of {need.Library}, which this system's " +
                    $"{need.Library} does not provide. Install a libstdc++ from GCC 13 or newer (for example from your distribution's backports), " +
                    "or use a TorchSharp release built for this system.");
        }
        foreach (var need in missing) elf.Weaken(need);
        return (elf, missing);
    }

    /// <summary>Whether this system's libstdc++ lacks <paramref name="need"/>: a symbol the library takes at that version cannot be found there.</summary>
    private static bool IsMissing(ElfSymbolVersions elf, ElfSymbolVersions.Need need)
    {
        var probe = elf.Symbols.FirstOrDefault(s => s.VersionIndex == need.Index && !s.Defined);
        return probe.Name is not null && !NativeLinker.Provides(need.Library, probe.Name, need.Version);
    }

    /// <summary>Where the application's copy of libLibTorchSharp.so is: the runtime's native search directories, then beside TorchSharp.dll.</summary>
    private static string? FindOriginal()
    {
        var directories = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string search)
            directories.AddRange(search.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        string torchSharp = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory;
        directories.Add(torchSharp);
        directories.Add(Path.Combine(torchSharp, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"));
        directories.Add(Path.Combine(torchSharp, "runtimes", "linux-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(), "native"));
        foreach (string d in directories)
        {
            string candidate = Path.Combine(d, "libLibTorchSharp.so");
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }

    /// <summary>The cache directories tried in order: $MLNETDEEP_NATIVE_CACHE, $XDG_CACHE_HOME/mlnetdeep/native, ~/.cache/mlnetdeep/native, then the temp directory.</summary>
    internal static IEnumerable<string> CacheDirectories()
    {
        if (Environment.GetEnvironmentVariable(CacheDirectoryVariable) is { Length: > 0 } set)
        {
            yield return set;
            yield break; // an explicit choice is not second-guessed
        }
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg) yield return Path.Combine(xdg, "mlnetdeep", "native");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 0) yield return Path.Combine(home, ".cache", "mlnetdeep", "native");
        yield return Path.Combine(Path.GetTempPath(), $"mlnetdeep-native-{Environment.UserName}");
    }

    /// <summary>
    /// Writes the patched bytes as libLibTorchSharp.so in a directory named after the original's
    /// hash (so two TorchSharp versions never share a copy), unless an identical file is already
    /// there. Returns its path.
    /// </summary>
    private static string WriteCopy(byte[] patched, string originalHash)
    {
        var failures = new List<string>();
        foreach (string root in CacheDirectories())
        {
            string directory = Path.Combine(root, "torchsharp-" + originalHash[..16]);
            string path = Path.Combine(directory, "libLibTorchSharp.so");
            try
            {
                if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(patched)) return path;
                Directory.CreateDirectory(directory);
                string temporary = Path.Combine(directory, $".libLibTorchSharp.so.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.Write(patched);
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temporary, path, overwrite: true);
                return path;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Add($"{directory}: {e.Message}");
            }
        }
        throw new TorchNativeLoadException(
            "TorchSharp's native library needs a compatibility copy on this system, and none of the cache directories could hold it (" +
            string.Join("; ", failures) + $"). Set {CacheDirectoryVariable} to a writable directory.");
    }
}
