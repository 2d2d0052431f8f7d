using MlNetDeep.Catalogs;
using MlNetDeep.Data.Images;

namespace MlNetDeep.Data;

/// <summary>Image folder loading on <c>ctx.Data</c>.</summary>
public static class ImageFolderCatalog
{
    /// <summary>
    /// Lists the images under <paramref name="root"/>, one subfolder per label (see
    /// <see cref="ImageFolderDataView"/>). With validation each image is decoded once; a
    /// corrupt one raises <see cref="ImageLoadException"/> naming its path, or is skipped and
    /// reported when <see cref="ImageFolderOptions.SkipCorruptImages"/> is set.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder is missing.</exception>
    /// <exception cref="ArgumentException">No labelled images were found.</exception>
    public static ImageFolderDataView LoadFromImageFolder(this DataOperationsCatalog catalog, string root, ImageFolderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(root);
        options ??= new ImageFolderOptions();
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"Image folder '{root}' not found.");
        var exts = options.Extensions.Select(e => e.ToLowerInvariant()).ToHashSet();
        var labels = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var paths = new List<string>();
        var keys = new List<uint>();
        var skipped = new List<(string, string)>();
        for (int k = 0; k < labels.Count; k++)
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, labels[k]), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (!exts.Contains(Path.GetExtension(file).ToLowerInvariant())) continue;
                string full = Path.GetFullPath(file);
                if (options.ValidateImages)
                {
                    try
                    {
                        ImageCodec.Load(full);
                    }
                    catch (ImageLoadException e) when (options.SkipCorruptImages)
                    {
                        skipped.Add((full, e.Reason));
                        continue;
                    }
                }
                paths.Add(full);
                keys.Add((uint)k + 1);
            }
        }
        if (paths.Count == 0)
            throw new ArgumentException($"No images ({string.Join(", ", exts)}) found in label subfolders of '{root}'" +
                (skipped.Count > 0 ? $"; {skipped.Count} were corrupt." : "."));
        var data = new InMemoryDataViewBuilder().AddScalar("ImagePath", paths.ToArray()).AddKey("Label", keys.ToArray(), labels).Build();
        return new ImageFolderDataView(data, skipped, labels);
    }
}
