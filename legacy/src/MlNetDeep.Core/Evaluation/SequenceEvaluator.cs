using MlNetDeep.Data;

namespace MlNetDeep.Evaluation;

/// <summary>
/// Computes <see cref="SequenceMetrics"/> from one row per predicted position: a key Label
/// (the true next token) and a Score vector of next-token probabilities.
/// </summary>
public static class SequenceEvaluator
{
    /// <summary>Evaluates <paramref name="data"/>.</summary>
    public static SequenceMetrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score")
    {
        ArgumentNullException.ThrowIfNull(data);
        var label = ColumnReader.Require(data, labelColumnName, "a key column (the next token)", t => t is KeyDataViewType);
        var score = ColumnReader.Require(data, scoreColumnName, "Vector<Single> of token probabilities", ColumnReader.IsFloatVector);
        long n = 0, correct = 0;
        double nll = 0;
        using (var cursor = data.GetRowCursor([label, score]))
        {
            var gl = cursor.GetGetter<uint>(label);
            var gs = cursor.GetGetter<VBuffer<float>>(score);
            uint l = 0;
            var s = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                gl(ref l);
                if (l == 0) continue;
                gs(ref s);
                var p = s.GetValues();
                int y = (int)l - 1;
                if (y >= p.Length) throw new ArgumentException($"Row {cursor.Position}: token {y} is outside the {p.Length} scores.", nameof(data));
                int best = 0;
                for (int j = 1; j < p.Length; j++) if (p[j] > p[best]) best = j;
                if (best == y) correct++;
                nll -= Math.Log(Math.Clamp((double)p[y], 1e-15, 1));
                n++;
            }
        }
        if (n == 0) throw new ArgumentException("No scored positions.", nameof(data));
        return new SequenceMetrics { NextTokenAccuracy = (double)correct / n, CrossEntropy = nll / n, Perplexity = Math.Exp(nll / n), Positions = n };
    }
}
