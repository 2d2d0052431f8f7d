// Autograd area: requires_grad, backward, gradients, grad mode, gradient clipping.
#include "mnd.h"

#include <torch/csrc/autograd/autograd.h>
#include <cmath>
#include <limits>

MND_API int32_t mnd_set_requires_grad(mnd_tensor a, int32_t value) {
  MND_TRY
  mnd::mut(a, "tensor").set_requires_grad(value != 0);
  MND_CATCH
}

// kind: 0 is_leaf, 1 has grad_fn
MND_API int32_t mnd_autograd_flag(int32_t kind, mnd_tensor a, int32_t* out) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "tensor");
  *out = kind == 0 ? (t.is_leaf() ? 1 : 0) : (t.grad_fn() ? 1 : 0);
  MND_CATCH
}

MND_API int32_t mnd_backward(mnd_tensor a, mnd_tensor grad, int32_t retain_graph,
                             int32_t create_graph) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "tensor");
  c10::optional<bool> retain;
  if (retain_graph >= 0) retain = retain_graph != 0;
  t.backward(mnd::opt(grad), retain, create_graph != 0);
  MND_CATCH
}

// The accumulated gradient, or a null handle when there is none.
MND_API int32_t mnd_grad(mnd_tensor a, mnd_tensor* out) {
  MND_TRY
  const at::Tensor& g = mnd::arg(a, "tensor").grad();
  *out = g.defined() ? mnd::wrap(g) : nullptr;
  MND_CATCH
}

// Replaces the gradient (null clears it).
MND_API int32_t mnd_set_grad(mnd_tensor a, mnd_tensor grad) {
  MND_TRY
  mnd::mut(a, "tensor").mutable_grad() = mnd::opt(grad);
  MND_CATCH
}

// Zeroes (or, with set_to_none, drops) the gradients of `n` tensors.
MND_API int32_t mnd_zero_grad(const mnd_tensor* items, int32_t n, int32_t set_to_none) {
  MND_TRY
  auto v = mnd::tensors(items, n);
  for (auto& t : v) {
    at::Tensor& g = t.mutable_grad();
    if (!g.defined()) continue;
    if (set_to_none != 0) {
      g = at::Tensor();
    } else {
      if (g.grad_fn()) g = g.detach();
      else g.requires_grad_(false);
      g.zero_();
    }
  }
  MND_CATCH
}

// kind: 0 detach (new handle), 1 detach_ (in place)
MND_API int32_t mnd_detach(int32_t kind, mnd_tensor a, mnd_tensor* out) {
  MND_TRY
  if (kind == 0) *out = mnd::wrap(mnd::arg(a, "tensor").detach());
  else mnd::mut(a, "tensor").detach_();
  MND_CATCH
}

// Sets this thread's grad mode; returns the previous one.
MND_API int32_t mnd_set_grad_enabled(int32_t enabled, int32_t* previous) {
  MND_TRY
  if (previous) *previous = c10::GradMode::is_enabled() ? 1 : 0;
  c10::GradMode::set_enabled(enabled != 0);
  MND_CATCH
}

// Scales the gradients of `n` tensors so their joint norm is at most max_norm; writes the
// norm before clipping. norm_type may be +inf. Tensors without a gradient are skipped.
MND_API int32_t mnd_clip_grad_norm(const mnd_tensor* items, int32_t n, double max_norm,
                                   double norm_type, int32_t error_if_nonfinite, double* total) {
  MND_TRY
  at::NoGradGuard no_grad;
  auto v = mnd::tensors(items, n);
  std::vector<at::Tensor> grads;
  for (auto& t : v)
    if (t.grad().defined()) grads.push_back(t.grad());
  if (grads.empty()) {
    *total = 0.0;
    return MND_OK;
  }
  at::Tensor norm;
  if (std::isinf(norm_type)) {
    std::vector<at::Tensor> maxes;
    for (auto& g : grads) maxes.push_back(g.detach().abs().max());
    norm = maxes.size() == 1 ? maxes[0] : at::stack(maxes).max();
  } else {
    std::vector<at::Tensor> norms;
    for (auto& g : grads) norms.push_back(at::norm(g.detach(), norm_type));
    norm = at::norm(at::stack(norms), norm_type);
  }
  double value = norm.item<double>();
  if (error_if_nonfinite != 0 && !std::isfinite(value))
    throw c10::ValueError({__func__, __FILE__, static_cast<uint32_t>(__LINE__)},
                          "the total norm of gradients is non-finite, so it cannot be clipped");
  double coef = max_norm / (value + 1e-6);
  if (coef < 1.0)
    for (auto& g : grads) g.mul_(coef);
  *total = value;
  MND_CATCH
}

// Clamps every gradient element into [-clip, clip].
MND_API int32_t mnd_clip_grad_value(const mnd_tensor* items, int32_t n, double clip) {
  MND_TRY
  at::NoGradGuard no_grad;
  for (auto& t : mnd::tensors(items, n))
    if (t.grad().defined()) t.mutable_grad().clamp_(-clip, clip);
  MND_CATCH
}

// Gradients of `outputs` with respect to `inputs` (torch.autograd.grad). grad_outputs may
// be null (then every output must be a scalar). Undefined results come back as null.
MND_API int32_t mnd_autograd_grad(const mnd_tensor* outputs, int32_t nout, const mnd_tensor* inputs,
                                  int32_t nin, const mnd_tensor* grad_outputs, int32_t retain_graph,
                                  int32_t create_graph, int32_t allow_unused, mnd_tensor* out) {
  MND_TRY
  auto o = mnd::tensors(outputs, nout);
  auto i = mnd::tensors(inputs, nin);
  std::vector<at::Tensor> go;
  if (grad_outputs) go = mnd::tensors(grad_outputs, nout);
  c10::optional<bool> retain;
  if (retain_graph >= 0) retain = retain_graph != 0;
  auto r = torch::autograd::grad(o, i, go, retain, create_graph != 0, allow_unused != 0);
  for (size_t k = 0; k < r.size(); ++k) out[k] = r[k].defined() ? mnd::wrap(r[k]) : nullptr;
  MND_CATCH
}

// Replaces the data of `a` with `src` while keeping the handle's autograd identity
// (PyTorch's `param.data = src`): used to move module parameters between devices and dtypes.
MND_API int32_t mnd_set_data(mnd_tensor a, mnd_tensor src) {
  MND_TRY
  mnd::mut(a, "tensor").set_data(mnd::arg(src, "source"));
  MND_CATCH
}
