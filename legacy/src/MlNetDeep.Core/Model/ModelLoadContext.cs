using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MlNetDeep.Torch.IO;

namespace MlNetDeep.Model;

/// <summary>
/// What a component's loader reads its state from: its own entries (read by exact name,
/// size-capped and checksum-verified before use) and its child components.
/// </summary>
public sealed class ModelLoadContext
{
    private readonly ModelZipReader _reader;
    private readonly string _prefix;

    internal ModelLoadContext(ModelZipReader reader, string componentId, int version)
    {
        _reader = reader;
        ComponentId = componentId;
        Version = version;
        _prefix = $"components/{componentId}/";
    }

    /// <summary>The component's id in this zip.</summary>
    public string ComponentId { get; }

    /// <summary>The version the component's state was saved with.</summary>
    public int Version { get; }

    /// <summary>
    /// Reads the JSON entry <paramref name="name"/> by hand: <paramref name="read"/> picks the
    /// fields it needs from the root (see <see cref="ModelJson"/>). The fastest way to load.
    /// </summary>
    /// <exception cref="ModelFormatException">Missing, over a cap, failing its checksum, too deep, not JSON, or a field of the wrong kind.</exception>
    public T ReadJson<T>(string name, Func<ModelJson, T> read)
    {
        string full = _prefix + name;
        return ModelJson.Read(_reader.Read(full), _reader.Limits.MaxJsonDepth, _reader.Source, full, read);
    }

    /// <summary>
    /// Reads and deserializes the JSON entry <paramref name="name"/> with source-generated
    /// metadata (no serializer is generated at run time). The nesting depth is checked first.
    /// </summary>
    /// <exception cref="ModelFormatException">Missing, over a cap, failing its checksum, too deep, or not the expected JSON.</exception>
    public T ReadJson<T>(string name, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        string full = _prefix + name;
        byte[] bytes = _reader.Read(full);
        try
        {
            CheckDepth(bytes, _reader.Limits.MaxJsonDepth);
            return JsonSerializer.Deserialize(bytes, typeInfo) ?? throw Error(name, "the JSON is null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new ModelFormatException(_reader.Source, full, $"not the expected JSON: {e.Message}", e);
        }
    }

    /// <summary>Scans <paramref name="json"/> and throws <see cref="JsonException"/> when it nests deeper than <paramref name="maxDepth"/>.</summary>
    internal static void CheckDepth(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        while (reader.Read()) { }
    }

    /// <summary>Reads the raw bytes of entry <paramref name="name"/>.</summary>
    public byte[] ReadBytes(string name) => _reader.Read(_prefix + name);

    /// <summary>Reads a tensor file entry (every header rule checked before a byte reaches libtorch).</summary>
    public TensorFileContents ReadTensors(string name)
    {
        string full = _prefix + name;
        byte[] bytes = _reader.Read(full);
        try
        {
            return TensorFile.Load(bytes, full);
        }
        catch (TensorFileException e)
        {
            throw new ModelFormatException(_reader.Source, full, e.Message, e);
        }
    }

    /// <summary>The caps this load runs under (components bound what they build from a file by them).</summary>
    public ModelLimits Limits => _reader.Limits;

    /// <summary>Loads a child component saved with <see cref="ModelSaveContext.SaveComponent"/>.</summary>
    public ITransformer LoadComponent(string id) => _reader.LoadComponent(id);

    /// <summary>An error about this component's entry <paramref name="name"/>, for loaders that find invalid state.</summary>
    public ModelFormatException Error(string name, string rule) => new(_reader.Source, _prefix + name, rule);
}
