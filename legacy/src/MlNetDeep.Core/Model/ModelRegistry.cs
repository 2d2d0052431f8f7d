using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace MlNetDeep.Model;

/// <summary>
/// The explicit map from component names to loader functions. Nothing read from a file is
/// ever turned into a type: a name either has a registered loader or the load fails.
/// Components register from their assembly's initializer; the registry makes sure the
/// project's own component assemblies that are deployed beside it have been initialized.
/// </summary>
public static class ModelRegistry
{
    /// <summary>A registered loader (a class, not a tuple: dictionary code over it is shared and precompiled, not JIT-compiled on a service's cold start).</summary>
    internal sealed record Loader(int MaxVersion, Func<ModelLoadContext, ITransformer> Load);

    private static readonly ConcurrentDictionary<string, Loader> s_loaders = new(StringComparer.Ordinal);

    /// <summary>MlNetDeep assemblies that may define components (fixed names, never from a file).</summary>
    private static readonly string[] s_componentAssemblies = ["MlNetDeep.Data", "MlNetDeep.Deep", "MlNetDeep.Classical", "MlNetDeep.AutoML"];

    private static readonly bool[] s_initialized = new bool[s_componentAssemblies.Length];

    /// <summary>
    /// Runs the module initializer of component assembly <paramref name="index"/> (which
    /// registers its components) unless done. Idempotent and thread-safe: the runtime runs a
    /// module initializer once.
    /// </summary>
    private static void Initialize(int index)
    {
        if (Volatile.Read(ref s_initialized[index])) return;
        string name = s_componentAssemblies[index];
        string dir = Path.GetDirectoryName(typeof(ModelRegistry).Assembly.Location) ?? AppContext.BaseDirectory;
        // Probe the file first: a component assembly that is not deployed is normal, and a
        // failed Assembly.Load costs a first-chance exception on every cold start.
        Assembly? loaded = null;
        foreach (var a in AppDomain.CurrentDomain.GetAssemblies())
            if (a.FullName is { } full && full.Length > name.Length && full[name.Length] == ',' && full.StartsWith(name, StringComparison.Ordinal)) { loaded = a; break; }
        if (loaded is not null || File.Exists(Path.Combine(dir, name + ".dll")))
        {
            try
            {
                RuntimeHelpers.RunModuleConstructor((loaded ?? Assembly.Load(name)).ManifestModule.ModuleHandle);
            }
            catch (FileNotFoundException)
            {
                // Not loadable after all: its components cannot be loaded.
            }
        }
        Volatile.Write(ref s_initialized[index], true);
    }

    /// <summary>The loader of <paramref name="name"/>, initializing component assemblies in order only until one registers it (a deep model's load never loads the classical assembly).</summary>
    internal static Loader? Find(string name)
    {
        if (s_loaders.TryGetValue(name, out var loader)) return loader;
        for (int i = 0; i < s_componentAssemblies.Length; i++)
        {
            if (Volatile.Read(ref s_initialized[i])) continue;
            Initialize(i);
            if (s_loaders.TryGetValue(name, out loader)) return loader;
        }
        return null;
    }

    static ModelRegistry() => CoreComponents.Register();

    /// <summary>Registers <paramref name="load"/> for <paramref name="name"/>, accepting saved versions up to <paramref name="maxVersion"/>.</summary>
    /// <exception cref="InvalidOperationException">Another loader holds the name.</exception>
    public static void Register(string name, int maxVersion, Func<ModelLoadContext, ITransformer> load)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxVersion);
        if (!s_loaders.TryAdd(name, new Loader(maxVersion, load)) && s_loaders[name].Load != load)
            throw new InvalidOperationException($"Model component '{name}' is already registered.");
    }

    /// <summary>Whether a loader is registered for <paramref name="name"/>.</summary>
    public static bool IsRegistered(string name) => Find(name) is not null;
}
