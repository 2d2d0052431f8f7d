using System.Globalization;
using System.Text.Json;
using MlNetDeep.Data.Binary;

namespace MlNetDeep.AutoML;

/// <summary>
/// What an out-of-process AutoML trial needs, written once per experiment to a temporary
/// directory: the training data in the binary view format (<see cref="DataFile"/>) and the
/// settings that decide how a trial fits and scores (<see cref="SettingsFile"/>). The worker
/// rebuilds the same splits from the same seed. Disposing deletes the directory.
/// </summary>
internal sealed class TrialJob : IDisposable
{
    internal const string DataFile = "train.mndview";
    internal const string SettingsFile = "job.json";
    /// <summary>Where workers write trials' held-out predictions for ensemble selection (see <see cref="Ensembles.OutOfFoldStore"/>).</summary>
    internal const string OutOfFoldDirectory = "out-of-fold";

    private TrialJob(string directory) => Directory = directory;

    /// <summary>The job directory.</summary>
    public string Directory { get; }

    public static TrialJob Write(MLContext context, IDataView train, AutoMLOptions options, int folds, double gammaScale, bool ensemble)
    {
        string dir = System.IO.Directory.CreateTempSubdirectory("mnd-automl-job").FullName;
        try
        {
            context.Data.SaveAsBinary(train, Path.Combine(dir, DataFile));
            using var file = File.Create(Path.Combine(dir, SettingsFile));
            using var w = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("label_column", options.LabelColumnName);
            w.WriteString("feature_column", options.FeatureColumnName);
            w.WriteNumber("seed", options.Seed);
            w.WriteNumber("folds", folds);
            w.WriteNumber("validation_fraction", options.ValidationFraction);
            w.WriteNumber("max_epochs", options.MaxEpochs);
            w.WriteBoolean("pruning", options.Pruning);
            w.WriteNumber("gamma_scale", gammaScale);
            w.WriteBoolean("ensemble", ensemble);
            w.WriteEndObject();
        }
        catch
        {
            System.IO.Directory.Delete(dir, recursive: true);
            throw;
        }
        return new TrialJob(dir);
    }

    /// <exception cref="InvalidDataException">The directory or its settings are missing or malformed.</exception>
    public static (AutoMLOptions Options, int Folds, double GammaScale, bool Ensemble) Read(string directory)
    {
        string settings = Path.Combine(directory, SettingsFile);
        if (!File.Exists(settings)) throw new InvalidDataException($"'{directory}' is not an AutoML job directory: {SettingsFile} is missing.");
        if (!File.Exists(Path.Combine(directory, DataFile))) throw new InvalidDataException($"'{directory}' is not an AutoML job directory: {DataFile} is missing.");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(settings), new JsonDocumentOptions { MaxDepth = 4 });
            var r = doc.RootElement;
            var options = new AutoMLOptions
            {
                LabelColumnName = r.GetProperty("label_column").GetString() ?? "Label",
                FeatureColumnName = r.GetProperty("feature_column").GetString() ?? "Features",
                Seed = r.GetProperty("seed").GetInt32(),
                ValidationFraction = r.GetProperty("validation_fraction").GetDouble(),
                MaxEpochs = r.GetProperty("max_epochs").GetInt32(),
                Pruning = r.GetProperty("pruning").GetBoolean(),
            };
            return (options, r.GetProperty("folds").GetInt32(), r.GetProperty("gamma_scale").GetDouble(), r.GetProperty("ensemble").GetBoolean());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{settings} is malformed: {e.Message}"), e);
        }
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { } // a worker still holds a file; the temporary directory is left behind
    }
}
