using MlNetDeep.Data;
using MlNetDeep.Model;
using MlNetDeep.Prediction;

namespace MlNetDeep.Catalogs;

/// <summary>
/// Saving and loading fitted pipelines as model zips, and predicting with them
/// (<c>ctx.Model</c>). See docs/model-zip.md.
/// </summary>
public sealed class ModelOperationsCatalog : CatalogBase
{
    internal ModelOperationsCatalog(MLContext context) : base(context) { }

    /// <summary>
    /// Saves <paramref name="model"/> and the schema of the data it expects to a zip at
    /// <paramref name="path"/> (written to a temporary file, then renamed into place, so an
    /// existing model is never left half-written).
    /// </summary>
    public void Save(ITransformer model, DataViewSchema inputSchema, string path, ModelProvenance? provenance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string tmp = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                ModelZip.Save(model, inputSchema, fs, provenance);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Saves <paramref name="model"/> to a stream.</summary>
    public void Save(ITransformer model, DataViewSchema inputSchema, Stream stream, ModelProvenance? provenance = null) =>
        ModelZip.Save(model, inputSchema, stream, provenance);

    /// <summary>Loads a model zip; <paramref name="inputSchema"/> is the schema the model expects.</summary>
    /// <exception cref="ModelFormatException">The file breaks a rule of the format or a cap, or holds an unknown or invalid component.</exception>
    public ITransformer Load(string path, out DataViewSchema inputSchema)
    {
        var info = LoadWithInfo(path);
        inputSchema = info.InputSchema;
        return info.Model;
    }

    /// <summary>Loads a model zip from a stream.</summary>
    public ITransformer Load(Stream stream, out DataViewSchema inputSchema) => ModelZip.Load(stream, out inputSchema);

    /// <summary>Loads a model zip with its provenance, library version and components.</summary>
    public LoadedModel LoadWithInfo(string path, ModelLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var fs = File.OpenRead(path);
        return ModelZip.Read(fs, path, limits ?? ModelLimits.Default);
    }

    /// <summary>
    /// A single-row prediction engine over <paramref name="model"/> (not thread-safe). With
    /// <paramref name="inputSchema"/>, <typeparamref name="TIn"/> is checked against it now.
    /// </summary>
    public PredictionEngine<TIn, TOut> CreatePredictionEngine<TIn, TOut>(ITransformer model, DataViewSchema? inputSchema = null)
        where TIn : class where TOut : class, new() => new(model, inputSchema);

    /// <summary>A thread-safe pool of prediction engines over named, reloadable models (see <see cref="PredictionEnginePool{TIn, TOut}"/>).</summary>
    public PredictionEnginePool<TIn, TOut> CreatePredictionEnginePool<TIn, TOut>(Action<string, Exception>? onReloadError = null)
        where TIn : class where TOut : class, new() => new(onReloadError);
}
