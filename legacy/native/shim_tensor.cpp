// Tensor area: creation, metadata, element-wise math, reductions, shape and index ops.
//
// Element-wise ops are dispatched by an op code (mnd_unary_op, mnd_binary_op, ...) so the
// export list stays short; the managed enums mirror these codes and a test checks every
// code's name through mnd_op_name.
#include "mnd.h"

#include <cmath>

namespace {

enum unary_op : int32_t {
  U_NEG, U_ABS, U_EXP, U_LOG, U_SQRT, U_RSQRT, U_SIN, U_COS, U_TANH, U_SIGMOID,
  U_RELU, U_GELU, U_GELU_TANH, U_SILU, U_FLOOR, U_CEIL, U_ROUND, U_SIGN, U_RECIPROCAL,
  U_SQUARE, U_LOG1P, U_EXPM1, U_LOGICAL_NOT, U_ISNAN, U_ISINF, U_ISFINITE,
  U_LEAKY_RELU, U_ELU, U_SOFTPLUS, U_CLAMP, U_POW, U_ERF, U_LOG_SIGMOID, U_TRUNC,
  U_COUNT
};
const char* unary_names[] = {
  "neg", "abs", "exp", "log", "sqrt", "rsqrt", "sin", "cos", "tanh", "sigmoid",
  "relu", "gelu", "gelu_tanh", "silu", "floor", "ceil", "round", "sign", "reciprocal",
  "square", "log1p", "expm1", "logical_not", "isnan", "isinf", "isfinite",
  "leaky_relu", "elu", "softplus", "clamp", "pow", "erf", "log_sigmoid", "trunc"};
static_assert(sizeof(unary_names) / sizeof(*unary_names) == U_COUNT, "unary names");

enum binary_op : int32_t {
  B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_EQ, B_NE, B_LT, B_LE,
  B_GT, B_GE, B_MATMUL, B_BMM, B_MM, B_LOGICAL_AND, B_LOGICAL_OR, B_REMAINDER,
  B_ATAN2, B_FLOOR_DIVIDE, B_RSUB, B_RDIV, B_COUNT
};
const char* binary_names[] = {
  "add", "sub", "mul", "div", "pow", "maximum", "minimum", "eq", "ne", "lt", "le",
  "gt", "ge", "matmul", "bmm", "mm", "logical_and", "logical_or", "remainder",
  "atan2", "floor_divide", "rsub", "rdiv"};
static_assert(sizeof(binary_names) / sizeof(*binary_names) == B_COUNT, "binary names");

enum reduce_op : int32_t {
  R_SUM, R_MEAN, R_PROD, R_AMAX, R_AMIN, R_STD, R_VAR, R_LOGSUMEXP, R_NORM, R_ALL,
  R_ANY, R_ARGMAX, R_ARGMIN, R_CUMSUM, R_COUNT
};
const char* reduce_names[] = {
  "sum", "mean", "prod", "amax", "amin", "std", "var", "logsumexp", "norm", "all",
  "any", "argmax", "argmin", "cumsum"};
static_assert(sizeof(reduce_names) / sizeof(*reduce_names) == R_COUNT, "reduce names");

at::Tensor unary(int32_t op, const at::Tensor& a, double p0, double p1) {
  switch (op) {
    case U_NEG: return at::neg(a);
    case U_ABS: return at::abs(a);
    case U_EXP: return at::exp(a);
    case U_LOG: return at::log(a);
    case U_SQRT: return at::sqrt(a);
    case U_RSQRT: return at::rsqrt(a);
    case U_SIN: return at::sin(a);
    case U_COS: return at::cos(a);
    case U_TANH: return at::tanh(a);
    case U_SIGMOID: return at::sigmoid(a);
    case U_RELU: return at::relu(a);
    case U_GELU: return at::gelu(a);
    case U_GELU_TANH: return at::gelu(a, "tanh");
    case U_SILU: return at::silu(a);
    case U_FLOOR: return at::floor(a);
    case U_CEIL: return at::ceil(a);
    case U_ROUND: return at::round(a);
    case U_SIGN: return at::sign(a);
    case U_RECIPROCAL: return at::reciprocal(a);
    case U_SQUARE: return at::square(a);
    case U_LOG1P: return at::log1p(a);
    case U_EXPM1: return at::expm1(a);
    case U_LOGICAL_NOT: return at::logical_not(a);
    case U_ISNAN: return at::isnan(a);
    case U_ISINF: return at::isinf(a);
    case U_ISFINITE: return at::isfinite(a);
    case U_LEAKY_RELU: return at::leaky_relu(a, p0);
    case U_ELU: return at::elu(a, p0);
    case U_SOFTPLUS: return at::softplus(a, p0, p1);
    case U_CLAMP: {
      c10::optional<at::Scalar> lo, hi;
      if (!std::isnan(p0)) lo = p0;
      if (!std::isnan(p1)) hi = p1;
      return at::clamp(a, lo, hi);
    }
    case U_POW: return at::pow(a, p0);
    case U_ERF: return at::erf(a);
    case U_LOG_SIGMOID: return at::log_sigmoid(a);
    case U_TRUNC: return at::trunc(a);
    default: throw std::invalid_argument("unknown unary op code " + std::to_string(op));
  }
}

at::Tensor binary(int32_t op, const at::Tensor& a, const at::Tensor& b, double alpha) {
  switch (op) {
    case B_ADD: return alpha == 1.0 ? at::add(a, b) : at::add(a, b, alpha);
    case B_SUB: return alpha == 1.0 ? at::sub(a, b) : at::sub(a, b, alpha);
    case B_MUL: return at::mul(a, b);
    case B_DIV: return at::div(a, b);
    case B_POW: return at::pow(a, b);
    case B_MAXIMUM: return at::maximum(a, b);
    case B_MINIMUM: return at::minimum(a, b);
    case B_EQ: return at::eq(a, b);
    case B_NE: return at::ne(a, b);
    case B_LT: return at::lt(a, b);
    case B_LE: return at::le(a, b);
    case B_GT: return at::gt(a, b);
    case B_GE: return at::ge(a, b);
    case B_MATMUL: return at::matmul(a, b);
    case B_BMM: return at::bmm(a, b);
    case B_MM: return at::mm(a, b);
    case B_LOGICAL_AND: return at::logical_and(a, b);
    case B_LOGICAL_OR: return at::logical_or(a, b);
    case B_REMAINDER: return at::remainder(a, b);
    case B_ATAN2: return at::atan2(a, b);
    case B_FLOOR_DIVIDE: return at::div(a, b, "floor");
    case B_RSUB: return at::sub(b, a, alpha);
    case B_RDIV: return at::div(b, a);
    default: throw std::invalid_argument("unknown binary op code " + std::to_string(op));
  }
}

at::Tensor binary_scalar(int32_t op, const at::Tensor& a, const at::Scalar& s) {
  switch (op) {
    case B_ADD: return at::add(a, s);
    case B_SUB: return at::sub(a, s);
    case B_MUL: return at::mul(a, s);
    case B_DIV: return at::div(a, s);
    case B_POW: return at::pow(a, s);
    case B_MAXIMUM: return at::clamp_min(a, s);
    case B_MINIMUM: return at::clamp_max(a, s);
    case B_EQ: return at::eq(a, s);
    case B_NE: return at::ne(a, s);
    case B_LT: return at::lt(a, s);
    case B_LE: return at::le(a, s);
    case B_GT: return at::gt(a, s);
    case B_GE: return at::ge(a, s);
    case B_REMAINDER: return at::remainder(a, s);
    case B_FLOOR_DIVIDE: return at::div(a, s, "floor");
    case B_RSUB: return at::rsub(a, s);
    case B_RDIV: return at::mul(at::reciprocal(a), s);
    default:
      throw std::invalid_argument("op code " + std::to_string(op) + " has no scalar form");
  }
}

at::Scalar scalar(double d, int64_t l, bool is_int) {
  return is_int ? at::Scalar(l) : at::Scalar(d);
}

}  // namespace

