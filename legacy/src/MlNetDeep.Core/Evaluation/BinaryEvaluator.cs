using MlNetDeep.Data;

namespace MlNetDeep.Evaluation;

/// <summary>
/// Computes <see cref="BinaryClassificationMetrics"/> from a Boolean label, a raw Score
/// (higher means more positive), an optional Probability and a Boolean PredictedLabel.
/// AUC counts tied scores as half; PR-AUC is average precision over distinct score
/// thresholds, as scikit-learn's average_precision_score.
/// </summary>
public static class BinaryEvaluator
{
    private const double Eps = 1e-15;

    /// <summary>Evaluates <paramref name="data"/>.</summary>
    /// <exception cref="SchemaMismatchException">A column is missing or of the wrong type.</exception>
    /// <exception cref="ArgumentException">No rows, or only one class in the labels (AUC is undefined).</exception>
    public static BinaryClassificationMetrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score",
        string? probabilityColumnName = "Probability", string predictedLabelColumnName = "PredictedLabel")
    {
        ArgumentNullException.ThrowIfNull(data);
        var label = ColumnReader.Require(data, labelColumnName, "Boolean", t => t == BooleanDataViewType.Instance);
        var score = ColumnReader.Require(data, scoreColumnName, "Single or Double", ColumnReader.IsFloatScalar);
        var pred = ColumnReader.Require(data, predictedLabelColumnName, "Boolean", t => t == BooleanDataViewType.Instance);
        DataViewSchema.Column? prob = probabilityColumnName is null ? null : data.Schema.GetColumnOrNull(probabilityColumnName);
        if (prob is not null && !ColumnReader.IsFloatScalar(prob.Type)) throw new SchemaMismatchException(prob.Name, "Single or Double", prob.Type.ToString());

        var scored = new List<(double Score, bool Label)>();
        long tp = 0, fp = 0, tn = 0, fn = 0;
        double logLoss = 0;
        using (var cursor = data.GetRowCursor(prob is null ? [label, score, pred] : [label, score, pred, prob]))
        {
            var gl = cursor.GetGetter<bool>(label);
            var gp = cursor.GetGetter<bool>(pred);
            var gs = ColumnReader.Double(cursor, score);
            var gprob = prob is null ? null : ColumnReader.Double(cursor, prob);
            bool l = false, p = false;
            while (cursor.MoveNext())
            {
                gl(ref l);
                gp(ref p);
                double s = gs();
                if (double.IsNaN(s)) throw new ArgumentException($"Row {cursor.Position}: score is NaN.", nameof(data));
                scored.Add((s, l));
                if (l && p) tp++; else if (!l && p) fp++; else if (!l) tn++; else fn++;
                if (gprob is not null)
                {
                    double q = Math.Clamp(gprob(), Eps, 1 - Eps);
                    logLoss -= l ? Math.Log(q) : Math.Log(1 - q);
                }
            }
        }
        long n = scored.Count, pos = tp + fn, neg = n - pos;
        if (n == 0) throw new ArgumentException("No rows to evaluate.", nameof(data));
        if (pos == 0 || neg == 0)
            throw new ArgumentException($"The labels hold only {(pos == 0 ? "negative" : "positive")} rows; AUC needs both classes.", nameof(data));

        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        double auc = 0, ap = 0, prevRecall = 0;
        long seenPos = 0, seenNeg = 0;
        for (int i = 0; i < scored.Count;)
        {
            int j = i;
            long gPos = 0, gNeg = 0;
            while (j < scored.Count && scored[j].Score == scored[i].Score) { if (scored[j].Label) gPos++; else gNeg++; j++; }
            // Negatives in this group rank below the positives seen before it and tie with the group's positives.
            auc += gNeg * (seenPos + gPos / 2.0);
            seenPos += gPos;
            seenNeg += gNeg;
            double recall = (double)seenPos / pos, precision = (double)seenPos / (seenPos + seenNeg);
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
            i = j;
        }
        double prec = tp + fp == 0 ? 0 : (double)tp / (tp + fp), rec = (double)tp / pos;
        return new BinaryClassificationMetrics
        {
            AreaUnderRocCurve = auc / (pos * (double)neg),
            AreaUnderPrecisionRecallCurve = ap,
            Accuracy = (double)(tp + tn) / n,
            PositivePrecision = prec,
            PositiveRecall = rec,
            F1Score = prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec),
            LogLoss = prob is null ? double.NaN : logLoss / n,
            ConfusionMatrix = new ConfusionMatrix(new long[,] { { tn, fp }, { fn, tp } }, ["False", "True"]),
        };
    }
}
