namespace MlNetDeep.AutoML.Ensembles;

/// <summary>What <see cref="EnsembleSelection.Select"/> chose.</summary>
/// <param name="Members">Each chosen candidate's index and how many times it was chosen (its weight), by index.</param>
/// <param name="Accuracy">The ensemble's accuracy on the held-out predictions it was chosen on.</param>
/// <param name="LogLoss">Its mean negative log-likelihood there.</param>
/// <param name="BestSingleAccuracy">The best single candidate's accuracy there.</param>
public sealed record EnsembleChoice(IReadOnlyList<(int Candidate, int Count)> Members, double Accuracy, double LogLoss, double BestSingleAccuracy);

/// <summary>
/// Greedy ensemble selection with replacement (Caruana et al., 2004, as auto-sklearn uses it):
/// starting from nothing, each round adds the candidate whose inclusion makes the averaged
/// class probabilities most accurate on held-out predictions (ties: lower log loss, then the
/// earlier candidate), and the best ensemble seen in any round is kept. A candidate chosen
/// several times weighs more. The first round picks the best single candidate, so the result
/// is never worse than it on these predictions.
/// </summary>
public static class EnsembleSelection
{
    /// <summary>
    /// Chooses among <paramref name="predictions"/>: each candidate's probabilities for the same
    /// held-out rows (row-major, <paramref name="classes"/> per row), whose true classes (0-based)
    /// are <paramref name="labels"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No candidates, or a candidate's length is not rows × classes.</exception>
    public static EnsembleChoice Select(IReadOnlyList<float[]> predictions, int[] labels, int classes, int rounds = 25)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        if (predictions.Count == 0) throw new ArgumentException("No candidates to choose from.", nameof(predictions));
        int n = labels.Length;
        for (int j = 0; j < predictions.Count; j++)
            if (predictions[j] is null || predictions[j].Length != n * classes)
                throw new ArgumentException($"Candidate {j} has {predictions[j]?.Length ?? 0} values; {n} rows × {classes} classes need {n * classes}.", nameof(predictions));
        double bestSingle = 0;
        foreach (var p in predictions) bestSingle = Math.Max(bestSingle, Score(p, null, 1, labels, classes).Accuracy);

        var sum = new double[n * classes];
        var counts = new int[predictions.Count];
        int[]? bestCounts = null;
        (double Accuracy, double LogLoss) best = (-1, double.PositiveInfinity);
        for (int r = 1; r <= rounds; r++)
        {
            int pick = -1;
            (double Accuracy, double LogLoss) pickScore = (-1, double.PositiveInfinity);
            for (int j = 0; j < predictions.Count; j++)
            {
                var s = Score(predictions[j], sum, r, labels, classes);
                if (Better(s, pickScore)) (pick, pickScore) = (j, s);
            }
            float[] chosen = predictions[pick];
            for (int i = 0; i < sum.Length; i++) sum[i] += chosen[i];
            counts[pick]++;
            if (Better(pickScore, best)) (best, bestCounts) = (pickScore, (int[])counts.Clone());
        }
        var members = new List<(int, int)>();
        for (int j = 0; j < bestCounts!.Length; j++)
            if (bestCounts[j] > 0) members.Add((j, bestCounts[j]));
        return new EnsembleChoice(members, best.Accuracy, best.LogLoss, bestSingle);
    }

    private static bool Better((double Accuracy, double LogLoss) a, (double Accuracy, double LogLoss) b) =>
        a.Accuracy > b.Accuracy || (a.Accuracy == b.Accuracy && a.LogLoss < b.LogLoss);

    /// <summary>Accuracy and log loss of (<paramref name="sum"/> + <paramref name="add"/>) / <paramref name="members"/>.</summary>
    private static (double Accuracy, double LogLoss) Score(float[] add, double[]? sum, int members, int[] labels, int classes)
    {
        int correct = 0;
        double nll = 0;
        for (int row = 0, o = 0; row < labels.Length; row++, o += classes)
        {
            int arg = 0;
            double max = double.NegativeInfinity, truth = 0;
            for (int k = 0; k < classes; k++)
            {
                double p = ((sum?[o + k] ?? 0) + add[o + k]) / members;
                if (p > max) (max, arg) = (p, k);
                if (k == labels[row]) truth = p;
            }
            if (arg == labels[row]) correct++;
            nll -= Math.Log(Math.Max(truth, 1e-15));
        }
        return ((double)correct / labels.Length, nll / labels.Length);
    }
}