MND_API const char* mnd_op_name(int32_t kind, int32_t op) {
  switch (kind) {
    case 0: return op >= 0 && op < U_COUNT ? unary_names[op] : nullptr;
    case 1: return op >= 0 && op < B_COUNT ? binary_names[op] : nullptr;
    case 2: return op >= 0 && op < R_COUNT ? reduce_names[op] : nullptr;
    default: return nullptr;
  }
}

// ---- metadata ----

MND_API int32_t mnd_tensor_info(mnd_tensor t, int32_t* dtype, int32_t* ndim,
                                int32_t* device_type, int32_t* device_index,
                                int32_t* requires_grad) {
  MND_TRY
  const at::Tensor& a = mnd::arg(t, "tensor");
  mnd::require(a.defined(), "tensor is undefined");
  if (dtype) *dtype = static_cast<int32_t>(a.scalar_type());
  if (ndim) *ndim = static_cast<int32_t>(a.dim());
  if (device_type) *device_type = static_cast<int32_t>(a.device().type());
  if (device_index) *device_index = a.device().index();
  if (requires_grad) *requires_grad = a.requires_grad() ? 1 : 0;
  MND_CATCH
}

MND_API int32_t mnd_tensor_shape(mnd_tensor t, int64_t* shape, int32_t capacity) {
  MND_TRY
  const at::Tensor& a = mnd::arg(t, "tensor");
  mnd::require(capacity >= a.dim(), "shape buffer too small");
  for (int64_t i = 0; i < a.dim(); ++i) shape[i] = a.size(i);
  MND_CATCH
}

