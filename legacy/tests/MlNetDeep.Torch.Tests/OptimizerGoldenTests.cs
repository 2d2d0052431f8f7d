using System.Text.Json;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Optim;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>
/// Optimizer steps and learning-rate schedules against numbers recorded from PyTorch 1.13
/// by Golden/make_optim_golden.py (Golden/optim_golden.json).
/// </summary>
public class OptimizerGoldenTests
{
    private static readonly JsonElement Golden =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "optim_golden.json"))).RootElement;

    private static double[] Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? e.EnumerateArray().SelectMany(x => x.ValueKind == JsonValueKind.Array ? Flat(x) : [x.GetDouble()]).ToArray()
        : [e.GetDouble()];

    private static Optimizer Make(string name, Tensor[] p) => name switch
    {
        "sgd" => new Sgd(p, 0.1),
        "sgd_momentum" => new Sgd(p, 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01),
        "sgd_nesterov" => new Sgd(p, 0.05, momentum: 0.8, nesterov: true),
        "adam" => new Adam(p, 0.01),
        "adam_amsgrad_wd" => new Adam(p, 0.02, beta1: 0.8, beta2: 0.95, eps: 1e-6, weightDecay: 0.1, amsgrad: true),
        "adamw" => new AdamW(p, 0.01, weightDecay: 0.1),
        "rmsprop" => new RmsProp(p, 0.01),
        "rmsprop_centered_momentum" => new RmsProp(p, 0.01, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.01),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> OptimizerNames()
    {
        var d = new TheoryData<string>();
        foreach (var p in Golden.GetProperty("optimizers").EnumerateObject()) d.Add(p.Name);
        return d;
    }

    private static (Tensor P0, Tensor P1) Params() =>
        (Tensor.FromArray(Flat(Golden.GetProperty("p0")), 2, 3).RequiresGrad_(), Tensor.FromArray(Flat(Golden.GetProperty("p1")), 3).RequiresGrad_());

    private static void SetGrads(Tensor p0, Tensor p1, int step)
    {
        var g = Golden.GetProperty("grads")[step];
        p0.Grad = Tensor.FromArray(Flat(g[0]), 2, 3);
        p1.Grad = Tensor.FromArray(Flat(g[1]), 3);
    }

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void StepsMatchPyTorch(string name)
    {
        var (p0, p1) = Params();
        using var opt = Make(name, [p0, p1]);
        var expected = Golden.GetProperty("optimizers").GetProperty(name);
        for (int step = 0; step < 3; step++)
        {
            SetGrads(p0, p1, step);
            opt.Step();
            TensorAssert.Close(Flat(expected[step].GetProperty("p0")), p0, 1e-12);
            TensorAssert.Close(Flat(expected[step].GetProperty("p1")), p1, 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void SavedStateResumesToTheSameNumbers(string name)
    {
        // Two steps, save, rebuild, load, third step: equals three uninterrupted steps.
        var (p0, p1) = Params();
        var opt = Make(name, [p0, p1]);
        for (int step = 0; step < 2; step++) { SetGrads(p0, p1, step); opt.Step(); }
        var state = opt.StateDict();
        opt.Dispose();
        using var resumed = Make(name, [p0, p1]);
        resumed.LoadStateDict(state);
        foreach (var t in state.Values) t.Dispose();
        SetGrads(p0, p1, 2);
        resumed.Step();
        var expected = Golden.GetProperty("optimizers").GetProperty(name)[2];
        TensorAssert.Close(Flat(expected.GetProperty("p0")), p0, 1e-12);
        TensorAssert.Close(Flat(expected.GetProperty("p1")), p1, 1e-12);
    }

    [Fact]
    public void LoadStateDictRejectsStateOfOtherShapes()
    {
        var (p0, p1) = Params();
        using var opt = new Adam([p0, p1]);
        SetGrads(p0, p1, 0);
        opt.Step();
        var state = opt.StateDict();
        using var other = new Adam([Tensors.Zeros(3, 2).RequiresGrad_()]);
        var e = Assert.Throws<ArgumentException>(() => other.LoadStateDict(state));
        Assert.Contains("state.0.exp_avg: expected shape [3, 2], got [2, 3]", e.Message);
        Assert.Contains("state.1", e.Message);
    }

    [Fact]
    public void ParameterGroupsHaveTheirOwnLearningRates()
    {
        var a = Tensors.Ones(2).RequiresGrad_();
        var b = Tensors.Ones(2).RequiresGrad_();
        using var opt = new Sgd([new ParamGroup([a]), new ParamGroup([b], learningRate: 0.01)], learningRate: 0.1);
        a.Grad = Tensors.Ones(2);
        b.Grad = Tensors.Ones(2);
        opt.Step();
        TensorAssert.Close([0.9, 0.9], a);
        TensorAssert.Close([0.99, 0.99], b);
        Assert.Throws<ArgumentException>(() => new Sgd([new ParamGroup([a]), new ParamGroup([a])], 0.1));
    }

    [Fact]
    public void LbfgsMatchesPyTorch()
    {
        var g = Golden.GetProperty("lbfgs");
        using var a = Tensor.FromArray(Flat(g.GetProperty("a")), 4, 3);
        using var b = Tensor.FromArray(Flat(g.GetProperty("b")), 4);
        var x = Tensors.Zeros([3], DType.Float64).RequiresGrad_();
        using var opt = new Lbfgs([x], learningRate: 1, maxIterations: 5, historySize: 3);
        Tensor Closure()
        {
            opt.ZeroGrad();
            using var r = a.MatMul(x) - b;
            var loss = r.Square().Sum();
            loss.Backward();
            return loss;
        }
        double first = opt.Step(Closure);
        Assert.Equal(g.GetProperty("first_loss").GetDouble(), first, 10);
        TensorAssert.Close(Flat(g.GetProperty("x_after_step1")), x, 1e-9);
        opt.Step(Closure);
        TensorAssert.Close(Flat(g.GetProperty("x_after_step2")), x, 1e-9);
        Assert.Throws<InvalidOperationException>(() => opt.Step());
    }

    private static double[] Rates(Func<Optimizer, LRScheduler> make, int steps)
    {
        var p = Tensors.Zeros(1).RequiresGrad_();
        using var opt = new Sgd([p], 0.1);
        var s = make(opt);
        var rates = new List<double> { opt.ParamGroups[0].LearningRate };
        for (int i = 0; i < steps; i++)
        {
            s.Step();
            rates.Add(opt.ParamGroups[0].LearningRate);
        }
        return rates.ToArray();
    }

    private static void SameRates(string name, double[] actual)
    {
        double[] expected = Flat(Golden.GetProperty("schedulers").GetProperty(name));
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-12, $"{name} step {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Fact] public void StepLRMatchesPyTorch() => SameRates("step", Rates(o => new StepLR(o, 3, 0.5), 12));
    [Fact] public void MultiStepLRMatchesPyTorch() => SameRates("multistep", Rates(o => new MultiStepLR(o, [2, 5, 9], 0.3), 12));
    [Fact] public void ExponentialLRMatchesPyTorch() => SameRates("exponential", Rates(o => new ExponentialLR(o, 0.9), 12));
    [Fact] public void CosineMatchesPyTorch() => SameRates("cosine", Rates(o => new CosineWarmupLR(o, 10, 0, 0.01), 10));
    [Fact] public void OneCycleMatchesPyTorch() => SameRates("onecycle", Rates(o => new OneCycleLR(o, 1.0, 12), 11));

    [Fact]
    public void OneCycleGivesEachGroupItsOwnPeak()
    {
        var head = Tensors.Zeros(1).RequiresGrad_();
        var body = Tensors.Zeros(1).RequiresGrad_();
        using var opt = new Sgd([new ParamGroup([head]), new ParamGroup([body])], 0.1);
        var schedule = new OneCycleLR(opt, [1.0, 0.1], 12);
        for (int i = 0; i < 11; i++)
        {
            Assert.Equal(opt.ParamGroups[0].LearningRate / 10, opt.ParamGroups[1].LearningRate, 12);
            schedule.Step();
        }
        Assert.Throws<ArgumentException>(() => new OneCycleLR(opt, [1.0], 12));
    }

    [Fact]
    public void CosineWarmupRisesLinearlyThenDecays()
    {
        double[] r = Rates(o => new CosineWarmupLR(o, totalSteps: 10, warmupSteps: 4), 10);
        Assert.Equal([0.025, 0.05, 0.075, 0.1], r.Take(4).Select(v => Math.Round(v, 12)));
        Assert.True(r.Skip(4).Zip(r.Skip(5)).All(p => p.First >= p.Second));
        Assert.Equal(0, r[^1], 12);
    }

    [Fact]
    public void ReduceOnPlateauMatchesPyTorch()
    {
        var p = Tensors.Zeros(1).RequiresGrad_();
        using var opt = new Sgd([p], 0.1);
        var s = new ReduceLROnPlateau(opt, factor: 0.5, patience: 1);
        var rates = new List<double> { 0.1 };
        foreach (double m in Flat(Golden.GetProperty("plateau_metrics")))
        {
            s.Step(m);
            rates.Add(opt.ParamGroups[0].LearningRate);
        }
        SameRates("plateau", rates.ToArray());
        Assert.Throws<ArgumentException>(() => s.Step(double.NaN));
    }

    [Fact]
    public void SchedulerResumesAtAStep()
    {
        var p = Tensors.Zeros(1).RequiresGrad_();
        using var opt = new Sgd([p], 0.1);
        var s = new StepLR(opt, 3, 0.5);
        s.Resume(7);
        Assert.Equal(0.025, opt.ParamGroups[0].LearningRate, 12);
    }
}
