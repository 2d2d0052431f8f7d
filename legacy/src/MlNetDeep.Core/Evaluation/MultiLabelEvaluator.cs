using MlNetDeep.Data;

namespace MlNetDeep.Evaluation;

/// <summary>Computes <see cref="MultiLabelClassificationMetrics"/> from Boolean vector Label and PredictedLabel columns of equal size.</summary>
public static class MultiLabelEvaluator
{
    /// <summary>Evaluates <paramref name="data"/>.</summary>
    public static MultiLabelClassificationMetrics Evaluate(IDataView data, string labelColumnName = "Label", string predictedLabelColumnName = "PredictedLabel")
    {
        ArgumentNullException.ThrowIfNull(data);
        static bool IsBoolVector(DataViewType t) => t is VectorDataViewType { IsKnownSize: true } v && v.ItemType == BooleanDataViewType.Instance;
        var label = ColumnReader.Require(data, labelColumnName, "Vector<Boolean> of fixed size", IsBoolVector);
        var pred = ColumnReader.Require(data, predictedLabelColumnName, "Vector<Boolean> of fixed size", IsBoolVector);
        int L = ((VectorDataViewType)label.Type).Size;
        if (((VectorDataViewType)pred.Type).Size != L)
            throw new SchemaMismatchException(predictedLabelColumnName, $"Vector<Boolean, {L}>", pred.Type.ToString());
        var tp = new long[L]; var fp = new long[L]; var fn = new long[L];
        long rows = 0, wrong = 0, exact = 0;
        using (var cursor = data.GetRowCursor([label, pred]))
        {
            var gl = cursor.GetGetter<VBuffer<bool>>(label);
            var gp = cursor.GetGetter<VBuffer<bool>>(pred);
            var y = default(VBuffer<bool>); var p = default(VBuffer<bool>);
            while (cursor.MoveNext())
            {
                gl(ref y); gp(ref p);
                var yv = y.GetValues(); var pv = p.GetValues();
                rows++;
                bool all = true;
                for (int j = 0; j < L; j++)
                {
                    if (yv[j] && pv[j]) tp[j]++;
                    else if (!yv[j] && pv[j]) { fp[j]++; wrong++; all = false; }
                    else if (yv[j] && !pv[j]) { fn[j]++; wrong++; all = false; }
                }
                if (all) exact++;
            }
        }
        if (rows == 0) throw new ArgumentException("No rows to evaluate.", nameof(data));
        static double F1(long t, long f1, long f2) => 2 * t + f1 + f2 == 0 ? 0 : 2.0 * t / (2 * t + f1 + f2);
        var per = Enumerable.Range(0, L).Select(j => F1(tp[j], fp[j], fn[j])).ToArray();
        return new MultiLabelClassificationMetrics
        {
            HammingLoss = (double)wrong / (rows * L),
            SubsetAccuracy = (double)exact / rows,
            MicroF1 = F1(tp.Sum(), fp.Sum(), fn.Sum()),
            MacroF1 = per.Average(),
            PerLabelF1 = per,
        };
    }
}
