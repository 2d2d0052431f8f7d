using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

// Element-wise math with broadcasting, comparisons and matrix products.
public sealed partial class Tensor
{
    internal Tensor Unary(UnaryOp op, double p0 = 0, double p1 = 0) =>
        From(NativeMethods.mnd_unary((int)op, Handle, p0, p1, out IntPtr r), r);

    internal Tensor UnaryInPlace(UnaryOp op, double p0 = 0, double p1 = 0)
    {
        StatusCheck.Check(NativeMethods.mnd_unary_((int)op, Handle, p0, p1));
        return this;
    }

    internal Tensor Binary(BinaryOp op, Tensor other, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        return From(NativeMethods.mnd_binary((int)op, Handle, other.Handle, alpha, out IntPtr r), r);
    }

    internal Tensor Binary(BinaryOp op, double scalar) =>
        From(NativeMethods.mnd_binary_scalar((int)op, Handle, scalar, 0, 0, out IntPtr r), r);

    internal Tensor Binary(BinaryOp op, long scalar) =>
        From(NativeMethods.mnd_binary_scalar((int)op, Handle, scalar, scalar, 1, out IntPtr r), r);

    private Tensor BinaryInPlace(BinaryOp op, Tensor other, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        StatusCheck.Check(NativeMethods.mnd_binary_((int)op, Handle, other.Handle, 0, 0, 0, alpha));
        return this;
    }

    private Tensor BinaryInPlace(BinaryOp op, double scalar)
    {
        StatusCheck.Check(NativeMethods.mnd_binary_((int)op, Handle, TensorHandle.Null, scalar, 0, 0, 1));
        return this;
    }

    private Tensor BinaryInPlace(BinaryOp op, long scalar)
    {
        StatusCheck.Check(NativeMethods.mnd_binary_((int)op, Handle, TensorHandle.Null, scalar, scalar, 1, 1));
        return this;
    }

    /// <summary>this + alpha * other, broadcasting.</summary>
    public Tensor Add(Tensor other, double alpha = 1) => Binary(BinaryOp.Add, other, alpha);
    /// <summary>this + value.</summary>
    public Tensor Add(double value) => Binary(BinaryOp.Add, value);
    /// <summary>this + value (keeps integer tensors integral).</summary>
    public Tensor Add(long value) => Binary(BinaryOp.Add, value);
    /// <summary>this - alpha * other, broadcasting.</summary>
    public Tensor Sub(Tensor other, double alpha = 1) => Binary(BinaryOp.Sub, other, alpha);
    /// <summary>this - value.</summary>
    public Tensor Sub(double value) => Binary(BinaryOp.Sub, value);
    /// <summary>Element-wise product, broadcasting.</summary>
    public Tensor Mul(Tensor other) => Binary(BinaryOp.Mul, other);
    /// <summary>this * value.</summary>
    public Tensor Mul(double value) => Binary(BinaryOp.Mul, value);
    /// <summary>this * value (keeps integer tensors integral).</summary>
    public Tensor Mul(long value) => Binary(BinaryOp.Mul, value);
    /// <summary>Element-wise true division, broadcasting (integers promote to float).</summary>
    public Tensor Div(Tensor other) => Binary(BinaryOp.Div, other);
    /// <summary>this / value.</summary>
    public Tensor Div(double value) => Binary(BinaryOp.Div, value);
    /// <summary>Element-wise power.</summary>
    public Tensor Pow(Tensor exponent) => Binary(BinaryOp.Pow, exponent);
    /// <summary>Element-wise power by a scalar.</summary>
    public Tensor Pow(double exponent) => Binary(BinaryOp.Pow, exponent);
    /// <summary>Element-wise maximum, broadcasting.</summary>
    public Tensor Maximum(Tensor other) => Binary(BinaryOp.Maximum, other);
    /// <summary>Element-wise minimum, broadcasting.</summary>
    public Tensor Minimum(Tensor other) => Binary(BinaryOp.Minimum, other);
    /// <summary>Python-style remainder (sign of the divisor).</summary>
    public Tensor Remainder(Tensor other) => Binary(BinaryOp.Remainder, other);
    /// <summary>Python-style remainder by a scalar.</summary>
    public Tensor Remainder(double value) => Binary(BinaryOp.Remainder, value);
    /// <summary>Division rounded toward negative infinity.</summary>
    public Tensor FloorDivide(Tensor other) => Binary(BinaryOp.FloorDivide, other);
    /// <summary>Element-wise atan2(this, other).</summary>
    public Tensor Atan2(Tensor other) => Binary(BinaryOp.Atan2, other);

