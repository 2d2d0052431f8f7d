using MlNetDeep.Data;
using MlNetDeep.Evaluation;
using Xunit;

namespace MlNetDeep.Core.Tests;

/// <summary>Cross-validation through the task catalogs, with a tiny nearest-mean classifier as the estimator.</summary>
public class CrossValidateTests
{
    /// <summary>Scores each row by a softmax of negative distances to the class means of X learned in Fit.</summary>
    private sealed class NearestMean : IEstimator<NearestMeanModel>
    {
        public NearestMeanModel Fit(IDataView input)
        {
            var sums = new double[3]; var counts = new int[3];
            using var c = input.GetRowCursor([input.Schema["X"], input.Schema["Label"]]);
            var gx = c.GetGetter<float>(input.Schema["X"]);
            var gl = c.GetGetter<uint>(input.Schema["Label"]);
            float x = 0; uint l = 0;
            while (c.MoveNext()) { gx(ref x); gl(ref l); sums[l - 1] += x; counts[l - 1]++; }
            if (counts.Sum() == 0) throw new ArgumentException("No rows to fit.");
            return new NearestMeanModel(sums.Select((s, i) => counts[i] == 0 ? double.NaN : s / counts[i]).ToArray());
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema.With(
            new SchemaShape.Column("Score", SchemaShape.VectorKind.Vector, NumberDataViewType.Single, [3]),
            new SchemaShape.Column("PredictedLabel", SchemaShape.VectorKind.Scalar, KeyDataViewType.Unknown));
    }

    private sealed class NearestMeanModel(double[] means) : RowToRowTransformerBase
    {
        protected override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input)
        {
            var x = input["X"];
            var names = new Dictionary<string, object> { [AnnotationNames.KeyValues] = new[] { "a", "b", "c" } };
            float[] Probs(float v)
            {
                var e = means.Select(m => double.IsNaN(m) ? 0 : Math.Exp(-Math.Abs(v - m))).ToArray();
                return e.Select(z => (float)(z / e.Sum())).ToArray();
            }
            return
            [
                new MappedColumn("Score", new VectorDataViewType(NumberDataViewType.Single, 3), null, [x], c =>
                {
                    var g = c.GetGetter<float>(x); float v = 0;
                    return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> s) => { g(ref v); s = new VBuffer<float>(Probs(v)); });
                }),
                new MappedColumn("PredictedLabel", new KeyDataViewType(3), names, [x], c =>
                {
                    var g = c.GetGetter<float>(x); float v = 0;
                    return (ValueGetter<uint>)((ref uint k) => { g(ref v); var p = Probs(v); k = (uint)Array.IndexOf(p, p.Max()) + 1; });
                }),
            ];
        }
    }

    [Fact]
    public void CrossValidateGivesPerFoldMetricsWithMeanAndStd()
    {
        var rng = new Random(2);
        int n = 300;
        var labels = Enumerable.Range(0, n).Select(i => (uint)(i % 3) + 1).ToArray();
        var xs = labels.Select(l => (float)(l * 3 + rng.NextDouble() * 2.5)).ToArray();
        var data = new InMemoryDataViewBuilder().AddScalar("X", xs).AddKey("Label", labels, ["a", "b", "c"]).Build();
        var ctx = new MLContext(5);
        var folds = ctx.MulticlassClassification.CrossValidate(data, new NearestMean(), numberOfFolds: 4, seed: 11);
        Assert.Equal(4, folds.Count);
        Assert.Equal([0, 1, 2, 3], folds.Select(f => f.Fold));
        Assert.All(folds, f => Assert.InRange(f.Metrics.MicroAccuracy, 0.6, 1.0));
        var stats = MetricStatistics.Of(folds, m => m.MicroAccuracy);
        Assert.Equal(folds.Average(f => f.Metrics.MicroAccuracy), stats.Mean, 12);
        double mean = stats.Mean;
        Assert.Equal(Math.Sqrt(folds.Sum(f => Math.Pow(f.Metrics.MicroAccuracy - mean, 2)) / 3), stats.StandardDeviation, 12);
        // Same seed, same folds, same numbers.
        var again = new MLContext(99).MulticlassClassification.CrossValidate(data, new NearestMean(), numberOfFolds: 4, seed: 11);
        Assert.Equal(folds.Select(f => f.Metrics.MicroAccuracy), again.Select(f => f.Metrics.MicroAccuracy));
        Assert.Equal(n, folds.Sum(f => f.ScoredTestData.GetRowCount() ?? 0));
    }
}
