using MlNetDeep.Cli.Specs;
using MlNetDeep.Data;

namespace MlNetDeep.Cli.Compare;

/// <summary>A pipeline's test-set evaluation: its headline metric (what the leaderboard ranks by) and the rest.</summary>
internal sealed record EvaluationResult(string MetricName, double Score, Dictionary<string, double> Metrics)
{
    public string[]? ClassNames { get; init; }
    public long[][]? Confusion { get; init; }
    public double[]? PerClassF1 { get; init; }
    public List<Misclassified> Misclassified { get; init; } = [];
}

/// <summary>
/// The same evaluator for every pipeline of a task, so a CNN and a boosted tree are compared
/// like for like. Classification ranks by accuracy, regression by R², clustering by purity
/// against the label (each cluster counted as its most common class), anomaly detection by AUC.
/// </summary>
internal static class Evaluation
{
    public static EvaluationResult Evaluate(MLContext ctx, PipelineTask task, IDataView scored, string label)
    {
        switch (task)
        {
            case PipelineTask.Multiclass:
            {
                var m = ctx.MulticlassClassification.Evaluate(scored, label);
                var classes = m.ConfusionMatrix.ClassNames.ToArray();
                return new EvaluationResult("accuracy", m.MicroAccuracy, new()
                {
                    ["accuracy"] = m.MicroAccuracy, ["macro_accuracy"] = m.MacroAccuracy, ["macro_f1"] = m.MacroF1, ["log_loss"] = m.LogLoss,
                })
                {
                    ClassNames = classes, Confusion = Rows(m.ConfusionMatrix.Counts), PerClassF1 = m.PerClassF1.ToArray(),
                    Misclassified = Mistakes(scored, label, classes),
                };
            }
            case PipelineTask.Binary:
            {
                var m = ctx.BinaryClassification.Evaluate(scored, label);
                return new EvaluationResult("accuracy", m.Accuracy, new()
                {
                    ["accuracy"] = m.Accuracy, ["auc"] = m.AreaUnderRocCurve, ["f1"] = m.F1Score, ["log_loss"] = m.LogLoss,
                })
                { ClassNames = m.ConfusionMatrix.ClassNames.ToArray(), Confusion = Rows(m.ConfusionMatrix.Counts) };
            }
            case PipelineTask.Regression:
            {
                var m = ctx.Regression.Evaluate(scored, label);
                return new EvaluationResult("r2", m.RSquared, new() { ["r2"] = m.RSquared, ["rmse"] = m.RootMeanSquaredError, ["mae"] = m.MeanAbsoluteError });
            }
            case PipelineTask.Clustering:
            {
                bool labelled = scored.Schema.GetColumnOrNull(label) is { Type: KeyDataViewType };
                var m = ctx.Clustering.Evaluate(scored, labelColumnName: labelled ? label : null);
                var metrics = new Dictionary<string, double> { ["average_distance"] = m.AverageDistance, ["davies_bouldin"] = m.DaviesBouldinIndex };
                if (!labelled) return new EvaluationResult("davies_bouldin", m.DaviesBouldinIndex, metrics);
                double purity = Purity(scored, label);
                metrics["purity"] = purity;
                metrics["nmi"] = m.NormalizedMutualInformation;
                return new EvaluationResult("purity", purity, metrics);
            }
            case PipelineTask.AnomalyDetection:
            {
                var m = ctx.AnomalyDetection.Evaluate(scored, label);
                return new EvaluationResult("auc", m.AreaUnderRocCurve, new() { ["auc"] = m.AreaUnderRocCurve });
            }
            default:
            {
                var m = ctx.MultiLabelClassification.Evaluate(scored, label);
                var metrics = m.GetType().GetProperties().Where(p => p.PropertyType == typeof(double))
                    .ToDictionary(p => SpecBinder.Snake(p.Name), p => (double)p.GetValue(m)!);
                string main = metrics.Keys.FirstOrDefault(k => k.Contains("f1", StringComparison.Ordinal)) ?? metrics.Keys.First();
                return new EvaluationResult(main, metrics[main], metrics);
            }
        }
    }

    private static long[][] Rows(long[,] counts) =>
        Enumerable.Range(0, counts.GetLength(0)).Select(i => Enumerable.Range(0, counts.GetLength(1)).Select(j => counts[i, j]).ToArray()).ToArray();

    /// <summary>Purity: the fraction of rows whose cluster's most common label is their own.</summary>
    internal static double Purity(IDataView scored, string label)
    {
        var l = scored.Schema[label];
        var p = scored.Schema["PredictedLabel"];
        var counts = new Dictionary<(uint Cluster, uint Label), long>();
        long n = 0;
        using (var cursor = scored.GetRowCursor([l, p]))
        {
            var gl = cursor.GetGetter<uint>(l);
            var gp = cursor.GetGetter<uint>(p);
            uint lv = 0, pv = 0;
            while (cursor.MoveNext())
            {
                gl(ref lv);
                gp(ref pv);
                if (lv == 0) continue;
                counts[(pv, lv)] = counts.GetValueOrDefault((pv, lv)) + 1;
                n++;
            }
        }
        return n == 0 ? double.NaN : counts.GroupBy(kv => kv.Key.Cluster).Sum(g => g.Max(kv => kv.Value)) / (double)n;
    }

    /// <summary>Up to 24 misclassified test rows, with their pixels when the features are a grey image ([1, H, W] or [H, W]).</summary>
    private static List<Misclassified> Mistakes(IDataView scored, string label, string[] classes)
    {
        var result = new List<Misclassified>();
        var features = scored.Schema.GetColumnOrNull("Features");
        var image = features?.Type is VectorDataViewType { IsKnownSize: true, ItemType: NumberDataViewType { RawType: var rt } } v && rt == typeof(float)
            && (v.Dimensions.Count == 2 || (v.Dimensions.Count == 3 && v.Dimensions[0] == 1)) ? v : null;
        var l = scored.Schema[label];
        var p = scored.Schema["PredictedLabel"];
        using var cursor = scored.GetRowCursor(image is null ? [l, p] : [l, p, features!]);
        var gl = cursor.GetGetter<uint>(l);
        var gp = cursor.GetGetter<uint>(p);
        var gf = image is null ? null : cursor.GetGetter<VBuffer<float>>(features!);
        uint lv = 0, pv = 0;
        var buf = default(VBuffer<float>);
        while (result.Count < 24 && cursor.MoveNext())
        {
            gl(ref lv);
            gp(ref pv);
            if (lv == pv || lv == 0 || pv == 0 || lv > classes.Length || pv > classes.Length) continue;
            byte[]? pixels = null;
            int h = 0, w = 0;
            if (gf is not null)
            {
                gf(ref buf);
                var values = buf.ToArray();
                (h, w) = (image!.Dimensions[image.Dimensions.Count - 2], image.Dimensions[image.Dimensions.Count - 1]);
                float max = values.Length == 0 ? 1 : Math.Max(values.Max(), 1e-6f);
                float scale = max > 1.5f ? 1f : 255f; // [0, 1] floats or 0-255 values
                pixels = values.Select(x => (byte)Math.Clamp(MathF.Round(x * scale), 0, 255)).ToArray();
            }
            result.Add(new Misclassified(cursor.Position, classes[lv - 1], classes[pv - 1], h, w, pixels));
        }
        return result;
    }
}
