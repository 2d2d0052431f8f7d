namespace MlNetDeep.Model;

/// <summary>The manifest.json of a model zip (see docs/model-zip.md).</summary>
internal sealed record ModelManifest
{
    public string Format { get; init; } = ModelZip.FormatName;
    public int FormatVersion { get; init; }
    public string LibraryVersion { get; init; } = "";
    public string CreatedUtc { get; init; } = "";
    public ColumnSpecs.ColumnSpec[] InputSchema { get; init; } = [];
    public string Root { get; init; } = "";
    public ComponentRecord[] Components { get; init; } = [];
    public EntryRecord[] Entries { get; init; } = [];
    public Dictionary<string, string> TrainingOptions { get; init; } = new();
    public Dictionary<string, double> Metrics { get; init; } = new();

    internal sealed record ComponentRecord(string Id, string Name, int Version);

    internal sealed record EntryRecord(string Name, string Sha256, long Size);

    /// <summary>Reads a manifest written by the source-generated serializer (same property names); every field is checked by the reader.</summary>
    internal static ModelManifest Read(ModelJson m) => new()
    {
        Format = m["Format"].GetString()!,
        FormatVersion = m["FormatVersion"].GetInt32(),
        LibraryVersion = m["LibraryVersion"].GetString()!,
        CreatedUtc = m["CreatedUtc"].GetString()!,
        InputSchema = m["InputSchema"].GetArray(c => c.IsNull ? null! : new ColumnSpecs.ColumnSpec(c["Name"].GetString()!, c["Kind"].GetString()!, c["Item"].GetString()!,
            c["KeyCount"].GetUInt64(), c["Dims"].GetInt32Array()!, c["KeyValues"].GetStringArray()!))!,
        Root = m["Root"].GetString()!,
        Components = m["Components"].GetArray(c => c.IsNull ? null! : new ComponentRecord(c["Id"].GetString()!, c["Name"].GetString()!, c["Version"].GetInt32()))!,
        Entries = m["Entries"].GetArray(e => e.IsNull ? null! : new EntryRecord(e["Name"].GetString()!, e["Sha256"].GetString()!, e["Size"].GetInt64()))!,
        TrainingOptions = m["TrainingOptions"].GetMap(v => v.GetString()!)!,
        Metrics = m["Metrics"].GetMap(v => v.GetDouble())!,
    };
}
