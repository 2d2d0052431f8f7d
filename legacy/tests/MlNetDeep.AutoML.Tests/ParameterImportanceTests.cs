using MlNetDeep.AutoML.Experiments;
using MlNetDeep.AutoML.SearchSpaces;
using Xunit;

namespace MlNetDeep.AutoML.Tests;

/// <summary>Parameter importance: the parameter the loss depends on stands out, per family.</summary>
public class ParameterImportanceTests
{
    private static Trial T(int id, string family, double loss, params (string, object)[] ps) =>
        new(id, new ParameterSet(ps.Append(("Trainer", (object)family)).ToDictionary(p => p.Item1, p => p.Item2)), TrialStatus.Completed, loss, new Dictionary<string, double>(), 1, null);

    [Fact]
    public void TheParameterTheLossDependsOnIsTheMostImportantInEachFamily()
    {
        var rng = new Random(3);
        var trials = new List<Trial>();
        for (int i = 0; i < 60; i++)
        {
            double lr = rng.NextDouble(), noise = rng.NextDouble();
            string optimizer = rng.Next(2) == 0 ? "adam" : "sgd";
            // Family A depends on the learning rate; family B on the optimizer; "Noise" on nothing.
            trials.Add(T(trials.Count + 1, "A", (lr - 0.3) * (lr - 0.3) + 0.01 * rng.NextDouble(), ("LearningRate", lr), ("Noise", noise), ("Optimizer", optimizer)));
            trials.Add(T(trials.Count + 1, "B", (optimizer == "sgd" ? 0.5 : 0.1) + 0.01 * rng.NextDouble(), ("LearningRate", lr), ("Noise", noise), ("Optimizer", optimizer)));
        }
        trials.Add(new Trial(999, trials[0].Parameters, TrialStatus.Failed, double.PositiveInfinity, new Dictionary<string, double>(), 1, "x"));
        var importance = ParameterImportance.Compute(trials);
        var a = importance.Where(i => i.Family == "A").ToList();
        var b = importance.Where(i => i.Family == "B").ToList();
        Assert.Equal("LearningRate", a[0].Parameter);
        Assert.True(a[0].Importance > 0.6, $"A: {string.Join(", ", a)}");
        Assert.True(a.Single(i => i.Parameter == "Noise").Importance < 0.1, $"A: {string.Join(", ", a)}");
        Assert.Equal("Optimizer", b[0].Parameter);
        Assert.True(b[0].Importance > 0.9, $"B: {string.Join(", ", b)}");
        // Marginal importance: with 60 trials, the bins of an irrelevant parameter hold unequal shares
        // of the dominant optimizer by chance, so a little of its effect leaks into them.
        Assert.All(b.Skip(1), i => Assert.True(i.Importance < 0.2, $"B: {string.Join(", ", b)}"));
        Assert.All(importance, i => Assert.Equal(60, i.Trials));
    }

    [Fact]
    public void TooFewTrialsOrOneValueGiveNoFigure()
    {
        var few = Enumerable.Range(1, 5).Select(i => T(i, "A", i, ("X", (double)i))).ToList();
        Assert.Empty(ParameterImportance.Compute(few));
        var constant = Enumerable.Range(1, 10).Select(i => T(i, "A", i, ("X", 1.0))).ToList();
        Assert.Empty(ParameterImportance.Compute(constant));
    }
}
