using MlNetDeep.Catalogs;
using MlNetDeep.Data.Text;

namespace MlNetDeep.Data;

/// <summary>Text/CSV/TSV loading on <c>ctx.Data</c>.</summary>
public static class TextLoaderCatalog
{
    /// <summary>Loads a delimited file with the given options (columns explicit or inferred).</summary>
    /// <exception cref="TextLoaderException">The header or first rows are malformed, or a column reads past the row's fields.</exception>
    public static TextLoaderView LoadFromTextFile(this DataOperationsCatalog catalog, string path, TextLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return TextLoader.Load(path, options);
    }

    /// <summary>Loads a delimited file, inferring columns from the header (if any) and the first rows.</summary>
    public static TextLoaderView LoadFromTextFile(this DataOperationsCatalog catalog, string path, char separatorChar = ',', bool hasHeader = false,
        bool allowQuoting = true, bool skipMalformedRows = false) =>
        LoadFromTextFile(catalog, path, new TextLoaderOptions { Separator = separatorChar, HasHeader = hasHeader, AllowQuoting = allowQuoting, SkipMalformedRows = skipMalformedRows });

    /// <summary>Loads a delimited file into the columns declared by <see cref="LoadColumnAttribute"/>s on <typeparamref name="T"/>.</summary>
    public static TextLoaderView LoadFromTextFile<T>(this DataOperationsCatalog catalog, string path, char separatorChar = ',', bool hasHeader = false,
        bool allowQuoting = true, bool skipMalformedRows = false) =>
        LoadFromTextFile(catalog, path, new TextLoaderOptions
        {
            Separator = separatorChar, HasHeader = hasHeader, AllowQuoting = allowQuoting, SkipMalformedRows = skipMalformedRows,
            Columns = TextLoader.FromAttributes<T>(),
        });
}
