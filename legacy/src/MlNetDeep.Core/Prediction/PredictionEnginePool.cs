using System.Collections.Concurrent;
using MlNetDeep.Data;
using MlNetDeep.Model;

namespace MlNetDeep.Prediction;

/// <summary>
/// Thread-safe prediction for services: named models, each serving from a pool of
/// <see cref="PredictionEngine{TIn, TOut}"/>s (one per concurrent caller, reused). Models
/// loaded from files can be reloaded — by <see cref="Reload"/> or, when watching, when the
/// file changes. A reload swaps the model atomically and only after the new file loaded
/// and produced a working engine; a failed reload keeps the old model serving and reports
/// the error once (until the file changes again). Every prediction comes wholly from one
/// model version.
/// </summary>
public sealed class PredictionEnginePool<TIn, TOut> : IDisposable where TIn : class where TOut : class, new()
{
    private readonly ConcurrentDictionary<string, Slot> _models = new(StringComparer.Ordinal);
    private readonly Action<string, Exception>? _onError;
    private bool _disposed;

    /// <summary>Creates an empty pool. <paramref name="onReloadError"/> hears about each failed reload once.</summary>
    public PredictionEnginePool(Action<string, Exception>? onReloadError = null) => _onError = onReloadError;

    /// <summary>Loads the model zip at <paramref name="path"/> under <paramref name="name"/>; with <paramref name="watchForChanges"/>, reloads it when the file changes.</summary>
    /// <exception cref="ModelFormatException">The file cannot be loaded (nothing is added).</exception>
    public void AddModel(string name, string path, bool watchForChanges = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ObjectDisposedException.ThrowIf(_disposed, this);
        string full = Path.GetFullPath(path);
        var slot = new Slot(name, full, LoadGeneration(full, 1));
        if (!_models.TryAdd(name, slot)) throw new ArgumentException($"A model named '{name}' is already in the pool.", nameof(name));
        if (watchForChanges) slot.Watch(() => Reload(name));
    }

    /// <summary>Adds an in-memory model under <paramref name="name"/> (not reloadable).</summary>
    public void AddModel(string name, ITransformer model, DataViewSchema? inputSchema = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var gen = new Generation(model, inputSchema, 1);
        gen.Return(gen.Rent());
        if (!_models.TryAdd(name, new Slot(name, null, gen))) throw new ArgumentException($"A model named '{name}' is already in the pool.", nameof(name));
    }

    /// <summary>Predicts with the model named <paramref name="modelName"/>. Safe from any number of threads.</summary>
    /// <exception cref="KeyNotFoundException">No such model.</exception>
    public TOut Predict(string modelName, TIn example)
    {
        ArgumentNullException.ThrowIfNull(example);
        var gen = Find(modelName).Current;
        var engine = gen.Rent();
        try { return engine.Predict(example); }
        finally { gen.Return(engine); }
    }

    /// <summary>The version number of the model currently serving under <paramref name="modelName"/> (1 after loading, +1 per successful reload).</summary>
    public int Version(string modelName) => Find(modelName).Current.Version;

    /// <summary>The error of the last failed reload of <paramref name="modelName"/>, cleared by a successful one.</summary>
    public Exception? LastReloadError(string modelName) => Find(modelName).LastError;

    /// <summary>
    /// Reloads <paramref name="modelName"/> from its file now. Returns true when the new model
    /// replaced the old; false when loading failed (the old model keeps serving).
    /// </summary>
    public bool Reload(string modelName)
    {
        var slot = Find(modelName);
        if (slot.Path is null) throw new InvalidOperationException($"Model '{modelName}' was added from memory and has no file to reload.");
        lock (slot)
        {
            try
            {
                var next = LoadGeneration(slot.Path, slot.Current.Version + 1);
                slot.Current = next;
                slot.LastError = null;
                return true;
            }
            catch (Exception e) when (e is ModelFormatException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                bool repeated = slot.LastError?.Message == e.Message;
                slot.LastError = e;
                if (!repeated) _onError?.Invoke(modelName, e);
                return false;
            }
        }
    }

    private Slot Find(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _models.TryGetValue(name, out var s) ? s : throw new KeyNotFoundException($"No model named '{name}' in the pool. Models: {string.Join(", ", _models.Keys)}.");
    }

    private static Generation LoadGeneration(string path, int version)
    {
        LoadedModel loaded;
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            loaded = ModelZip.Read(fs, path, ModelLimits.Default);
        var gen = new Generation(loaded.Model, loaded.InputSchema, version);
        gen.Return(gen.Rent()); // the types fit: an engine can be built before the model serves
        return gen;
    }

    /// <summary>Stops watching files.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var s in _models.Values) s.Dispose();
    }

    /// <summary>One model version with its engines.</summary>
    private sealed class Generation(ITransformer model, DataViewSchema? schema, int version)
    {
        private readonly ConcurrentBag<PredictionEngine<TIn, TOut>> _free = new();
        public int Version { get; } = version;
        public PredictionEngine<TIn, TOut> Rent() => _free.TryTake(out var e) ? e : new PredictionEngine<TIn, TOut>(model, schema);
        public void Return(PredictionEngine<TIn, TOut> engine) => _free.Add(engine);
    }

    /// <summary>A named model: the serving generation, its file and watcher.</summary>
    private sealed class Slot(string name, string? path, Generation current) : IDisposable
    {
        private FileSystemWatcher? _watcher;
        private Timer? _debounce;
        private volatile Generation _current = current;

        public string Name { get; } = name;
        public string? Path { get; } = path;
        public Generation Current { get => _current; set => _current = value; }
        public Exception? LastError { get; set; }

        public void Watch(Action reload)
        {
            string dir = System.IO.Path.GetDirectoryName(Path!)!, file = System.IO.Path.GetFileName(Path!);
            // Saves write a temporary file and rename it over the model; wait for writes to settle.
            _debounce = new Timer(_ => reload(), null, Timeout.Infinite, Timeout.Infinite);
            _watcher = new FileSystemWatcher(dir, file) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            FileSystemEventHandler changed = (_, _) => _debounce.Change(200, Timeout.Infinite);
            _watcher.Changed += changed;
            _watcher.Created += changed;
            _watcher.Renamed += (_, _) => _debounce.Change(200, Timeout.Infinite);
            _watcher.EnableRaisingEvents = true;
        }

        public void Dispose()
        {
            _watcher?.Dispose();
            _debounce?.Dispose();
        }
    }
}
