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
    private static readonly ConcurrentDictionary<string, (int MaxVersion, Func<ModelLoadContext, ITransformer> Load)> s_loaders = new(StringComparer.Ordinal);

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
            if (a.GetName().Name == name) { loaded = a; break; }
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
    private static bool TryFind(string name, out (int MaxVersion, Func<ModelLoadContext, ITransformer> Load) loader)
    {
        if (s_loaders.TryGetValue(name, out loader)) return true;
        for (int i = 0; i < s_componentAssemblies.Length; i++)
        {
            if (Volatile.Read(ref s_initialized[i])) continue;
            Initialize(i);
            if (s_loaders.TryGetValue(name, out loader)) return true;
        }
        return false;
    }

    static ModelRegistry() => CoreComponents.Register();

    /// <summary>Registers <paramref name="load"/> for <paramref name="name"/>, accepting saved versions up to <paramref name="maxVersion"/>.</summary>
    /// <exception cref="InvalidOperationException">Another loader holds the name.</exception>
    public static void Register(string name, int maxVersion, Func<ModelLoadContext, ITransformer> load)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxVersion);
        if (!s_loaders.TryAdd(name, (maxVersion, load)) && s_loaders[name].Load != load)
            throw new InvalidOperationException($"Model component '{name}' is already registered.");
    }

    /// <summary>Whether a loader is registered for <paramref name="name"/>.</summary>
    public static bool IsRegistered(string name) => TryFind(name, out _);

    internal static (int MaxVersion, Func<ModelLoadContext, ITransformer> Load)? Find(string name)
        => TryFind(name, out var l) ? l : null;
}
