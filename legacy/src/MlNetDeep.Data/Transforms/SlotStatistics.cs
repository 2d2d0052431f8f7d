namespace MlNetDeep.Data.Transforms;

/// <summary>Per-slot normalization functions learned from data.</summary>
internal static class SlotStatistics
{
    /// <summary>Reads the column once and returns one normalizer per slot.</summary>
    internal static SlotNormalizer[] Fit(IDataView data, DataViewSchema.Column col, NormalizerMode mode, bool fixZero, int bins)
    {
        int slots = ColumnTypes.SlotCount(col.Type);
        var min = Enumerable.Repeat(double.PositiveInfinity, slots).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, slots).ToArray();
        var sum = new double[slots]; var sq = new double[slots]; var n = new long[slots];
        var lsum = new double[slots]; var lsq = new double[slots]; var ln = new long[slots];
        List<float>[]? samples = mode == NormalizerMode.Binning ? Enumerable.Range(0, slots).Select(_ => new List<float>()).ToArray() : null;
        long rows = 0;
        using (var cursor = data.GetRowCursor([col]))
        {
            Action<Action<int, float>> read;
            if (col.Type is VectorDataViewType)
            {
                var g = cursor.GetGetter<VBuffer<float>>(col);
                var b = default(VBuffer<float>);
                read = visit => { g(ref b); var v = b.GetValues(); for (int i = 0; i < v.Length; i++) visit(i, v[i]); };
            }
            else
            {
                var g = cursor.GetGetter<float>(col);
                float x = 0;
                read = visit => { g(ref x); visit(0, x); };
            }
            void Visit(int i, float x)
            {
                if (float.IsNaN(x)) return;
                min[i] = Math.Min(min[i], x); max[i] = Math.Max(max[i], x);
                sum[i] += x; sq[i] += (double)x * x; n[i]++;
                if (x > 0) { double l = Math.Log(x); lsum[i] += l; lsq[i] += l * l; ln[i]++; }
                samples?[i].Add(x);
            }
            while (cursor.MoveNext()) { read(Visit); rows++; }
        }
        if (rows == 0) throw new ArgumentException($"Cannot fit a normalizer on column '{col.Name}': the data has no rows.");
        var result = new SlotNormalizer[slots];
        for (int i = 0; i < slots; i++)
        {
            if (n[i] == 0) { result[i] = SlotNormalizer.Identity; continue; }
            switch (mode)
            {
                case NormalizerMode.MinMax:
                {
                    double lo = min[i], hi = max[i];
                    if (fixZero) { double s = Math.Max(Math.Abs(lo), Math.Abs(hi)); result[i] = s == 0 ? SlotNormalizer.Zero : SlotNormalizer.Affine(1 / s, 0); }
                    else result[i] = hi == lo ? SlotNormalizer.Zero : SlotNormalizer.Affine(1 / (hi - lo), -lo);
                    break;
                }
                case NormalizerMode.MeanVariance:
                {
                    double mean = sum[i] / n[i], std = Math.Sqrt(Math.Max(0, sq[i] / n[i] - mean * mean));
                    result[i] = std == 0 ? SlotNormalizer.Zero : SlotNormalizer.Affine(1 / std, fixZero ? 0 : -mean);
                    break;
                }
                case NormalizerMode.LogMeanVariance:
                {
                    if (ln[i] == 0) { result[i] = SlotNormalizer.Zero; break; }
                    double mu = lsum[i] / ln[i], sigma = Math.Sqrt(Math.Max(0, lsq[i] / ln[i] - mu * mu));
                    result[i] = new SlotNormalizer(SlotNormalizer.Kinds.LogCdf, Mu: mu, Sigma: sigma);
                    break;
                }
                default:
                {
                    float[] sorted = samples![i].Order().ToArray();
                    int k = Math.Min(bins, sorted.Distinct().Count());
                    // Upper edges of k equal-frequency bins; a value's bin is the first edge >= it.
                    float[] edges = Enumerable.Range(1, k).Select(b => sorted[Math.Min(sorted.Length - 1, (int)((long)b * sorted.Length / k) - 1)]).Distinct().ToArray();
                    result[i] = new SlotNormalizer(SlotNormalizer.Kinds.Bins, Edges: edges);
                    break;
                }
            }
        }
        return result;
    }

    /// <summary>Standard normal CDF (Abramowitz-Stegun 7.1.26 erf, |error| &lt; 1.5e-7).</summary>
    internal static double NormalCdf(double z)
    {
        double x = Math.Abs(z) / Math.Sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return 0.5 * (1 + (z < 0 ? -erf : erf));
    }
}
