using MlNetDeep.Torch;
using MlNetDeep.Torch.Models;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>Modules: output shapes, parameter names, train/eval, state dicts, freezing, device moves.</summary>
public class ModuleTests
{
    [Fact]
    public void RecurrentOutputShapes()
    {
        using var x = Tensors.Randn(7, 3, 5); // [T, N, in]
        using var lstm = new LSTM(5, 8, numLayers: 2, bidirectional: true);
        var r = lstm.ForwardWithState(x);
        TensorAssert.Shape([7, 3, 16], r.Output);
        TensorAssert.Shape([4, 3, 8], r.HiddenState);
        TensorAssert.Shape([4, 3, 8], r.CellState!);
        using var gru = new GRU(5, 6, batchFirst: true);
        using var xb = Tensors.Randn(3, 7, 5); // [N, T, in]
        var g = gru.ForwardWithState(xb);
        TensorAssert.Shape([3, 7, 6], g.Output);
        TensorAssert.Shape([1, 3, 6], g.HiddenState);
        Assert.Null(g.CellState);
        Assert.Equal(
            new[] { "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse" },
            lstm.NamedParameters().Select(p => p.Name).Take(8));
        TensorAssert.Shape([32, 16], lstm.StateDict()["weight_ih_l1"]);
        var e = Assert.Throws<ArgumentException>(() => gru.Forward(Tensors.Randn(3, 7, 4)));
        Assert.Contains("5 input features", e.Message);
    }

    [Fact]
    public void LastHiddenStateEqualsLastOutputStep()
    {
        using var lstm = new LSTM(2, 3);
        using var x = Tensors.Randn(4, 1, 2);
        var r = lstm.ForwardWithState(x);
        TensorAssert.Close(r.HiddenState.Flatten().ToArray<float>().Select(v => (double)v).ToArray(), r.Output.Select(0, 3).Flatten());
    }

    [Fact]
    public void ConvAndPoolingLayerShapes()
    {
        using var x = Tensors.Randn(2, 3, 28, 28);
        using var conv = new Conv2d(3, 8, 5, stride: 1, padding: 2);
        TensorAssert.Shape([2, 8, 28, 28], conv.Forward(x));
        using var down = new Conv2d(3, 8, 3, stride: 2);
        TensorAssert.Shape([2, 8, 13, 13], down.Forward(x));
        using var up = new ConvTranspose2d(3, 4, 4, stride: 2, padding: 1);
        TensorAssert.Shape([2, 4, 56, 56], up.Forward(x));
        TensorAssert.Shape([2, 3, 14, 14], new MaxPool2d(2).Forward(x));
        TensorAssert.Shape([2, 3, 1, 1], new AdaptiveAvgPool2d(1, 1).Forward(x));
        TensorAssert.Shape([2, 3 * 28 * 28], new Flatten().Forward(x));
        using var c1 = new Conv1d(3, 5, 3);
        TensorAssert.Shape([2, 5, 8], c1.Forward(Tensors.Randn(2, 3, 10)));
        TensorAssert.Shape([2, 3, 56, 56], new Upsample(2).Forward(x));
        Assert.Throws<ArgumentException>(() => new Conv2d(3, 8, 3, groups: 2));
    }

    [Fact]
    public void ReferenceCnnHasPyTorchNamesAndShapes()
    {
        using var m = new ReferenceCnn();
        var names = m.StateDict().Keys.ToHashSet();
        Assert.Contains("net.0.weight", names);
        Assert.Contains("net.1.running_mean", names);
        Assert.Contains("net.1.num_batches_tracked", names);
        Assert.Contains("net.9.weight", names);
        TensorAssert.Shape([128, 3136], m.StateDict()["net.9.weight"]);
        using var y = m.Forward(Tensors.Randn(4, 1, 28, 28));
        TensorAssert.Shape([4, 10], y);
        Assert.Equal(32 * 9 + 32 + 32 + 32 + 64 * 32 * 9 + 64 + 64 + 64 + 3136 * 128 + 128 + 1280 + 10, m.Parameters().Sum(p => p.NumberOfElements));
    }

