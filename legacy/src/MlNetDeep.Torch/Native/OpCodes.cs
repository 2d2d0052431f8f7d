namespace MlNetDeep.Torch.Native;

// Op codes of mnd_unary / mnd_binary / mnd_reduce. Order must match the enums in
// native/shim_tensor.cpp; OpCodeTests checks every name through mnd_op_name.
internal enum UnaryOp
{
    Neg, Abs, Exp, Log, Sqrt, Rsqrt, Sin, Cos, Tanh, Sigmoid,
    Relu, Gelu, GeluTanh, Silu, Floor, Ceil, Round, Sign, Reciprocal,
    Square, Log1p, Expm1, LogicalNot, IsNan, IsInf, IsFinite,
    LeakyRelu, Elu, Softplus, Clamp, Pow, Erf, LogSigmoid, Trunc,
}

internal enum BinaryOp
{
    Add, Sub, Mul, Div, Pow, Maximum, Minimum, Eq, Ne, Lt, Le,
    Gt, Ge, Matmul, Bmm, Mm, LogicalAnd, LogicalOr, Remainder,
    Atan2, FloorDivide, Rsub, Rdiv,
}

internal enum ReduceOp
{
    Sum, Mean, Prod, Amax, Amin, Std, Var, LogSumExp, Norm, All,
    Any, ArgMax, ArgMin, CumSum,
}
