using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using MlNetDeep.Torch;
using MlNetDeep.Torch.IO;

namespace MlNetDeep.Model;

/// <summary>
/// Where a component writes its state while a model is saved: named entries (JSON, bytes,
/// tensor files) under the component's own folder of the zip, and its child components.
/// </summary>
public sealed partial class ModelSaveContext
{
    private readonly List<ModelManifest.ComponentRecord> _components = new();
    private readonly SortedDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private string _prefix = "";

    internal IReadOnlyList<ModelManifest.ComponentRecord> Components => _components;
    internal IReadOnlyDictionary<string, byte[]> Entries => _entries;

    internal static readonly JsonSerializerOptions Json = new() { MaxDepth = 32, IncludeFields = false };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex LocalName();

    private void Put(string name, byte[] data)
    {
        if (!LocalName().IsMatch(name)) throw new ArgumentException($"Entry name '{name}' must be 1-100 letters, digits, '.', '_' or '-'.", nameof(name));
        string full = _prefix + name;
        if (!_entries.TryAdd(full, data)) throw new ArgumentException($"Entry '{full}' was written twice.", nameof(name));
    }

    /// <summary>Writes <paramref name="value"/> as JSON to entry <paramref name="name"/>.</summary>
    public void WriteJson<T>(string name, T value) => Put(name, JsonSerializer.SerializeToUtf8Bytes(value, Json));

    /// <summary>Writes <paramref name="value"/> as JSON to entry <paramref name="name"/> with source-generated metadata.</summary>
    public void WriteJson<T>(string name, T value, JsonTypeInfo<T> typeInfo) => Put(name, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    /// <summary>Writes raw bytes to entry <paramref name="name"/> (for formats of other libraries; they are checksummed like every entry).</summary>
    public void WriteBytes(string name, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Put(name, (byte[])data.Clone());
    }

    /// <summary>Writes named tensors as an engine tensor file to entry <paramref name="name"/>.</summary>
    public void WriteTensors(string name, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var ms = new MemoryStream();
        TensorFile.Save(ms, tensors);
        Put(name, ms.ToArray());
    }

    /// <summary>Saves a child component; returns the id to store so that <see cref="ModelLoadContext.LoadComponent"/> can load it back.</summary>
    /// <exception cref="NotSupportedException">The transformer cannot be saved.</exception>
    public string SaveComponent(ITransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        if (transformer is not IModelComponent component)
            throw new NotSupportedException($"{transformer.GetType().Name} cannot be saved in a model zip (it is not an IModelComponent).");
        string id = "c" + _components.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _components.Add(new ModelManifest.ComponentRecord(id, component.ComponentName, component.ComponentVersion));
        string outer = _prefix;
        _prefix = $"components/{id}/";
        try { component.Save(this); }
        finally { _prefix = outer; }
        return id;
    }
}
