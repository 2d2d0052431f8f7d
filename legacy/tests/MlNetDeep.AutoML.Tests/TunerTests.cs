using MlNetDeep.AutoML.SearchSpaces;
using MlNetDeep.AutoML.Tuners;
using Xunit;

namespace MlNetDeep.AutoML.Tests;

/// <summary>Tuners on known functions: a quadratic bowl, Branin, a conditional space; grids; determinism; failures.</summary>
public class TunerTests
{
    private static readonly SearchSpace Bowl = new SearchSpace().Float("x", -1, 1).Float("y", -1, 1);

    private static double BowlLoss(ParameterSet p) => Math.Pow(p.GetDouble("x") - 0.3, 2) + Math.Pow(p.GetDouble("y") + 0.2, 2);

    private static readonly SearchSpace BraninSpace = new SearchSpace().Float("x", -5, 10).Float("y", 0, 15);

    /// <summary>Branin-Hoo; its minimum is 0.397887 at (−π, 12.275), (π, 2.275) and (9.42478, 2.475).</summary>
    private static double Branin(ParameterSet p)
    {
        double x = p.GetDouble("x"), y = p.GetDouble("y");
        double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
        return Math.Pow(y - b * x * x + c * x - 6, 2) + 10 * (1 - t) * Math.Cos(x) + 10;
    }

    private static (double Best, List<ParameterSet> Tried) Run(ITuner tuner, Func<ParameterSet, double> loss, int trials)
    {
        double best = double.PositiveInfinity;
        var tried = new List<ParameterSet>();
        for (int i = 0; i < trials; i++)
        {
            var p = tuner.Propose();
            if (p is null) break;
            double l = loss(p);
            tuner.Report(p, l, 1);
            tried.Add(p);
            if (!double.IsNaN(l)) best = Math.Min(best, l);
        }
        return (best, tried);
    }

    public static TheoryData<string> Names => ["random", "cfo", "tpe"];

