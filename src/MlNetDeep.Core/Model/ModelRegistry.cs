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

    private static readonly Lazy<bool> s_initialized = new(() =>
    {
        string dir = Path.GetDirectoryName(typeof(ModelRegistry).Assembly.Location) ?? AppContext.BaseDirectory;
        foreach (string name in s_componentAssemblies)
        {
            // Probe the file first: a component assembly that is not deployed is normal, and a
            // failed Assembly.Load costs a first-chance exception on every cold start.
            var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name);
            if (loaded is null && !File.Exists(Path.Combine(dir, name + ".dll"))) continue;
            try
            {
                var asm = loaded ?? Assembly.Load(name);
                RuntimeHelpers.RunModuleConstructor(asm.ManifestModule.ModuleHandle);
            }
            catch (FileNotFoundException)
            {
                // Not loadable after all: its components cannot be loaded.
            }
        }
        return true;
    });

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
    public static bool IsRegistered(string name)
    {
        _ = s_initialized.Value;
        return s_loaders.ContainsKey(name);
    }

    internal static (int MaxVersion, Func<ModelLoadContext, ITransformer> Load)? Find(string name)
    {
        _ = s_initialized.Value;
        return s_loaders.TryGetValue(name, out var l) ? l : null;
    }
}
