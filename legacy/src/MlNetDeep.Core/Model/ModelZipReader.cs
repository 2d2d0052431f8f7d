using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace MlNetDeep.Model;

/// <summary>
/// Reads a model zip under caps: the end-of-central-directory record is checked before the
/// archive is opened (entry count, directory size, no ZIP64), entry names must be safe and
/// unique and listed in the manifest, each entry is read by exact name with its size
/// capped and its SHA-256 verified before use. Everything that goes wrong becomes one
/// <see cref="ModelFormatException"/>.
/// </summary>
internal sealed class ModelZipReader : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly ModelManifest _manifest;
    private readonly Dictionary<string, ModelManifest.EntryRecord> _entries;
    private readonly Dictionary<string, ModelManifest.ComponentRecord> _components;
    private readonly Dictionary<string, ITransformer> _loaded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loading = new(StringComparer.Ordinal);
    private long _totalRead;

    public string Source { get; }
    public ModelLimits Limits { get; }

    private ModelZipReader(ZipArchive zip, string source, ModelLimits limits)
    {
        _zip = zip;
        Source = source;
        Limits = limits;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in zip.Entries)
        {
            string n = e.FullName;
            if (n.Length == 0 || n.Length > 260 || n.StartsWith('/') || n.Contains('\\') || n.Contains(':') || n.Split('/').Any(p => p is "" or "." or ".."))
                throw Fail(n, "unsafe entry name (absolute, empty, or with '..', '\\\\' or ':')");
            if (!names.Add(n)) throw Fail(n, "the entry name appears twice");
            if (e.Length < 0 || e.Length > limits.MaxEntryBytes) throw Fail(n, $"declared size {e.Length} exceeds the {limits.MaxEntryBytes}-byte cap");
        }
        var manifestEntry = zip.GetEntry(ModelZip.ManifestName) ?? throw Fail(ModelZip.ManifestName, "the zip has no manifest (is this a MlNetDeep model?)");
        if (manifestEntry.Length > limits.MaxManifestBytes) throw Fail(ModelZip.ManifestName, $"{manifestEntry.Length} bytes exceed the {limits.MaxManifestBytes}-byte cap");
        byte[] manifestBytes = ReadEntry(manifestEntry, limits.MaxManifestBytes);
        _manifest = ModelJson.Read(manifestBytes, limits.MaxJsonDepth, source, ModelZip.ManifestName, ModelManifest.Read);
        if (_manifest.Format != ModelZip.FormatName) throw Fail(ModelZip.ManifestName, $"format '{_manifest.Format}' is not '{ModelZip.FormatName}'");
        if (_manifest.FormatVersion > ModelZip.FormatVersion)
            throw Fail(ModelZip.ManifestName, $"format version {_manifest.FormatVersion} was written by a newer MlNetDeep ({_manifest.LibraryVersion}); this version ({ModelZip.LibraryVersion}) reads up to {ModelZip.FormatVersion}. Upgrade MlNetDeep to load it.");
        if (_manifest.FormatVersion < 1) throw Fail(ModelZip.ManifestName, $"format version {_manifest.FormatVersion} is not valid");
        if (_manifest.Entries is null || _manifest.Components is null || _manifest.InputSchema is null || _manifest.Root is null)
            throw Fail(ModelZip.ManifestName, "the manifest lacks entries, components, root or input schema");
        _entries = new(StringComparer.Ordinal);
        foreach (var r in _manifest.Entries)
        {
            if (r is null || r.Name is null || r.Sha256 is null || r.Sha256.Length != 64) throw Fail(ModelZip.ManifestName, "an entry record lacks its name or SHA-256");
            if (!_entries.TryAdd(r.Name, r)) throw Fail(r.Name, "listed twice in the manifest");
            if (r.Size < 0 || r.Size > limits.MaxEntryBytes) throw Fail(r.Name, $"size {r.Size} exceeds the {limits.MaxEntryBytes}-byte cap");
            if (!names.Contains(r.Name)) throw Fail(r.Name, "listed in the manifest but missing from the zip");
        }
        foreach (string n in names)
            if (n != ModelZip.ManifestName && !_entries.ContainsKey(n)) throw Fail(n, "an entry the manifest does not list");
        _components = new(StringComparer.Ordinal);
        foreach (var c in _manifest.Components)
        {
            if (c is null || c.Id is null || c.Name is null) throw Fail(ModelZip.ManifestName, "a component record lacks its id or name");
            if (!_components.TryAdd(c.Id, c)) throw Fail(ModelZip.ManifestName, $"component id '{c.Id}' appears twice");
        }
    }

    public static ModelZipReader Open(Stream stream, string source, ModelLimits limits)
    {
        Stream s = stream;
        if (!stream.CanSeek)
        {
            var ms = new MemoryStream();
            var buf = new byte[81920];
            int n;
            while ((n = stream.Read(buf)) > 0)
            {
                if (ms.Length + n > limits.MaxFileBytes) throw new ModelFormatException(source, "", $"the file exceeds the {limits.MaxFileBytes}-byte cap");
                ms.Write(buf, 0, n);
            }
            ms.Position = 0;
            s = ms;
        }
        if (s.Length > limits.MaxFileBytes) throw new ModelFormatException(source, "", $"{s.Length} bytes exceed the {limits.MaxFileBytes}-byte cap");
        CheckEndOfCentralDirectory(s, source, limits);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(s, ZipArchiveMode.Read, leaveOpen: true);
            _ = zip.Entries.Count;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            throw new ModelFormatException(source, "", $"not a readable zip: {e.Message}", e);
        }
        try
        {
            return new ModelZipReader(zip, source, limits);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>Finds the end-of-central-directory record and checks its counts before the archive is parsed.</summary>
    private static void CheckEndOfCentralDirectory(Stream s, string source, ModelLimits limits)
    {
        long len = s.Length;
        if (len < 22) throw new ModelFormatException(source, "", "too short to be a zip");
        int tail = (int)Math.Min(len, 22 + 65535);
        var buf = new byte[tail];
        s.Position = len - tail;
        s.ReadExactly(buf);
        int at = -1;
        for (int i = tail - 22; i >= 0; i--)
            if (buf[i] == 0x50 && buf[i + 1] == 0x4B && buf[i + 2] == 0x05 && buf[i + 3] == 0x06) { at = i; break; }
        if (at < 0) throw new ModelFormatException(source, "", "no end-of-central-directory record (not a zip, or truncated)");
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(buf.AsSpan(at + 10));
        uint dirSize = BinaryPrimitives.ReadUInt32LittleEndian(buf.AsSpan(at + 12));
        uint dirOffset = BinaryPrimitives.ReadUInt32LittleEndian(buf.AsSpan(at + 16));
        if (entries == 0xFFFF || dirSize == 0xFFFFFFFF || dirOffset == 0xFFFFFFFF) throw new ModelFormatException(source, "", "ZIP64 archives are not accepted");
        if (entries > limits.MaxEntries) throw new ModelFormatException(source, "", $"{entries} entries exceed the cap of {limits.MaxEntries}");
        if ((long)dirOffset + dirSize > len) throw new ModelFormatException(source, "", "the central directory lies outside the file");
        s.Position = 0;
    }

    /// <summary>Reads an entry's bytes, at most <paramref name="cap"/>, failing if it is longer or shorter than declared.</summary>
    private byte[] ReadEntry(ZipArchiveEntry e, long cap)
    {
        long declared = e.Length;
        if (declared > cap) throw Fail(e.FullName, $"{declared} bytes exceed the {cap}-byte cap");
        if (_totalRead + declared > Limits.MaxTotalBytes) throw Fail(e.FullName, $"the total uncompressed size exceeds the {Limits.MaxTotalBytes}-byte cap");
        var bytes = new byte[declared];
        try
        {
            using var s = e.Open();
            int read = 0;
            while (read < bytes.Length)
            {
                int n = s.Read(bytes, read, bytes.Length - read);
                if (n == 0) throw Fail(e.FullName, $"the data ends after {read} of {declared} declared bytes");
                read += n;
            }
            if (s.ReadByte() != -1) throw Fail(e.FullName, "the data is longer than its declared size");
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            throw Fail(e.FullName, $"the compressed data is corrupt: {ex.Message}", ex);
        }
        _totalRead += declared;
        return bytes;
    }

    /// <summary>Reads entry <paramref name="name"/>: listed in the manifest, present, within caps, matching its size and SHA-256.</summary>
    public byte[] Read(string name)
    {
        if (!_entries.TryGetValue(name, out var record)) throw Fail(name, "the component expects this entry but the manifest does not list it");
        var e = _zip.GetEntry(name) ?? throw Fail(name, "missing from the zip");
        if (e.Length != record.Size) throw Fail(name, $"the zip declares {e.Length} bytes, the manifest {record.Size}");
        byte[] bytes = ReadEntry(e, Limits.MaxEntryBytes);
        if (!HashMatches(SHA256.HashData(bytes), record.Sha256))
            throw Fail(name, "SHA-256 mismatch: the entry was altered or corrupted");
        return bytes;
    }

    /// <summary>Whether <paramref name="hash"/> is the hash the hex text <paramref name="hex"/> spells (either case; compared without building strings).</summary>
    internal static bool HashMatches(ReadOnlySpan<byte> hash, string hex)
    {
        if (hex.Length != hash.Length * 2) return false;
        for (int i = 0; i < hash.Length; i++)
        {
            int hi = HexDigit(hex[2 * i]), lo = HexDigit(hex[2 * i + 1]);
            if (hi < 0 || lo < 0 || (hi << 4 | lo) != hash[i]) return false;
        }
        return true;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public ITransformer LoadComponent(string id)
    {
        if (_loaded.TryGetValue(id, out var done)) return done;
        if (!_components.TryGetValue(id, out var record)) throw Fail(ModelZip.ManifestName, $"component '{id}' is referenced but not listed");
        if (!_loading.Add(id)) throw Fail(ModelZip.ManifestName, $"component '{id}' contains itself");
        if (_loading.Count > 256) throw Fail(ModelZip.ManifestName, "components are nested more than 256 deep");
        try
        {
            var loader = ModelRegistry.Find(record.Name)
                ?? throw Fail($"components/{id}/", $"component '{record.Name}' is not known to this MlNetDeep (is the package that defines it deployed?)");
            if (record.Version < 1 || record.Version > loader.MaxVersion)
                throw Fail($"components/{id}/", $"component '{record.Name}' version {record.Version} is newer than this MlNetDeep reads ({loader.MaxVersion}); upgrade to load it");
            ITransformer t;
            try
            {
                t = loader.Load(new ModelLoadContext(this, id, record.Version));
            }
            catch (Exception e) when (e is not ModelFormatException && e is ArgumentException or InvalidOperationException or FormatException or InvalidDataException
                or OverflowException or IndexOutOfRangeException or KeyNotFoundException or NotSupportedException or Torch.TorchException)
            {
                throw Fail($"components/{id}/", $"component '{record.Name}' has invalid state: {e.Message}", e);
            }
            _loaded[id] = t;
            return t;
        }
        finally
        {
            _loading.Remove(id);
        }
    }

    public LoadedModel LoadModel()
    {
        var schema = ToSchema();
        var model = LoadComponent(_manifest.Root);
        try
        {
            model.GetOutputSchema(schema);
        }
        catch (ArgumentException e)
        {
            throw Fail(ModelZip.ManifestName, $"the model does not accept its own input schema: {e.Message}", e);
        }
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, record) in _components) names[id] = record.Name;
        return new LoadedModel(model, schema, new ModelProvenance(_manifest.TrainingOptions ?? new(), _manifest.Metrics ?? new()),
            _manifest.LibraryVersion, _manifest.FormatVersion, names);
    }

    private Data.DataViewSchema ToSchema()
    {
        try
        {
            if (_manifest.InputSchema.Any(c => c is null || string.IsNullOrEmpty(c.Name) || c.Dims is null || c.Kind is null || c.Item is null))
                throw new InvalidDataException("a column lacks its name, kind, item type or dimensions");
            return ColumnSpecs.ToSchema(_manifest.InputSchema, Source);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw Fail(ModelZip.ManifestName, $"the input schema is invalid: {e.Message}", e);
        }
    }

    private ModelFormatException Fail(string entry, string rule, Exception? inner = null) => new(Source, entry, rule, inner);

    public void Dispose() => _zip.Dispose();
}
