using MlNetDeep.Data;

namespace MlNetDeep.Evaluation;

/// <summary>
/// Computes <see cref="ClusteringMetrics"/> from a Features vector column and a
/// PredictedLabel key column (the cluster), plus a Label column for NMI when given.
/// Cluster centres are the means of their rows, as in scikit-learn's davies_bouldin_score.
/// </summary>
public static class ClusteringEvaluator
{
    /// <summary>Evaluates <paramref name="data"/>.</summary>
    public static ClusteringMetrics Evaluate(IDataView data, string featureColumnName = "Features", string predictedLabelColumnName = "PredictedLabel",
        string? labelColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var feat = ColumnReader.Require(data, featureColumnName, "Vector<Single>", ColumnReader.IsFloatVector);
        var pred = ColumnReader.Require(data, predictedLabelColumnName, "a key column (the cluster)", t => t is KeyDataViewType);
        DataViewSchema.Column? label = labelColumnName is null ? null
            : ColumnReader.Require(data, labelColumnName, "a key column", t => t is KeyDataViewType);
        int k = checked((int)((KeyDataViewType)pred.Type).Count);
        var rows = new List<(float[] X, int C, int L)>();
        using (var cursor = data.GetRowCursor(label is null ? [feat, pred] : [feat, pred, label]))
        {
            var gf = cursor.GetGetter<VBuffer<float>>(feat);
            var gp = cursor.GetGetter<uint>(pred);
            var gl = label is null ? null : cursor.GetGetter<uint>(label);
            var f = default(VBuffer<float>);
            uint p = 0, l = 0;
            while (cursor.MoveNext())
            {
                gf(ref f);
                gp(ref p);
                gl?.Invoke(ref l);
                if (p == 0) continue;
                rows.Add((f.ToArray(), (int)p - 1, (int)l - 1));
            }
        }
        if (rows.Count == 0) throw new ArgumentException("No rows with a cluster to evaluate.", nameof(data));
        int dim = rows[0].X.Length;
        var centres = new double[k, dim];
        var sizes = new int[k];
        foreach (var (x, c, _) in rows) { sizes[c]++; for (int d = 0; d < dim; d++) centres[c, d] += x[d]; }
        for (int c = 0; c < k; c++) for (int d = 0; d < dim; d++) if (sizes[c] > 0) centres[c, d] /= sizes[c];
        double Dist2(float[] x, int c) { double s = 0; for (int d = 0; d < dim; d++) s += (x[d] - centres[c, d]) * (x[d] - centres[c, d]); return s; }
        var scatter = new double[k];
        double total = 0;
        foreach (var (x, c, _) in rows)
        {
            double d2 = Dist2(x, c);
            total += d2;
            scatter[c] += Math.Sqrt(d2);
        }
        var used = Enumerable.Range(0, k).Where(c => sizes[c] > 0).ToArray();
        foreach (int c in used) scatter[c] /= sizes[c];
        double dbi = 0;
        foreach (int i in used)
        {
            double worst = 0;
            foreach (int j in used)
            {
                if (i == j) continue;
                double sep = 0;
                for (int d = 0; d < dim; d++) sep += (centres[i, d] - centres[j, d]) * (centres[i, d] - centres[j, d]);
                worst = Math.Max(worst, (scatter[i] + scatter[j]) / Math.Sqrt(sep));
            }
            dbi += worst;
        }
        return new ClusteringMetrics
        {
            AverageDistance = total / rows.Count,
            DaviesBouldinIndex = used.Length < 2 ? double.NaN : dbi / used.Length,
            NormalizedMutualInformation = label is null ? double.NaN : Nmi(rows.Select(r => (r.L, r.C)).Where(p => p.L >= 0).ToList()),
        };
    }

    private static double Nmi(List<(int L, int C)> pairs)
    {
        double n = pairs.Count;
        var joint = pairs.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        var pl = pairs.GroupBy(p => p.L).ToDictionary(g => g.Key, g => g.Count());
        var pc = pairs.GroupBy(p => p.C).ToDictionary(g => g.Key, g => g.Count());
        double mi = joint.Sum(kv => kv.Value / n * Math.Log(n * kv.Value / ((double)pl[kv.Key.L] * pc[kv.Key.C])));
        double hl = -pl.Values.Sum(v => v / n * Math.Log(v / n)), hc = -pc.Values.Sum(v => v / n * Math.Log(v / n));
        if (hl == 0 && hc == 0) return 1;
        return mi / ((hl + hc) / 2);
    }
}
