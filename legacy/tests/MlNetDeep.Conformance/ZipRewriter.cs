using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MlNetDeep.Conformance;

/// <summary>Crafts hostile model zips for the loader tests: edits entries and the manifest of a saved zip.</summary>
public static class ZipRewriter
{
    /// <summary>The bytes of a model zip holding <paramref name="model"/> for inputs shaped like <paramref name="inputSchema"/>.</summary>
    public static byte[] Saved(ITransformer model, MlNetDeep.Data.DataViewSchema inputSchema)
    {
        var ms = new MemoryStream();
        new MLContext(1).Model.Save(model, inputSchema, ms);
        return ms.ToArray();
    }

    /// <summary>Rewrites a zip: <paramref name="edit"/> gets the entries (name -> bytes) in order and the parsed manifest.</summary>
    public static byte[] Rewrite(byte[] zip, Action<List<(string Name, byte[] Data)>, JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var entries = new List<(string Name, byte[] Data)>();
        using (var z = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
            foreach (var e in z.Entries)
            {
                using var s = e.Open();
                var ms = new MemoryStream();
                s.CopyTo(ms);
                entries.Add((e.FullName, ms.ToArray()));
            }
        int mi = entries.FindIndex(e => e.Name == "manifest.json");
        var manifest = JsonNode.Parse(entries[mi].Data)!.AsObject();
        edit(entries, manifest);
        mi = entries.FindIndex(e => e.Name == "manifest.json");
        if (mi >= 0) entries[mi] = ("manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        var outMs = new MemoryStream();
        using (var z = new ZipArchive(outMs, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, data) in entries)
            {
                using var s = z.CreateEntry(name).Open();
                s.Write(data);
            }
        return outMs.ToArray();
    }

    /// <summary>
    /// Replaces the entry whose name ends with <paramref name="suffix"/> by <paramref name="edit"/>'s bytes and re-signs
    /// it (SHA-256 and size in the manifest), so the change gets past the hash check to the component's own reader.
    /// </summary>
    public static byte[] Resign(byte[] zip, string suffix, Func<byte[], byte[]> edit) => Rewrite(zip, (entries, manifest) =>
    {
        int i = entries.FindIndex(e => e.Name.EndsWith(suffix, StringComparison.Ordinal));
        if (i < 0) throw new ArgumentException($"No entry ends with '{suffix}'.", nameof(suffix));
        byte[] data = edit(entries[i].Data);
        entries[i] = (entries[i].Name, data);
        foreach (var r in manifest["Entries"]!.AsArray())
            if ((string)r!["Name"]! == entries[i].Name)
            {
                r["Sha256"] = Convert.ToHexString(SHA256.HashData(data));
                r["Size"] = data.Length;
            }
    });
}