    [Fact]
    public void TrainAndEvalModesChangeDropoutAndBatchNorm()
    {
        using var m = new Sequential(new BatchNorm1d(3), new Dropout(0.5));
        Assert.True(m.IsTraining);
        m.Eval();
        Assert.All(m.NamedModules(), x => Assert.False(x.Module.IsTraining));
        using var x = Tensors.Randn(4, 3);
        using var y = m.Forward(x);
        TensorAssert.Close(x.ToArray<float>().Select(v => v / Math.Sqrt(1 + 1e-5)).ToArray(), y);
        var bn = (BatchNorm1d)m[0];
        Assert.Equal(0, bn.NumBatchesTracked.ToInt64());
        m.Train();
        m.Forward(x).Dispose();
        Assert.Equal(1, bn.NumBatchesTracked.ToInt64());
    }

    [Fact]
    public void LoadStateDictCopiesValuesAndNamesEveryProblem()
    {
        using var a = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
        using var b = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
        b.LoadStateDict(a.StateDict());
        using var x = Tensors.Randn(5, 3);
        Assert.Equal(a.Forward(x).ToArray<float>(), b.Forward(x).ToArray<float>());

        using var other = new Sequential(new Linear(3, 5), new ReLU(), new Linear(5, 2), new Linear(2, 2));
        var e = Assert.Throws<StateDictMismatchException>(() => other.LoadStateDict(a.StateDict()));
        Assert.Equal(new[] { "3.weight", "3.bias" }, e.Missing);
        Assert.Contains("0.weight: expected shape [5, 3], got [4, 3]", e.ShapeMismatches);
        Assert.Contains("2.weight: expected shape [2, 5], got [2, 4]", e.ShapeMismatches);
        Assert.Contains("3.weight", e.Message);

        var extra = a.StateDict().ToDictionary(k => k.Key, v => v.Value);
        extra["9.weight"] = x;
        var u = Assert.Throws<StateDictMismatchException>(() => b.LoadStateDict(extra));
        Assert.Equal(new[] { "9.weight" }, u.Unexpected);
        b.LoadStateDict(extra, strict: false);
    }

    [Fact]
    public void FrozenParametersStayBitIdenticalWhileOthersTrain()
    {
        Engine.ManualSeed(11);
        using var m = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
        m.Freeze(name => name.StartsWith("0.", StringComparison.Ordinal));
        Assert.False(m.StateDict()["0.weight"].RequiresGrad);
        Assert.True(m.StateDict()["2.weight"].RequiresGrad);
        float[] frozenBefore = m.StateDict()["0.weight"].ToArray<float>();
        float[] trainedBefore = m.StateDict()["2.weight"].ToArray<float>();
        using var opt = new Sgd(m.Parameters(), 0.1, momentum: 0.9);
        for (int i = 0; i < 5; i++)
        {
            using var scope = Engine.NewDisposeScope();
            Tensor loss = m.Forward(Tensors.Randn(16, 4)).Square().Mean();
            opt.ZeroGrad();
            loss.Backward();
            opt.Step();
        }
        Assert.Equal(frozenBefore, m.StateDict()["0.weight"].ToArray<float>());
        Assert.NotEqual(trainedBefore, m.StateDict()["2.weight"].ToArray<float>());
        m.Unfreeze();
        Assert.True(m.StateDict()["0.weight"].RequiresGrad);
    }

    [Fact]
    public void ToConvertsParametersInPlaceKeepingIdentity()
    {
        using var m = new Linear(2, 3);
        Tensor w = m.Weight;
        m.To(Device.Cpu, DType.Float64);
        Assert.Same(w, m.Weight);
        Assert.Equal(DType.Float64, m.Weight.DType);
        Assert.True(m.Weight.RequiresGrad);
        using var y = m.Forward(Tensors.Ones([1, 2], DType.Float64));
        Assert.Equal(DType.Float64, y.DType);
    }

    [Fact]
    public void EmbeddingPaddingRowStartsAtZero()
    {
        using var e = new Embedding(5, 3, paddingIdx: 0);
        Assert.Equal(new float[] { 0, 0, 0 }, e.Weight.Select(0, 0).ToArray<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(5, 3, paddingIdx: 5));
    }
}
