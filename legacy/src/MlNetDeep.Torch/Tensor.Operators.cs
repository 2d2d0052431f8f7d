using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

// Arithmetic operators. Integer scalars keep integer tensors integral; double scalars
// promote them to the default float type, as in PyTorch. Comparison operators return Bool
// tensors; == and != are not overloaded (use Eq/Ne) so that reference equality stays intact.
public sealed partial class Tensor
{
    /// <summary>Element-wise sum, broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Binary(BinaryOp.Add, b);
    /// <summary>Tensor plus scalar.</summary>
    public static Tensor operator +(Tensor a, double b) => a.Binary(BinaryOp.Add, b);
    /// <summary>Tensor plus integer scalar.</summary>
    public static Tensor operator +(Tensor a, long b) => a.Binary(BinaryOp.Add, b);
    /// <summary>Scalar plus tensor.</summary>
    public static Tensor operator +(double a, Tensor b) => b.Binary(BinaryOp.Add, a);
    /// <summary>Integer scalar plus tensor.</summary>
    public static Tensor operator +(long a, Tensor b) => b.Binary(BinaryOp.Add, a);
    /// <summary>Element-wise difference, broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Binary(BinaryOp.Sub, b);
    /// <summary>Tensor minus scalar.</summary>
    public static Tensor operator -(Tensor a, double b) => a.Binary(BinaryOp.Sub, b);
    /// <summary>Tensor minus integer scalar.</summary>
    public static Tensor operator -(Tensor a, long b) => a.Binary(BinaryOp.Sub, b);
    /// <summary>Scalar minus tensor.</summary>
    public static Tensor operator -(double a, Tensor b) => b.Binary(BinaryOp.Rsub, a);
    /// <summary>Integer scalar minus tensor.</summary>
    public static Tensor operator -(long a, Tensor b) => b.Binary(BinaryOp.Rsub, a);
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();
    /// <summary>Element-wise product, broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Binary(BinaryOp.Mul, b);
    /// <summary>Tensor times scalar.</summary>
    public static Tensor operator *(Tensor a, double b) => a.Binary(BinaryOp.Mul, b);
    /// <summary>Tensor times integer scalar.</summary>
    public static Tensor operator *(Tensor a, long b) => a.Binary(BinaryOp.Mul, b);
    /// <summary>Scalar times tensor.</summary>
    public static Tensor operator *(double a, Tensor b) => b.Binary(BinaryOp.Mul, a);
    /// <summary>Integer scalar times tensor.</summary>
    public static Tensor operator *(long a, Tensor b) => b.Binary(BinaryOp.Mul, a);
    /// <summary>Element-wise true division, broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Binary(BinaryOp.Div, b);
    /// <summary>Tensor divided by scalar.</summary>
    public static Tensor operator /(Tensor a, double b) => a.Binary(BinaryOp.Div, b);
    /// <summary>Scalar divided by tensor.</summary>
    public static Tensor operator /(double a, Tensor b) => b.Binary(BinaryOp.Rdiv, a);
    /// <summary>Python-style remainder.</summary>
    public static Tensor operator %(Tensor a, Tensor b) => a.Binary(BinaryOp.Remainder, b);
    /// <summary>Python-style remainder by a scalar.</summary>
    public static Tensor operator %(Tensor a, double b) => a.Binary(BinaryOp.Remainder, b);
    /// <summary>Element-wise less-than (Bool).</summary>
    public static Tensor operator <(Tensor a, Tensor b) => a.Lt(b);
    /// <summary>Element-wise greater-than (Bool).</summary>
    public static Tensor operator >(Tensor a, Tensor b) => a.Gt(b);
    /// <summary>Element-wise less-or-equal (Bool).</summary>
    public static Tensor operator <=(Tensor a, Tensor b) => a.Le(b);
    /// <summary>Element-wise greater-or-equal (Bool).</summary>
    public static Tensor operator >=(Tensor a, Tensor b) => a.Ge(b);
    /// <summary>Element-wise less-than a scalar (Bool).</summary>
    public static Tensor operator <(Tensor a, double b) => a.Lt(b);
    /// <summary>Element-wise greater-than a scalar (Bool).</summary>
    public static Tensor operator >(Tensor a, double b) => a.Gt(b);
    /// <summary>Element-wise less-or-equal a scalar (Bool).</summary>
    public static Tensor operator <=(Tensor a, double b) => a.Le(b);
    /// <summary>Element-wise greater-or-equal a scalar (Bool).</summary>
    public static Tensor operator >=(Tensor a, double b) => a.Ge(b);
    /// <summary>Element-wise logical and.</summary>
    public static Tensor operator &(Tensor a, Tensor b) => a.LogicalAnd(b);
    /// <summary>Element-wise logical or.</summary>
    public static Tensor operator |(Tensor a, Tensor b) => a.LogicalOr(b);
    /// <summary>Element-wise logical not.</summary>
    public static Tensor operator !(Tensor a) => a.LogicalNot();
}