MND_API int32_t mnd_tensor_numel(mnd_tensor t, int64_t* out) {
  MND_TRY
  *out = mnd::arg(t, "tensor").numel();
  MND_CATCH
}

MND_API int32_t mnd_tensor_item(mnd_tensor t, double* as_double, int64_t* as_long) {
  MND_TRY
  const at::Tensor& a = mnd::arg(t, "tensor");
  at::Scalar s = a.item();
  if (as_double) *as_double = s.toDouble();
  if (as_long) *as_long = s.isFloatingPoint() ? static_cast<int64_t>(s.toDouble()) : s.toLong();
  MND_CATCH
}

// ---- factories ----

// kind: 0 empty, 1 zeros, 2 ones, 3 full(value)
MND_API int32_t mnd_tensor_new(int32_t kind, const int64_t* shape, int32_t ndim, double value,
                               int32_t dtype, int32_t device_type, int32_t device_index,
                               mnd_tensor* out) {
  MND_TRY
  auto opts = at::TensorOptions().dtype(mnd::dtype(dtype)).device(mnd::device(device_type, device_index));
  auto size = mnd::ints(shape, ndim);
  for (auto s : size) mnd::require(s >= 0, "negative dimension in shape");
  switch (kind) {
    case 0: *out = mnd::wrap(at::empty(size, opts)); break;
    case 1: *out = mnd::wrap(at::zeros(size, opts)); break;
    case 2: *out = mnd::wrap(at::ones(size, opts)); break;
    case 3: *out = mnd::wrap(at::full(size, value, opts)); break;
    default: mnd::require(false, "unknown factory kind");
  }
  MND_CATCH
}