    private static ITuner Make(string name, SearchSpace space, int seed) => name switch
    {
        "random" => new RandomTuner(space, seed),
        "cfo" => new CfoTuner(space, seed),
        _ => new TpeTuner(space, seed),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void TunersFindTheBottomOfAQuadraticBowl(string name)
    {
        var (best, _) = Run(Make(name, Bowl, 1), BowlLoss, 100);
        double tolerance = name == "random" ? 0.01 : 1e-3;
        Assert.True(best < tolerance, $"{name} reached {best:G3} after 100 trials (tolerance {tolerance})");
    }

    [Theory]
    [InlineData("cfo", 150, 0.41)]
    [InlineData("tpe", 150, 0.47)]
    [InlineData("random", 150, 0.9)]
    public void TunersApproachBraninsMinimum(string name, int trials, double within)
    {
        var (best, _) = Run(Make(name, BraninSpace, 2), Branin, trials);
        Assert.True(best < within, $"{name} reached {best:F4} after {trials} trials (minimum 0.3979, asked for < {within})");
    }

    [Fact]
    public void ModelBasedAndLocalSearchBeatRandomSearchOnBranin()
    {
        double Mean(string name) => Enumerable.Range(10, 5).Average(seed => Run(Make(name, BraninSpace, seed), Branin, 60).Best);
        double random = Mean("random"), tpe = Mean("tpe"), cfo = Mean("cfo");
        Assert.True(tpe < random && cfo < random, $"mean best after 60 trials: random {random:F3}, tpe {tpe:F3}, cfo {cfo:F3}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TunersSearchConditionalSpaces(string name)
    {
        var space = new SearchSpace().Choice("kind", "flat", "bowl").When("kind", "bowl", s => s.Float("m", 0, 1));
        var (best, tried) = Run(Make(name, space, 3), p => p.GetString("kind") == "bowl" ? Math.Pow(p.GetDouble("m") - 0.7, 2) : 0.5, 80);
        Assert.True(best < 1e-3, $"{name} reached {best:G3}");
        Assert.All(tried, p => Assert.Equal(p.GetString("kind") == "bowl", p.ContainsKey("m")));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TheSameSeedGivesTheSameTrials(string name)
    {
        var a = Run(Make(name, BraninSpace, 5), Branin, 40).Tried.Select(p => p.ToString());
        var b = Run(Make(name, BraninSpace, 5), Branin, 40).Tried.Select(p => p.ToString());
        var c = Run(Make(name, BraninSpace, 6), Branin, 40).Tried.Select(p => p.ToString());
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FailedTrialsCountAsTheWorstAndTheSearchGoesOn(string name)
    {
        // A third of the space throws (reported as +infinity), NaN elsewhere now and then.
        int calls = 0;
        var (best, tried) = Run(Make(name, Bowl, 4), p => p.GetDouble("x") < -0.4 ? double.PositiveInfinity : ++calls % 7 == 0 ? double.NaN : BowlLoss(p), 100);
        Assert.Equal(100, tried.Count);
        Assert.True(best < 0.01, $"{name} reached {best:G3} with failures");
    }

    [Fact]
    public void CostFrugalSearchStartsAtTheLowCostPoint()
    {
        var space = new SearchSpace().Int("Epochs", 1, 50, lowCost: 1).Float("LearningRate", 1e-4, 1e-1, log: true);
        var tuner = new CfoTuner(space, 1);
        var first = tuner.Propose()!;
        Assert.Equal(1, first.GetInt("Epochs"));
        // Cost = epochs; the loss falls with epochs, so epochs grow only step by step as improvement calls for it.
        tuner.Report(first, 1.0, 1);
        var next = tuner.Propose()!;
        Assert.True(next.GetInt("Epochs") <= 1 + 0.1 * Math.Sqrt(2) * 50 + 1, $"the first move went to {next.GetInt("Epochs")} epochs");
    }

    [Fact]
    public void AGridEnumeratesEveryCombinationOnceThenStops()
    {
        var space = new SearchSpace().Int("Depth", 3, 4).Choice("Booster", "gbtree", "dart").When("Booster", "dart", s => s.Float("Rate", 0, 0.5));
        var grid = new GridTuner(space, pointsPerNumber: 3);
        // Depth 3 or 4; gbtree, or dart with three rates: 2 * (1 + 3) = 8 points.
        Assert.Equal(8, grid.Count);
        var all = new List<ParameterSet>();
        while (grid.Propose() is { } p) all.Add(p);
        Assert.Equal(8, all.Count);
        Assert.Equal(8, all.Select(p => p.ToString()).Distinct().Count());
        Assert.Equal([0.0, 0.25, 0.5], all.Where(p => p.ContainsKey("Rate")).Select(p => p.GetDouble("Rate")).Distinct().Order());
        Assert.Null(grid.Propose());
        Assert.True(Run(new GridTuner(Bowl, 11), BowlLoss, 1000).Best < 0.011);
    }

    [Fact]
    public void AFamilyTunerSearchesEachFamilyWithItsOwnTunerAndFindsTheBetterFamily()
    {
        // Family "a" starts cheap and is decent; "b" is better once its own parameter is tuned.
        var space = new SearchSpace().Choice("family", ["a", "b", "c"], lowCost: "a")
            .When("family", "a", s => s.Float("x", 0, 1))
            .When("family", "b", s => s.Float("y", 0, 1).Int("depth", 1, 8))
            .When("family", "c", s => s.Float("z", 0, 1));
        Assert.Equal(["y", "depth"], space.Branch("family", "b").Parameters.Select(p => p.Name));
        double Loss(ParameterSet p) => p.GetString("family") switch
        {
            "a" => 0.3 + Math.Pow(p.GetDouble("x") - 0.2, 2),
            "b" => Math.Pow(p.GetDouble("y") - 0.6, 2) + 0.01 * Math.Abs(p.GetInt("depth") - 5),
            _ => 0.8,
        };
        var tuner = new FamilyTuner(space, "family", (branch, seed) => new CfoTuner(branch, seed), seed: 1);
        var (best, tried) = Run(tuner, Loss, 80);
        Assert.Equal(["a", "b", "c"], tried.Take(3).Select(p => p.GetString("family")));
        Assert.True(best < 0.01, $"best {best:G3}");
        Assert.True(tried.Count(p => p.GetString("family") == "b") > tried.Count(p => p.GetString("family") == "c") * 3, "the better family should get most trials");
        Assert.All(tried, p => Assert.Equal(p.GetString("family") == "b", p.ContainsKey("y")));
        // The same seed, the same search.
        var again = Run(new FamilyTuner(space, "family", (branch, seed) => new CfoTuner(branch, seed), seed: 1), Loss, 80).Tried;
        Assert.Equal(tried.Select(p => p.ToString()), again.Select(p => p.ToString()));
    }
}
