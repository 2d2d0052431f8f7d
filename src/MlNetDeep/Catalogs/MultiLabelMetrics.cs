using Microsoft.ML.Data;
using MlNetDeep.Schema;

namespace Microsoft.ML;

/// <summary>Multi-label classification metrics (see <see cref="MultiLabelClassificationCatalog.Evaluate"/>).</summary>
public sealed class MultiLabelMetrics
{
    private MultiLabelMetrics(double hamming, double subset, double micro, double macro, IReadOnlyList<double> perLabel) =>
        (HammingLoss, SubsetAccuracy, MicroF1, MacroF1, PerLabelF1) = (hamming, subset, micro, macro, perLabel);

    /// <summary>The fraction of (row, label) pairs predicted wrongly.</summary>
    public double HammingLoss { get; }

    /// <summary>The fraction of rows with every label predicted right.</summary>
    public double SubsetAccuracy { get; }

    /// <summary>F1 over all (row, label) pairs pooled.</summary>
    public double MicroF1 { get; }

    /// <summary>The mean of the labels' F1.</summary>
    public double MacroF1 { get; }

    /// <summary>Each label's F1 (a label never present nor predicted counts as 1).</summary>
    public IReadOnlyList<double> PerLabelF1 { get; }

    internal static MultiLabelMetrics Compute(IDataView data, string label, string predicted)
    {
        ArgumentNullException.ThrowIfNull(data);
        var l = data.Schema.GetColumnOrNull(label) ?? throw new SchemaMismatchException(label, "a vector of Boolean or Single", null);
        var p = data.Schema.GetColumnOrNull(predicted) ?? throw new SchemaMismatchException(predicted, "a vector of Boolean", null);
        if (p.Type is not VectorDataViewType { Size: > 0 } pv || pv.ItemType != BooleanDataViewType.Instance)
            throw new SchemaMismatchException(predicted, "a vector of Boolean of known size", p.Type.ToString());
        if (l.Type is not VectorDataViewType { Size: var n } || n != pv.Size)
            throw new SchemaMismatchException(label, $"a vector of {pv.Size} Boolean or Single values", l.Type.ToString());
        int k = pv.Size;
        var truth = MlNetDeep.Data.BatchColumn.For(l);
        long[] tp = new long[k], fp = new long[k], fn = new long[k];
        long rows = 0, exact = 0, wrong = 0;
        using var cursor = data.GetRowCursor([l, p]);
        var readLabel = truth.Bind(cursor);
        var getPredicted = cursor.GetGetter<VBuffer<bool>>(p);
        var labels = new float[k];
        VBuffer<bool> guesses = default;
        while (cursor.MoveNext())
        {
            readLabel.Read(labels, 0);
            getPredicted(ref guesses);
            var g = guesses.DenseValues().ToArray();
            bool allRight = true;
            for (int i = 0; i < k; i++)
            {
                bool t = labels[i] > 0.5f;
                if (t && g[i]) tp[i]++;
                else if (!t && g[i]) fp[i]++;
                else if (t && !g[i]) fn[i]++;
                if (t != g[i]) { allRight = false; wrong++; }
            }
            if (allRight) exact++;
            rows++;
        }
        if (rows == 0) throw new ArgumentException("The data has no rows to evaluate.", nameof(data));
        static double F1(long tp, long fp, long fn) => tp + fp + fn == 0 ? 1 : 2.0 * tp / (2.0 * tp + fp + fn);
        var perLabel = Enumerable.Range(0, k).Select(i => F1(tp[i], fp[i], fn[i])).ToArray();
        return new MultiLabelMetrics((double)wrong / (rows * k), (double)exact / rows, F1(tp.Sum(), fp.Sum(), fn.Sum()), perLabel.Average(), perLabel);
    }
}
