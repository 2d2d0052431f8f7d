using MlNetDeep.Catalogs;

namespace MlNetDeep.Data.Binary;

/// <summary>The binary view cache on <c>ctx.Data</c>: save any view once, reload it without parsing.</summary>
public static class BinaryViewCatalog
{
    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> (through a temporary file renamed into place).</summary>
    public static void SaveAsBinary(this DataOperationsCatalog catalog, IDataView data, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string tmp = path + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
                BinaryViewWriter.Save(data, fs);
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Writes <paramref name="data"/> to a stream.</summary>
    public static void SaveAsBinary(this DataOperationsCatalog catalog, IDataView data, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(stream);
        BinaryViewWriter.Save(data, stream);
    }

    /// <summary>Opens a binary view cache (the schema is read and checked now; rows stream as cursors read).</summary>
    /// <exception cref="InvalidDataException">The header or schema is malformed, or the file is from a newer version.</exception>
    public static BinaryDataView LoadFromBinary(this DataOperationsCatalog catalog, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new BinaryDataView(path);
    }
}
