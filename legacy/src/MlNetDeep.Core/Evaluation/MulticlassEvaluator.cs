using MlNetDeep.Data;

namespace MlNetDeep.Evaluation;

/// <summary>
/// Computes <see cref="MulticlassClassificationMetrics"/> from a scored view: a key label
/// column, a Score column of per-class probabilities (Vector&lt;Single&gt;) and a
/// PredictedLabel key column. Rows with a missing label (key 0) are skipped. Definitions
/// agree with scikit-learn's accuracy, balanced accuracy, log-loss, top-k accuracy,
/// precision/recall/F1 and confusion matrix (tests/MlNetDeep.Core.Tests/Golden).
/// </summary>
public static class MulticlassEvaluator
{
    private const double Eps = 1e-15;

    /// <summary>Evaluates <paramref name="data"/>.</summary>
    /// <exception cref="SchemaMismatchException">A column is missing or of the wrong type.</exception>
    /// <exception cref="ArgumentException">No row has a label.</exception>
    public static MulticlassClassificationMetrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score",
        string predictedLabelColumnName = "PredictedLabel", int topKPredictionCount = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(topKPredictionCount);
        var label = ColumnReader.Require(data, labelColumnName, "a key column (use MapValueToKey)", t => t is KeyDataViewType);
        var score = ColumnReader.Require(data, scoreColumnName, "Vector<Single> of class probabilities", ColumnReader.IsFloatVector);
        var pred = ColumnReader.Require(data, predictedLabelColumnName, "a key column", t => t is KeyDataViewType);
        int k = checked((int)((KeyDataViewType)label.Type).Count);
        IReadOnlyList<string> names = label.KeyValues ?? Enumerable.Range(0, k).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var counts = new long[k, k];
        var classLogLoss = new double[k];
        var classRows = new long[k];
        long rows = 0, correct = 0, topK = 0;
        double logLoss = 0;
        using (var cursor = data.GetRowCursor([label, score, pred]))
        {
            var gl = cursor.GetGetter<uint>(label);
            var gs = cursor.GetGetter<VBuffer<float>>(score);
            var gp = cursor.GetGetter<uint>(pred);
            uint l = 0, p = 0;
            var s = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                gl(ref l);
                if (l == 0) continue;
                gs(ref s);
                gp(ref p);
                int y = (int)l - 1;
                var probs = s.GetValues();
                if (probs.Length != k)
                    throw new ArgumentException($"Row {cursor.Position}: column '{scoreColumnName}' has {probs.Length} scores for {k} classes.", nameof(data));
                rows++;
                classRows[y]++;
                int yhat = p == 0 ? -1 : (int)p - 1;
                if (yhat == y) correct++;
                if (yhat >= 0 && yhat < k) counts[y, yhat]++;
                double py = Math.Clamp((double)probs[y], Eps, 1 - Eps);
                logLoss -= Math.Log(py);
                classLogLoss[y] -= Math.Log(py);
                if (topKPredictionCount > 0)
                {
                    int higher = 0;
                    for (int j = 0; j < k; j++) if (probs[j] > probs[y]) higher++;
                    if (higher < topKPredictionCount) topK++;
                }
            }
        }
        if (rows == 0) throw new ArgumentException($"No row has a label in '{labelColumnName}'; cannot evaluate.", nameof(data));

        var precision = new double[k];
        var recall = new double[k];
        var f1 = new double[k];
        for (int c = 0; c < k; c++)
        {
            long tp = counts[c, c], predicted = 0, actual = 0;
            for (int j = 0; j < k; j++) { predicted += counts[j, c]; actual += counts[c, j]; }
            precision[c] = predicted == 0 ? 0 : (double)tp / predicted;
            recall[c] = classRows[c] == 0 ? 0 : (double)tp / classRows[c];
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
        }
        double ll = logLoss / rows;
        double prior = 0;
        for (int c = 0; c < k; c++)
            if (classRows[c] > 0) prior -= classRows[c] * Math.Log(Math.Clamp((double)classRows[c] / rows, Eps, 1 - Eps));
        prior /= rows;
        var present = Enumerable.Range(0, k).Where(c => classRows[c] > 0).ToArray();
        return new MulticlassClassificationMetrics
        {
            MicroAccuracy = (double)correct / rows,
            MacroAccuracy = present.Average(c => recall[c]),
            LogLoss = ll,
            LogLossReduction = prior > 0 ? 1 - ll / prior : 0,
            TopKAccuracy = topKPredictionCount > 0 ? (double)topK / rows : 0,
            TopKPredictionCount = topKPredictionCount,
            PerClassPrecision = precision,
            PerClassRecall = recall,
            PerClassF1 = f1,
            MacroF1 = f1.Average(),
            PerClassLogLoss = Enumerable.Range(0, k).Select(c => classRows[c] == 0 ? 0 : classLogLoss[c] / classRows[c]).ToArray(),
            ConfusionMatrix = new ConfusionMatrix(counts, names),
        };
    }
}