// kind: 0 arange(start, end, step), 1 linspace(start, end, steps), 2 eye(n, m)
MND_API int32_t mnd_tensor_range(int32_t kind, double a, double b, double c, int32_t dtype,
                                 int32_t device_type, int32_t device_index, mnd_tensor* out) {
  MND_TRY
  auto opts = at::TensorOptions().dtype(mnd::dtype(dtype)).device(mnd::device(device_type, device_index));
  switch (kind) {
    case 0: *out = mnd::wrap(at::arange(a, b, c, opts)); break;
    case 1: *out = mnd::wrap(at::linspace(a, b, static_cast<int64_t>(c), opts)); break;
    case 2: *out = mnd::wrap(at::eye(static_cast<int64_t>(a), static_cast<int64_t>(b), opts)); break;
    default: mnd::require(false, "unknown range kind");
  }
  MND_CATCH
}

// ---- element-wise ----

MND_API int32_t mnd_unary(int32_t op, mnd_tensor a, double p0, double p1, mnd_tensor* out) {
  MND_TRY
  *out = mnd::wrap(unary(op, mnd::arg(a, "input"), p0, p1));
  MND_CATCH
}

MND_API int32_t mnd_unary_(int32_t op, mnd_tensor a, double p0, double p1) {
  MND_TRY
  at::Tensor& t = mnd::mut(a, "input");
  switch (op) {
    case U_NEG: t.neg_(); break;
    case U_ABS: t.abs_(); break;
    case U_EXP: t.exp_(); break;
    case U_LOG: t.log_(); break;
    case U_SQRT: t.sqrt_(); break;
    case U_TANH: t.tanh_(); break;
    case U_SIGMOID: t.sigmoid_(); break;
    case U_RELU: t.relu_(); break;
    case U_LEAKY_RELU: at::leaky_relu_(t, p0); break;
    case U_CLAMP: {
      c10::optional<at::Scalar> lo, hi;
      if (!std::isnan(p0)) lo = p0;
      if (!std::isnan(p1)) hi = p1;
      t.clamp_(lo, hi);
      break;
    }
    case U_POW: t.pow_(p0); break;
    case U_FLOOR: t.floor_(); break;
    case U_ROUND: t.round_(); break;
    case U_SQUARE: t.square_(); break;
    default:
      throw std::invalid_argument("unary op " + std::string(unary_names[op >= 0 && op < U_COUNT ? op : 0]) +
                                  " has no in-place form");
  }
  MND_CATCH
}

MND_API int32_t mnd_binary(int32_t op, mnd_tensor a, mnd_tensor b, double alpha, mnd_tensor* out) {
  MND_TRY
  *out = mnd::wrap(binary(op, mnd::arg(a, "left"), mnd::arg(b, "right"), alpha));
  MND_CATCH
}

MND_API int32_t mnd_binary_scalar(int32_t op, mnd_tensor a, double d, int64_t l, int32_t is_int,
                                  mnd_tensor* out) {
  MND_TRY
  *out = mnd::wrap(binary_scalar(op, mnd::arg(a, "left"), scalar(d, l, is_int != 0)));
  MND_CATCH
}

// In-place a op= b (b may be null: then the scalar is used).
MND_API int32_t mnd_binary_(int32_t op, mnd_tensor a, mnd_tensor b, double d, int64_t l,
                            int32_t is_int, double alpha) {
  MND_TRY
  at::Tensor& t = mnd::mut(a, "left");
  at::Scalar s = scalar(d, l, is_int != 0);
  switch (op) {
    case B_ADD: b ? t.add_(*b, alpha) : t.add_(s); break;
    case B_SUB: b ? t.sub_(*b, alpha) : t.sub_(s); break;
    case B_MUL: b ? t.mul_(*b) : t.mul_(s); break;
    case B_DIV: b ? t.div_(*b) : t.div_(s); break;
    case B_POW: b ? t.pow_(*b) : t.pow_(s); break;
    case B_MAXIMUM: b ? t.copy_(at::maximum(t, *b)) : t.clamp_min_(s); break;
    case B_MINIMUM: b ? t.copy_(at::minimum(t, *b)) : t.clamp_max_(s); break;
    default: throw std::invalid_argument("binary op " + std::to_string(op) + " has no in-place form");
  }
  MND_CATCH
}

