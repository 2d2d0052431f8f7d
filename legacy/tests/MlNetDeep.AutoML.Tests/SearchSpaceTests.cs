using MlNetDeep.AutoML.SearchSpaces;
using MlNetDeep.Deep.Training;
using Xunit;

namespace MlNetDeep.AutoML.Tests;

/// <summary>Search spaces: scales, conditional sub-spaces, and applying a point to an options record.</summary>
public class SearchSpaceTests
{
    private static SearchSpace Optimizers() => new SearchSpace()
        .Float("LearningRate", 1e-4, 1e-1, log: true)
        .Int("Epochs", 2, 30, lowCost: 2)
        .Choice("Optimizer", "Adam", "Sgd")
        .When("Optimizer", "Sgd", s => s.Float("Momentum", 0, 0.99));

    [Fact]
    public void ScalesMapTheUnitIntervalOntoTheRanges()
    {
        var space = Optimizers();
        var lr = space.Parameters[0];
        Assert.Equal(1e-4, (double)lr.Decode(0), 12);
        Assert.Equal(1e-1, (double)lr.Decode(1), 12);
        Assert.Equal(Math.Sqrt(1e-4 * 1e-1), (double)lr.Decode(0.5), 9);
        Assert.Equal(0.37, lr.Encode(lr.Decode(0.37)), 9);

        var epochs = space.Parameters[1];
        // Each of the 29 integers gets an equal share of the unit interval.
        var counts = Enumerable.Range(0, 29_000).Select(i => (int)epochs.Decode((i + 0.5) / 29_000)).GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(2, 29), counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.Equal(1000, c));
        Assert.Equal(17, epochs.Decode(epochs.Encode(17)));
        Assert.Equal("Sgd", space.Parameters[2].Decode(0.9));
    }

    [Fact]
    public void ConditionalParametersExistOnlyWhenTheirConditionHolds()
    {
        var space = Optimizers();
        var adam = space.Decode([0.5, 0.5, 0.1, 0.5]);
        var sgd = space.Decode([0.5, 0.5, 0.9, 0.5]);
        Assert.False(adam.ContainsKey("Momentum"));
        Assert.Equal(0.495, sgd.GetDouble("Momentum"), 9);
        Assert.Contains("conditional parameters exist only when", Assert.Throws<KeyNotFoundException>(() => adam["Momentum"]).Message);
        Assert.Equal(2, space.LowCostPoint().GetInt("Epochs"));
        var rng = new Random(1);
        var samples = Enumerable.Range(0, 400).Select(_ => space.Sample(rng)).ToList();
        Assert.All(samples, p => Assert.Equal(p.GetString("Optimizer") == "Sgd", p.ContainsKey("Momentum")));
        Assert.InRange(samples.Count(p => p.ContainsKey("Momentum")), 150, 250);
    }

    [Fact]
    public void MistakesInASpaceAreNamed()
    {
        Assert.Contains("already has a parameter 'A'", Assert.Throws<ArgumentException>(() => new SearchSpace().Float("A", 0, 1).Int("A", 0, 3)).Message);
        Assert.Contains("no parameter 'Opt' is defined before it", Assert.Throws<ArgumentException>(() => new SearchSpace().When("Opt", "x", _ => { })).Message);
        Assert.Contains("has no choice 'Rmsprop'", Assert.Throws<ArgumentException>(() => Optimizers().When("Optimizer", "Rmsprop", _ => { })).Message);
        Assert.Contains("a log scale needs low > 0", Assert.Throws<ArgumentException>(() => new SearchSpace().Float("L", 0, 1, log: true)).Message);
        Assert.Contains("low < high", Assert.Throws<ArgumentException>(() => new SearchSpace().Float("L", 1, 1)).Message);
        Assert.Contains("LowCost 50 lies outside its range", Assert.Throws<ArgumentException>(() => new SearchSpace().Int("E", 1, 10, lowCost: 50)).Message);
    }

    [Fact]
    public void APointAppliesToAnOptionsRecordWithoutChangingTheOriginal()
    {
        var defaults = new DeepTrainerOptions();
        var point = Optimizers().Decode([0.5, 0.5, 0.9, 0.5]);
        var swept = OptionsSweep.Apply(defaults, point);
        Assert.Equal(point.GetDouble("LearningRate"), swept.LearningRate, 12);
        Assert.Equal(point.GetInt("Epochs"), swept.Epochs);
        Assert.Equal(OptimizerKind.Sgd, swept.Optimizer);
        Assert.Equal(0.495, swept.Momentum, 9);
        Assert.Equal(10, defaults.Epochs);
        Assert.Equal(OptimizerKind.Adam, defaults.Optimizer);
        var snake = OptionsSweep.Apply(defaults, new Dictionary<string, object> { ["batch_size"] = 64.0, ["time_budget"] = 30 });
        Assert.Equal(64, snake.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(30), snake.TimeBudget);
        var unknown = Assert.Throws<ArgumentException>(() => OptionsSweep.Apply(defaults, new Dictionary<string, object> { ["LearnRate"] = 0.1 }));
        Assert.Contains("DeepTrainerOptions has no settable property 'LearnRate'", unknown.Message);
        Assert.Contains("LearningRate", unknown.Message);
        Assert.Contains("does not convert to OptimizerKind", Assert.Throws<ArgumentException>(() => OptionsSweep.Apply(defaults, new Dictionary<string, object> { ["Optimizer"] = "Lion" })).Message);
    }
}
