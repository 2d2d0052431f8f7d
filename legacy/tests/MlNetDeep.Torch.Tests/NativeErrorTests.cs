using System.Runtime.InteropServices;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Native;
using MlNetDeep.Torch.Nn;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>Bad input gives a typed exception carrying libtorch's message, and the process lives on.</summary>
public class NativeErrorTests
{
    [Fact]
    public void ShapeMismatchRaisesWithNativeMessage()
    {
        using var a = Tensors.Ones(2, 3);
        using var b = Tensors.Ones(4, 5);
        var e = Assert.Throws<TorchException>(() => a.MatMul(b));
        Assert.Contains("cannot be multiplied", e.Message);
        var e2 = Assert.ThrowsAny<TorchException>(() => a + b);
        Assert.Contains("must match the size", e2.Message);
        // The process and the engine still work.
        using var c = a + a;
        Assert.Equal(12, c.Sum().ToDouble());
    }

    [Fact]
    public void WrongDtypeRaises()
    {
        using var logits = Tensors.Randn(2, 3);
        using var floatTargets = Tensors.Zeros(2);
        Assert.ThrowsAny<TorchException>(() => Functional.CrossEntropy(logits, floatTargets));
        using var i = Tensor.FromArray(new long[] { 1, 2 });
        Assert.Throws<TorchTypeException>(() => i.CopyTo<float>(new float[2]));
        using var f = Tensors.Ones(2);
        Assert.ThrowsAny<TorchException>(() => f.IndexSelect(0, f));
    }

    [Fact]
    public void IndexOutOfRangeRaisesIndexException()
    {
        using var a = Tensors.Ones(3, 2);
        using var bad = Tensor.FromArray(new long[] { 0, 7 });
        var e = Assert.Throws<TorchIndexException>(() => a.IndexSelect(0, bad));
        Assert.Contains("out of range", e.Message);
        using var w = Tensors.Ones(4, 2);
        Assert.Throws<TorchIndexException>(() => Functional.Embedding(bad, w));
        Assert.ThrowsAny<TorchException>(() => a.Select(0, 5));
        Assert.ThrowsAny<TorchException>(() => a.Narrow(0, 2, 5));
        using var g = Tensor.FromArray(new long[] { 9, 0, 0 }, 3, 1);
        Assert.ThrowsAny<TorchException>(() => a.Gather(1, g));
        using var labels = Tensor.FromArray(new long[] { 0, 5 });
        using var logits = Tensors.Zeros(2, 3);
        Assert.ThrowsAny<TorchException>(() => Functional.CrossEntropy(logits, labels));
    }

    [Fact]
    public void BadArgumentsToTheShimAreRejected()
    {
        Assert.ThrowsAny<TorchException>(() => Tensors.Zeros([-1, 2]));
        using var a = Tensors.Ones(3);
        Assert.ThrowsAny<TorchException>(() => a.Reshape(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Dropout(a, 1.5));
        using var x = Tensors.Ones(1, 2, 5, 5);
        using var w = Tensors.Ones(3, 4, 3, 3);
        var e = Assert.ThrowsAny<TorchException>(() => Functional.Conv2d(x, w));
        Assert.Contains("channels", e.Message);
    }

    [Fact]
    public void UseAfterDisposeRaisesObjectDisposed()
    {
        var a = Tensors.Ones(2);
        a.Dispose();
        Assert.True(a.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => a.Sum());
        Assert.Throws<ObjectDisposedException>(() => a.Shape);
        a.Dispose();
        Assert.Equal("Tensor(disposed)", a.ToString());
    }

    [Fact]
    public void BackwardOnNonScalarWithoutGradientRaises()
    {
        using var a = Tensors.Ones(3).RequiresGrad_();
        using var b = a * 2.0;
        var e = Assert.ThrowsAny<TorchException>(() => b.Backward());
        Assert.Contains("scalar", e.Message);
    }

    [Fact]
    public void ErrorsAreKeptPerThread()
    {
        // A failure on one thread must not leak its message into another thread's error.
        var messages = new string[2];
        Parallel.For(0, 2, i =>
        {
            using var a = Tensors.Ones(2, 3);
            using var b = Tensors.Ones(i == 0 ? 4 : 5, 7);
            try { a.MatMul(b).Dispose(); }
            catch (TorchException e) { messages[i] = e.Message; }
        });
        Assert.Contains("4x7", messages[0]);
        Assert.Contains("5x7", messages[1]);
    }

    [Fact]
    public void OpCodesMatchTheNativeNames()
    {
        static string? Name(int kind, int op) => Marshal.PtrToStringUTF8(NativeMethods.mnd_op_name(kind, op));
        // Managed names are PascalCase, native ones snake_case: compare letters only.
        static string Key(string? s) => (s ?? "").Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        foreach (UnaryOp op in Enum.GetValues<UnaryOp>()) Assert.Equal(Key(op.ToString()), Key(Name(0, (int)op)));
        foreach (BinaryOp op in Enum.GetValues<BinaryOp>()) Assert.Equal(Key(op.ToString()), Key(Name(1, (int)op)));
        foreach (ReduceOp op in Enum.GetValues<ReduceOp>()) Assert.Equal(Key(op.ToString()), Key(Name(2, (int)op)));
        Assert.Null(Name(0, Enum.GetValues<UnaryOp>().Length));
        Assert.Null(Name(1, Enum.GetValues<BinaryOp>().Length));
        Assert.Null(Name(2, Enum.GetValues<ReduceOp>().Length));
    }
}
