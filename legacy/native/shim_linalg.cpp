// Linear algebra area: symmetric eigendecomposition, SVD, QR and least squares (LAPACK through
// libtorch). Inputs are checked here as well as in managed code: 2-D, floating point, finite.
#include "mnd.h"

namespace {
void require_matrix(const at::Tensor& t, const char* name) {
  mnd::require(t.dim() == 2, "linear algebra needs a 2-D matrix");
  mnd::require(t.is_floating_point(), "linear algebra needs a floating-point matrix");
  mnd::require(t.numel() > 0, "linear algebra needs a non-empty matrix");
  mnd::require(at::isfinite(t).all().item<bool>(), name);
}
}  // namespace

// Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix.
MND_API int32_t mnd_linalg_eigh(mnd_tensor a, mnd_tensor* values, mnd_tensor* vectors) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "input");
  require_matrix(t, "the matrix holds a NaN or an infinity");
  mnd::require(t.size(0) == t.size(1), "eigh needs a square matrix");
  auto r = at::linalg_eigh(t, "L");
  *values = mnd::wrap(std::get<0>(r));
  *vectors = mnd::wrap(std::get<1>(r));
  MND_CATCH
}

// A = U diag(S) Vh; full = 0 gives the reduced factors.
MND_API int32_t mnd_linalg_svd(mnd_tensor a, int32_t full, mnd_tensor* u, mnd_tensor* s, mnd_tensor* vh) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "input");
  require_matrix(t, "the matrix holds a NaN or an infinity");
  auto r = at::linalg_svd(t, full != 0);
  *u = mnd::wrap(std::get<0>(r));
  *s = mnd::wrap(std::get<1>(r));
  *vh = mnd::wrap(std::get<2>(r));
  MND_CATCH
}

// Reduced QR: A = Q R.
MND_API int32_t mnd_linalg_qr(mnd_tensor a, mnd_tensor* q, mnd_tensor* r) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "input");
  require_matrix(t, "the matrix holds a NaN or an infinity");
  auto res = at::linalg_qr(t, "reduced");
  *q = mnd::wrap(std::get<0>(res));
  *r = mnd::wrap(std::get<1>(res));
  MND_CATCH
}

// The least-squares solution X of A X = B (A [m, n], B [m, k]).
MND_API int32_t mnd_linalg_lstsq(mnd_tensor a, mnd_tensor b, mnd_tensor* solution) {
  MND_TRY
  const at::Tensor& ta = mnd::arg(a, "a");
  const at::Tensor& tb = mnd::arg(b, "b");
  require_matrix(ta, "the matrix holds a NaN or an infinity");
  require_matrix(tb, "the right-hand side holds a NaN or an infinity");
  mnd::require(ta.size(0) == tb.size(0), "lstsq needs A and B with the same number of rows");
  mnd::require(ta.scalar_type() == tb.scalar_type(), "lstsq needs A and B of one dtype");
  // gelsd (SVD based) handles rank-deficient systems.
  auto r = at::linalg_lstsq(ta, tb, c10::nullopt, std::string("gelsd"));
  *solution = mnd::wrap(std::get<0>(r));
  MND_CATCH
}
