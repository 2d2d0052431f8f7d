namespace MlNetDeep.Evaluation;

/// <summary>Computes <see cref="RegressionMetrics"/> from float or double Label and Score columns. Rows with a NaN label are skipped.</summary>
public static class RegressionEvaluator
{
    /// <summary>Evaluates <paramref name="data"/>.</summary>
    public static RegressionMetrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score")
    {
        ArgumentNullException.ThrowIfNull(data);
        var label = ColumnReader.Require(data, labelColumnName, "Single or Double", ColumnReader.IsFloatScalar);
        var score = ColumnReader.Require(data, scoreColumnName, "Single or Double", ColumnReader.IsFloatScalar);
        var ys = new List<double>();
        double abs = 0, sq = 0;
        using (var cursor = data.GetRowCursor([label, score]))
        {
            var gl = ColumnReader.Double(cursor, label);
            var gs = ColumnReader.Double(cursor, score);
            while (cursor.MoveNext())
            {
                double y = gl(), s = gs();
                if (double.IsNaN(y)) continue;
                ys.Add(y);
                abs += Math.Abs(y - s);
                sq += (y - s) * (y - s);
            }
        }
        if (ys.Count == 0) throw new ArgumentException("No rows with a label to evaluate.", nameof(data));
        double mean = ys.Average(), tot = ys.Sum(y => (y - mean) * (y - mean));
        int n = ys.Count;
        return new RegressionMetrics
        {
            MeanAbsoluteError = abs / n,
            MeanSquaredError = sq / n,
            RootMeanSquaredError = Math.Sqrt(sq / n),
            RSquared = tot == 0 ? (sq == 0 ? 1 : 0) : 1 - sq / tot,
        };
    }
}
