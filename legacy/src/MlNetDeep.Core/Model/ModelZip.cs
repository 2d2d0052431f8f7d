using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using MlNetDeep.Data;

namespace MlNetDeep.Model;

/// <summary>Writes and reads model zips (see docs/model-zip.md).</summary>
public static class ModelZip
{
    internal const string FormatName = "mlnetdeep-model";
    internal const string ManifestName = "manifest.json";

    /// <summary>Format version this code writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The library version recorded in saved models.</summary>
    public static string LibraryVersion { get; } =
        typeof(ModelZip).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0";

    /// <summary>Saves <paramref name="model"/> with the schema of the data it expects and optional provenance.</summary>
    /// <exception cref="NotSupportedException">A component of the model cannot be saved.</exception>
    public static void Save(ITransformer model, DataViewSchema inputSchema, Stream stream, ModelProvenance? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(stream);
        model.GetOutputSchema(inputSchema);
        var save = new ModelSaveContext();
        string root = save.SaveComponent(model);
        var manifest = new ModelManifest
        {
            FormatVersion = FormatVersion,
            LibraryVersion = LibraryVersion,
            CreatedUtc = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            InputSchema = ColumnSpecs.Of(inputSchema),
            Root = root,
            Components = save.Components.ToArray(),
            Entries = save.Entries.Select(e => new ModelManifest.EntryRecord(e.Key, Convert.ToHexString(SHA256.HashData(e.Value)), e.Value.LongLength)).ToArray(),
            TrainingOptions = provenance?.TrainingOptions.ToDictionary() ?? new(),
            Metrics = provenance?.Metrics.ToDictionary() ?? new(),
        };
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        Write(zip, ManifestName, JsonSerializer.SerializeToUtf8Bytes(manifest, CoreJson.Default.ModelManifest));
        foreach (var (name, bytes) in save.Entries) Write(zip, name, bytes);
    }

    private static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        // JSON deflates well; tensor data and native blobs barely do, and inflating them would
        // cost every load several milliseconds, so they are stored.
        var entry = zip.CreateEntry(name, name.EndsWith(".json", StringComparison.Ordinal) ? CompressionLevel.Fastest : CompressionLevel.NoCompression);
        using var s = entry.Open();
        s.Write(bytes);
    }

    /// <summary>Loads a model saved by <see cref="Save"/>; <paramref name="inputSchema"/> is the schema it expects.</summary>
    /// <exception cref="ModelFormatException">Any rule of the format or any cap is broken, or a component is unknown or invalid.</exception>
    public static ITransformer Load(Stream stream, out DataViewSchema inputSchema, string source = "stream", ModelLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var info = Read(stream, source, limits ?? ModelLimits.Default);
        inputSchema = info.InputSchema;
        return info.Model;
    }

    /// <summary>Everything a zip holds: the model, its input schema and provenance.</summary>
    internal static LoadedModel Read(Stream stream, string source, ModelLimits limits)
    {
        using var reader = ModelZipReader.Open(stream, source, limits);
        return reader.LoadModel();
    }
}
