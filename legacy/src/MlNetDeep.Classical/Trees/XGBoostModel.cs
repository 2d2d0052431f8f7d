using MlNetDeep.Classical.Xgb;
using MlNetDeep.Data;
using MlNetDeep.Model;

namespace MlNetDeep.Classical.Trees;

/// <summary>
/// A fitted XGBoost model as a pipeline component. Reads a Vector&lt;Single&gt; feature column
/// (NaN = missing) and adds ML.NET's columns for its task: multiclass <c>Score</c> (class
/// probabilities, slot-named by class) and <c>PredictedLabel</c> (a key named by the classes);
/// binary <c>Probability</c>, <c>Score</c> (the margin, a logit) and <c>PredictedLabel</c>
/// (Boolean, probability &gt; 0.5); regression <c>Score</c>. Prediction is safe from several
/// threads. Saved in XGBoost's own JSON format, which the loader validates in managed code
/// before XGBoost parses it.
/// </summary>
public sealed class XGBoostModel : RowToRowTransformerBase, IModelComponent, IDisposable
{
    private readonly Booster _booster;
    private readonly PredictionColumns _columns;

    internal XGBoostModel(Booster booster, XGBoostTask task, string featureColumnName, int featureCount, IReadOnlyList<string> classNames)
    {
        (_booster, Task, FeatureColumnName, FeatureCount, ClassNames) = (booster, task, featureColumnName, featureCount, classNames.ToArray());
        _columns = new PredictionColumns(Kind(task), ClassNames, featureCount, (x, o) => _booster.PredictDense(x, 1, FeatureCount, o, Outputs));
        Outputs = _columns.Outputs;
        Rounds = booster.BoostedRounds;
        // One row at a time is fastest on one thread; parallel callers bring their own threads.
        booster.SetParameter("nthread", "1");
    }

    internal static OutputKind Kind(XGBoostTask task) => task switch
    {
        XGBoostTask.Multiclass => OutputKind.ClassProbabilities,
        XGBoostTask.Binary => OutputKind.PositiveProbability,
        _ => OutputKind.Value,
    };

    /// <summary>What the model predicts.</summary>
    public XGBoostTask Task { get; }
    /// <summary>The feature column read.</summary>
    public string FeatureColumnName { get; }
    /// <summary>Features per example.</summary>
    public int FeatureCount { get; }
    /// <summary>Class names by class index (multiclass; empty otherwise).</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>Values per prediction: the class count (multiclass) or 1.</summary>
    public int Outputs { get; }
    /// <summary>Boosting rounds the model holds (after early stopping: up to the best round).</summary>
    public int Rounds { get; }
    /// <summary>The validation metric after each round when the model was trained in this process with validation data (not saved).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> History { get; internal set; } = [];

    /// <summary>
    /// Importance of each feature by index: "gain" (average gain of its splits, the default), "weight"
    /// (how many splits use it), "cover", "total_gain" or "total_cover". Unused features score 0.
    /// </summary>
    public float[] FeatureImportance(string type = "gain") => _booster.FeatureImportance(type);

    /// <summary>The prediction for one example of <see cref="FeatureCount"/> values: class probabilities, the positive-class probability, or the value.</summary>
    public float[] Predict(ReadOnlySpan<float> example)
    {
        if (example.Length != FeatureCount) throw new ArgumentException($"An example has {FeatureCount} values; got {example.Length}.", nameof(example));
        var outputs = new float[Outputs];
        _booster.PredictDense(example, 1, FeatureCount, outputs, Outputs);
        return outputs;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input) => _columns.Map(input, FeatureColumnName);

    /// <inheritdoc />
    public string ComponentName => ClassicalComponents.XGBoost;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("xgboost.json", new XGBoostState(Task, FeatureColumnName, FeatureCount, ClassNames.ToArray(), Rounds), ClassicalJson.Default.XGBoostState);
        context.WriteBytes("booster.json", _booster.Save("json"));
    }

    internal sealed record XGBoostState(XGBoostTask Task, string FeatureColumnName, int FeatureCount, string[] ClassNames, int Rounds);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("xgboost.json", ClassicalJson.Default.XGBoostState);
        if (s.FeatureColumnName is not { Length: > 0 } || s.ClassNames is null) throw c.Error("xgboost.json", "feature column or class names missing");
        if (!Enum.IsDefined(s.Task)) throw c.Error("xgboost.json", $"unknown task {(int)s.Task}");
        if (s.FeatureCount <= 0) throw c.Error("xgboost.json", $"feature count {s.FeatureCount} is not positive");
        if (s.Task == XGBoostTask.Multiclass ? s.ClassNames.Length < 2 : s.ClassNames.Length != 0)
            throw c.Error("xgboost.json", $"{s.ClassNames.Length} class names for a {s.Task} model");
        byte[] json = c.ReadBytes("booster.json");
        try
        {
            XGBoostModelValidator.Check(json, s.Task, s.FeatureCount, s.ClassNames.Length, s.Rounds, c.Limits.MaxJsonDepth);
        }
        catch (FormatException e)
        {
            throw c.Error("booster.json", e.Message);
        }
        var booster = new Booster();
        try
        {
            booster.LoadTrusted(json);
            if (booster.FeatureCount != s.FeatureCount || booster.BoostedRounds != s.Rounds)
                throw c.Error("booster.json", $"XGBoost read {booster.FeatureCount} features and {booster.BoostedRounds} rounds; xgboost.json says {s.FeatureCount} and {s.Rounds}");
            return new XGBoostModel(booster, s.Task, s.FeatureColumnName, s.FeatureCount, s.ClassNames);
        }
        catch (XgbException e)
        {
            booster.Dispose();
            throw c.Error("booster.json", "XGBoost refused the model: " + e.Message);
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>Frees the native booster.</summary>
    public void Dispose() => _booster.Dispose();
}