    /// <summary>Matrix product with NumPy broadcasting rules (1-d, 2-d and batched).</summary>
    public Tensor MatMul(Tensor other) => Binary(BinaryOp.Matmul, other);
    /// <summary>Product of two 2-d matrices.</summary>
    public Tensor Mm(Tensor other) => Binary(BinaryOp.Mm, other);
    /// <summary>Batched product of 3-d tensors [B, n, m] x [B, m, p].</summary>
    public Tensor Bmm(Tensor other) => Binary(BinaryOp.Bmm, other);

    /// <summary>Element-wise equality (Bool result).</summary>
    public Tensor Eq(Tensor other) => Binary(BinaryOp.Eq, other);
    /// <summary>Element-wise equality with a scalar.</summary>
    public Tensor Eq(double value) => Binary(BinaryOp.Eq, value);
    /// <summary>Element-wise inequality.</summary>
    public Tensor Ne(Tensor other) => Binary(BinaryOp.Ne, other);
    /// <summary>Element-wise inequality with a scalar.</summary>
    public Tensor Ne(double value) => Binary(BinaryOp.Ne, value);
    /// <summary>Element-wise less-than.</summary>
    public Tensor Lt(Tensor other) => Binary(BinaryOp.Lt, other);
    /// <summary>Element-wise less-than a scalar.</summary>
    public Tensor Lt(double value) => Binary(BinaryOp.Lt, value);
    /// <summary>Element-wise less-or-equal.</summary>
    public Tensor Le(Tensor other) => Binary(BinaryOp.Le, other);
    /// <summary>Element-wise less-or-equal a scalar.</summary>
    public Tensor Le(double value) => Binary(BinaryOp.Le, value);
    /// <summary>Element-wise greater-than.</summary>
    public Tensor Gt(Tensor other) => Binary(BinaryOp.Gt, other);
    /// <summary>Element-wise greater-than a scalar.</summary>
    public Tensor Gt(double value) => Binary(BinaryOp.Gt, value);
    /// <summary>Element-wise greater-or-equal.</summary>
    public Tensor Ge(Tensor other) => Binary(BinaryOp.Ge, other);
    /// <summary>Element-wise greater-or-equal a scalar.</summary>
    public Tensor Ge(double value) => Binary(BinaryOp.Ge, value);
    /// <summary>Element-wise logical and (non-zero is true).</summary>
    public Tensor LogicalAnd(Tensor other) => Binary(BinaryOp.LogicalAnd, other);
    /// <summary>Element-wise logical or.</summary>
    public Tensor LogicalOr(Tensor other) => Binary(BinaryOp.LogicalOr, other);
    /// <summary>Element-wise logical not.</summary>
    public Tensor LogicalNot() => Unary(UnaryOp.LogicalNot);

