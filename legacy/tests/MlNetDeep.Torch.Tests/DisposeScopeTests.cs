using MlNetDeep.Torch;
using MlNetDeep.Torch.Models;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>Dispose scopes free temporaries; the live-handle counter returns to its baseline.</summary>
[Collection(nameof(LiveHandleCollection))]
public class DisposeScopeTests
{
    /// <summary>Finalizes garbage left by other tests so the process-wide count is stable.</summary>
    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Engine.LiveTensorCount;
    }

    [Fact]
    public void ScopeDisposesEverythingButWhatMovesOut()
    {
        long baseline = Settle();
        Tensor kept, outer;
        using (var s1 = Engine.NewDisposeScope())
        {
            using (var s2 = Engine.NewDisposeScope())
            {
                var a = Tensors.Ones(3);
                var b = a * 2.0;
                kept = (b + 1.0).DetachFromDisposeScope();
                outer = (b - 1.0).MoveToOuterScope();
                Assert.Equal(2, s2.Count); // a and b; kept and outer left it
            }
            Assert.False(outer.IsDisposed);
            Assert.Equal(1, s1.Count);
        }
        Assert.True(outer.IsDisposed);
        Assert.False(kept.IsDisposed);
        using (Tensor sum = kept.Sum()) Assert.Equal(9, sum.ToDouble());
        kept.Dispose();
        Assert.Equal(baseline, Engine.LiveTensorCount);
    }

    [Fact]
    public void TwoThousandCnnTrainingStepsInScopesLeaveNoHandles()
    {
        long baseline = Settle();
        Engine.ManualSeed(2);
        // A small CNN of the reference shape on 8x8 inputs keeps the test quick.
        using (var model = new Sequential(
            new Conv2d(1, 4, 3, padding: 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(4 * 4 * 4, 16), new ReLU(), new Dropout(0.3), new Linear(16, 3)))
        using (var opt = new Adam(model.Parameters(), 1e-3))
        using (var x = Tensors.Randn(8, 1, 8, 8))
        using (var y = Tensor.FromArray(new long[] { 0, 1, 2, 0, 1, 2, 0, 1 }))
        {
            long afterSetup = Engine.LiveTensorCount;
            for (int step = 0; step < 2000; step++)
            {
                if (step == 1) afterSetup = Engine.LiveTensorCount; // optimizer state appeared at step 0
                using var scope = Engine.NewDisposeScope();
                Tensor loss = Functional.CrossEntropy(model.Forward(x), y);
                opt.ZeroGrad();
                loss.Backward();
                GradClip.ClipGradNorm(model.Parameters(), 5.0);
                opt.Step();
            }
            Assert.Equal(afterSetup, Engine.LiveTensorCount);
        }
        Assert.Equal(baseline, Engine.LiveTensorCount);
    }

    [Fact]
    public void ScopesMustCloseInOrderOnTheirThread()
    {
        var outerScope = Engine.NewDisposeScope();
        var inner = Engine.NewDisposeScope();
        Assert.Throws<InvalidOperationException>(() => outerScope.Dispose());
        inner.Dispose();
        outerScope.Dispose();
        Assert.Null(DisposeScope.Current);
    }
}

/// <summary>Tests that compare the process-wide live-handle count run one at a time.</summary>
[CollectionDefinition(nameof(LiveHandleCollection), DisableParallelization = true)]
public class LiveHandleCollection;
