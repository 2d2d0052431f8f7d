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
}
