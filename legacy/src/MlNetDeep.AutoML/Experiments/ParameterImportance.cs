using System.Globalization;

namespace MlNetDeep.AutoML.Experiments;

/// <summary>How much of the loss's variation across a family's trials one parameter accounts for.</summary>
/// <param name="Family">The value of the grouping parameter (e.g. the trainer family), or "" without grouping.</param>
/// <param name="Parameter">The parameter.</param>
/// <param name="Importance">ε², in [0, 1]: the share of the loss variance between the parameter's groups, corrected for the share chance alone gives.</param>
/// <param name="Trials">The completed trials it was measured on.</param>
public sealed record ParameterImportance(string Family, string Parameter, double Importance, int Trials)
{
    /// <summary>
    /// Each parameter's importance within each family's completed trials (finite losses only):
    /// a number's trials are cut into <paramref name="bins"/> equal-count bins by value, a choice's
    /// grouped by value, and the importance is the effect size ε² of a one-way analysis of
    /// variance of the loss over those groups: (SS_between − (k − 1)·MS_within) / (SS_total +
    /// MS_within), clipped at 0. Families with fewer than <paramref name="minimumTrials"/> trials,
    /// and parameters that took one value, are left out. Most important first within a family.
    /// </summary>
    public static IReadOnlyList<ParameterImportance> Compute(IEnumerable<Trial> trials, string? groupBy = AutoMLExperiment.TrainerParameter, int bins = 4, int minimumTrials = 6)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        var done = trials.Where(t => t.Status == TrialStatus.Completed && double.IsFinite(t.Loss)).ToList();
        var result = new List<ParameterImportance>();
        foreach (var family in done.GroupBy(t => groupBy is not null && t.Parameters.TryGetValue(groupBy, out var v) ? Text(v) : "").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = family.ToList();
            if (rows.Count < minimumTrials) continue;
            var names = rows.SelectMany(t => t.Parameters.Keys).Where(k => k != groupBy).Distinct().Order(StringComparer.Ordinal);
            var scores = new List<ParameterImportance>();
            foreach (string name in names)
            {
                var having = rows.Where(t => t.Parameters.ContainsKey(name)).ToList();
                if (having.Count < minimumTrials) continue;
                var groups = Groups(having.Select(t => t.Parameters[name]).ToList(), bins);
                if (groups.Distinct().Count() < 2) continue;
                scores.Add(new ParameterImportance(family.Key, name, EpsilonSquared(having.Select(t => t.Loss).ToList(), groups), having.Count));
            }
            result.AddRange(scores.OrderByDescending(s => s.Importance).ThenBy(s => s.Parameter, StringComparer.Ordinal));
        }
        return result;
    }

    private static string Text(object v) => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";

    /// <summary>A group index per value: equal-count bins by rank for numbers, one group per distinct value otherwise.</summary>
    private static int[] Groups(List<object> values, int bins)
    {
        if (values.All(v => v is int or long or double or float) && values.Select(Text).Distinct().Count() > bins)
        {
            var order = Enumerable.Range(0, values.Count).OrderBy(i => Convert.ToDouble(values[i], CultureInfo.InvariantCulture)).ToArray();
            var groups = new int[values.Count];
            for (int rank = 0; rank < order.Length; rank++) groups[order[rank]] = rank * bins / order.Length;
            return groups;
        }
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return values.Select(v => ids.TryGetValue(Text(v), out int id) ? id : ids[Text(v)] = ids.Count).ToArray();
    }

    private static double EpsilonSquared(List<double> y, int[] groups)
    {
        double mean = y.Average();
        double total = y.Sum(v => (v - mean) * (v - mean));
        if (total <= 0) return 0;
        double between = 0;
        int k = 0;
        foreach (var g in Enumerable.Range(0, y.Count).GroupBy(i => groups[i]))
        {
            double m = g.Average(i => y[i]);
            between += g.Count() * (m - mean) * (m - mean);
            k++;
        }
        int dfWithin = y.Count - k;
        double msWithin = dfWithin > 0 ? (total - between) / dfWithin : 0;
        return Math.Clamp((between - (k - 1) * msWithin) / (total + msWithin), 0, 1);
    }
}