// fill: 0 zero_, 1 fill_(scalar), 2 copy_(src)
MND_API int32_t mnd_fill_(int32_t kind, mnd_tensor a, double value, mnd_tensor src) {
  MND_TRY
  at::Tensor& t = mnd::mut(a, "tensor");
  switch (kind) {
    case 0: t.zero_(); break;
    case 1: t.fill_(value); break;
    case 2: t.copy_(mnd::arg(src, "source")); break;
    default: mnd::require(false, "unknown fill kind");
  }
  MND_CATCH
}

// Ternary helpers: where(cond, a, b); addcmul/addcdiv(self, t1, t2, value); lerp.
MND_API int32_t mnd_where(mnd_tensor cond, mnd_tensor a, mnd_tensor b, mnd_tensor* out) {
  MND_TRY
  *out = mnd::wrap(at::where(mnd::arg(cond, "condition"), mnd::arg(a, "input"), mnd::arg(b, "other")));
  MND_CATCH
}

// ---- reductions ----

MND_API int32_t mnd_reduce(int32_t op, mnd_tensor a, const int64_t* dims, int32_t ndims,
                           int32_t keepdim, mnd_tensor* out) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "input");
  bool all = ndims < 0;
  at::IntArrayRef d = all ? at::IntArrayRef() : mnd::ints(dims, ndims);
  bool kd = keepdim != 0;
  auto single = [&]() -> int64_t {
    mnd::require(d.size() == 1, "this reduction takes exactly one dimension");
    return d[0];
  };
  at::Tensor r;
  switch (op) {
    case R_SUM: r = all ? t.sum() : t.sum(d, kd); break;
    case R_MEAN: r = all ? t.mean() : t.mean(d, kd); break;
    case R_PROD: r = all ? t.prod() : t.prod(single(), kd); break;
    case R_AMAX: r = all ? t.max() : t.amax(d, kd); break;
    case R_AMIN: r = all ? t.min() : t.amin(d, kd); break;
    case R_STD: r = all ? t.std() : t.std(d, true, kd); break;
    case R_VAR: r = all ? t.var() : t.var(d, true, kd); break;
    case R_LOGSUMEXP: r = all ? at::logsumexp(t.flatten(), 0) : at::logsumexp(t, d, kd); break;
    case R_NORM: r = all ? t.norm() : at::norm(t, 2, d, kd); break;
    case R_ALL: r = all ? t.all() : t.all(single(), kd); break;
    case R_ANY: r = all ? t.any() : t.any(single(), kd); break;
    case R_ARGMAX: r = all ? t.argmax() : t.argmax(single(), kd); break;
    case R_ARGMIN: r = all ? t.argmin() : t.argmin(single(), kd); break;
    case R_CUMSUM: r = t.cumsum(all ? 0 : single()); break;
    default: throw std::invalid_argument("unknown reduce op code " + std::to_string(op));
  }
  *out = mnd::wrap(std::move(r));
  MND_CATCH
}

// kind: 0 max(dim), 1 min(dim), 2 sort(dim, descending), 3 topk(k, dim, largest, sorted)
MND_API int32_t mnd_values_indices(int32_t kind, mnd_tensor a, int64_t dim, int64_t k,
                                   int32_t flag0, int32_t flag1, mnd_tensor* values,
                                   mnd_tensor* indices) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "input");
  std::tuple<at::Tensor, at::Tensor> r;
  switch (kind) {
    case 0: r = t.max(dim, flag0 != 0); break;
    case 1: r = t.min(dim, flag0 != 0); break;
    case 2: r = t.sort(dim, flag0 != 0); break;
    case 3: r = t.topk(k, dim, flag0 != 0, flag1 != 0); break;
    default: mnd::require(false, "unknown values/indices kind");
  }
  *values = mnd::wrap(std::get<0>(r));
  *indices = mnd::wrap(std::get<1>(r));
  MND_CATCH
}