    /// <summary>-this.</summary>
    public Tensor Neg() => Unary(UnaryOp.Neg);
    /// <summary>|this|.</summary>
    public Tensor Abs() => Unary(UnaryOp.Abs);
    /// <summary>e^this.</summary>
    public Tensor Exp() => Unary(UnaryOp.Exp);
    /// <summary>Natural logarithm.</summary>
    public Tensor Log() => Unary(UnaryOp.Log);
    /// <summary>log(1 + this), accurate near zero.</summary>
    public Tensor Log1p() => Unary(UnaryOp.Log1p);
    /// <summary>e^this - 1, accurate near zero.</summary>
    public Tensor Expm1() => Unary(UnaryOp.Expm1);
    /// <summary>Square root.</summary>
    public Tensor Sqrt() => Unary(UnaryOp.Sqrt);
    /// <summary>1 / sqrt(this).</summary>
    public Tensor Rsqrt() => Unary(UnaryOp.Rsqrt);
    /// <summary>this * this.</summary>
    public Tensor Square() => Unary(UnaryOp.Square);
    /// <summary>1 / this.</summary>
    public Tensor Reciprocal() => Unary(UnaryOp.Reciprocal);
    /// <summary>Sine.</summary>
    public Tensor Sin() => Unary(UnaryOp.Sin);
    /// <summary>Cosine.</summary>
    public Tensor Cos() => Unary(UnaryOp.Cos);
    /// <summary>Gauss error function.</summary>
    public Tensor Erf() => Unary(UnaryOp.Erf);
    /// <summary>Round down.</summary>
    public Tensor Floor() => Unary(UnaryOp.Floor);
    /// <summary>Round up.</summary>
    public Tensor Ceil() => Unary(UnaryOp.Ceil);
    /// <summary>Round half to even.</summary>
    public Tensor Round() => Unary(UnaryOp.Round);
    /// <summary>Round toward zero.</summary>
    public Tensor Trunc() => Unary(UnaryOp.Trunc);
    /// <summary>-1, 0 or 1 by sign.</summary>
    public Tensor Sign() => Unary(UnaryOp.Sign);
    /// <summary>True where the element is NaN.</summary>
    public Tensor IsNaN() => Unary(UnaryOp.IsNan);
    /// <summary>True where the element is +/-infinity.</summary>
    public Tensor IsInf() => Unary(UnaryOp.IsInf);
    /// <summary>True where the element is neither NaN nor infinite.</summary>
    public Tensor IsFinite() => Unary(UnaryOp.IsFinite);

    /// <summary>Clamps into [min, max]; a null bound is open.</summary>
    public Tensor Clamp(double? min = null, double? max = null) =>
        Unary(UnaryOp.Clamp, min ?? double.NaN, max ?? double.NaN);

    /// <summary>Clamps into [min, max] in place.</summary>
    public Tensor Clamp_(double? min = null, double? max = null) =>
        UnaryInPlace(UnaryOp.Clamp, min ?? double.NaN, max ?? double.NaN);

    // In-place forms used by optimizers, initializers and metrics.

    /// <summary>this += alpha * other, in place.</summary>
    public Tensor Add_(Tensor other, double alpha = 1) => BinaryInPlace(BinaryOp.Add, other, alpha);
    /// <summary>this += value, in place.</summary>
    public Tensor Add_(double value) => BinaryInPlace(BinaryOp.Add, value);
    /// <summary>this += value, in place (keeps integer tensors integral).</summary>
    public Tensor Add_(long value) => BinaryInPlace(BinaryOp.Add, value);
    /// <summary>this -= alpha * other, in place.</summary>
    public Tensor Sub_(Tensor other, double alpha = 1) => BinaryInPlace(BinaryOp.Sub, other, alpha);
    /// <summary>this *= other, in place.</summary>
    public Tensor Mul_(Tensor other) => BinaryInPlace(BinaryOp.Mul, other);
    /// <summary>this *= value, in place.</summary>
    public Tensor Mul_(double value) => BinaryInPlace(BinaryOp.Mul, value);
    /// <summary>this *= value, in place (keeps integer tensors integral).</summary>
    public Tensor Mul_(long value) => BinaryInPlace(BinaryOp.Mul, value);
    /// <summary>this /= other, in place.</summary>
    public Tensor Div_(Tensor other) => BinaryInPlace(BinaryOp.Div, other);
    /// <summary>this /= value, in place.</summary>
    public Tensor Div_(double value) => BinaryInPlace(BinaryOp.Div, value);
    /// <summary>this = sqrt(this), in place.</summary>
    public Tensor Sqrt_() => UnaryInPlace(UnaryOp.Sqrt);
    /// <summary>ReLU in place.</summary>
    public Tensor Relu_() => UnaryInPlace(UnaryOp.Relu);

    /// <summary>Sets every element to zero, in place.</summary>
    public Tensor Zero_()
    {
        StatusCheck.Check(NativeMethods.mnd_fill_(0, Handle, 0, TensorHandle.Null));
        return this;
    }

    /// <summary>Sets every element to <paramref name="value"/>, in place.</summary>
    public Tensor Fill_(double value)
    {
        StatusCheck.Check(NativeMethods.mnd_fill_(1, Handle, value, TensorHandle.Null));
        return this;
    }

    /// <summary>Copies <paramref name="source"/> (broadcast, converted) into this tensor, in place.</summary>
    public Tensor Copy_(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        StatusCheck.Check(NativeMethods.mnd_fill_(2, Handle, 0, source.Handle));
        return this;
    }
}
