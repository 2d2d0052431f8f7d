// Optimizer area: one update step over a parameter group, following PyTorch 1.13's
// single-tensor implementations operation for operation, so that the same inputs give the
// same numbers. State tensors are owned by managed code and passed in; `steps` holds the
// per-parameter step counts and is advanced here for every parameter that has a gradient.
#include "mnd.h"

#include <cmath>

namespace {
void check_state(const std::vector<at::Tensor>& params, const std::vector<at::Tensor>& state,
                 const char* name) {
  if (state.size() != params.size())
    throw std::invalid_argument(std::string("optimizer state '") + name + "' has " +
                                std::to_string(state.size()) + " tensors for " +
                                std::to_string(params.size()) + " parameters");
}
}  // namespace

// SGD with momentum, dampening, nesterov, weight decay, maximize. `bufs` may be null when
// momentum == 0.
MND_API int32_t mnd_sgd_step(const mnd_tensor* params, const mnd_tensor* bufs, int64_t* steps, int32_t n,
                             double lr, double momentum, double dampening, double weight_decay,
                             int32_t nesterov, int32_t maximize) {
  MND_TRY
  at::NoGradGuard no_grad;
  auto p = mnd::tensors(params, n);
  std::vector<at::Tensor> b;
  if (momentum != 0) {
    b = mnd::tensors(bufs, n);
    check_state(p, b, "momentum_buffer");
  }
  for (int32_t i = 0; i < n; ++i) {
    at::Tensor& param = p[i];
    if (!param.grad().defined()) continue;
    at::Tensor d_p = maximize ? -param.grad() : param.grad();
    if (weight_decay != 0) d_p = d_p.add(param, weight_decay);
    if (momentum != 0) {
      at::Tensor& buf = b[i];
      if (steps[i] == 0) buf.copy_(d_p);
      else buf.mul_(momentum).add_(d_p, 1 - dampening);
      d_p = nesterov ? d_p.add(buf, momentum) : buf;
    }
    param.add_(d_p, -lr);
    steps[i] += 1;
  }
  MND_CATCH
}

// Adam, or AdamW when decoupled != 0. `max_exp_avg_sqs` may be null unless amsgrad.
MND_API int32_t mnd_adam_step(const mnd_tensor* params, const mnd_tensor* exp_avgs, const mnd_tensor* exp_avg_sqs,
                              const mnd_tensor* max_exp_avg_sqs, int64_t* steps, int32_t n, double lr,
                              double beta1, double beta2, double eps, double weight_decay, int32_t decoupled,
                              int32_t amsgrad, int32_t maximize) {
  MND_TRY
  at::NoGradGuard no_grad;
  auto p = mnd::tensors(params, n);
  auto m = mnd::tensors(exp_avgs, n);
  auto v = mnd::tensors(exp_avg_sqs, n);
  check_state(p, m, "exp_avg");
  check_state(p, v, "exp_avg_sq");
  std::vector<at::Tensor> vmax;
  if (amsgrad) {
    vmax = mnd::tensors(max_exp_avg_sqs, n);
    check_state(p, vmax, "max_exp_avg_sq");
  }
  for (int32_t i = 0; i < n; ++i) {
    at::Tensor& param = p[i];
    if (!param.grad().defined()) continue;
    at::Tensor grad = maximize ? -param.grad() : param.grad();
    double step = static_cast<double>(++steps[i]);
    if (weight_decay != 0) {
      if (decoupled) param.mul_(1 - lr * weight_decay);
      else grad = grad.add(param, weight_decay);
    }
    m[i].mul_(beta1).add_(grad, 1 - beta1);
    v[i].mul_(beta2).addcmul_(grad, grad, 1 - beta2);
    double bias_correction1 = 1 - std::pow(beta1, step);
    double bias_correction2_sqrt = std::sqrt(1 - std::pow(beta2, step));
    double step_size = lr / bias_correction1;
    at::Tensor denom;
    if (amsgrad) {
      at::maximum_out(vmax[i], vmax[i], v[i]);
      denom = (vmax[i].sqrt() / bias_correction2_sqrt).add_(eps);
    } else {
      denom = (v[i].sqrt() / bias_correction2_sqrt).add_(eps);
    }
    param.addcdiv_(m[i], denom, -step_size);
  }
  MND_CATCH
}

// RMSprop with optional centering and momentum. `grad_avgs` may be null unless centered;
// `bufs` may be null unless momentum > 0.
MND_API int32_t mnd_rmsprop_step(const mnd_tensor* params, const mnd_tensor* square_avgs, const mnd_tensor* grad_avgs,
                                 const mnd_tensor* bufs, int64_t* steps, int32_t n, double lr, double alpha,
                                 double eps, double weight_decay, double momentum, int32_t centered,
                                 int32_t maximize) {
  MND_TRY
  at::NoGradGuard no_grad;
  auto p = mnd::tensors(params, n);
  auto sq = mnd::tensors(square_avgs, n);
  check_state(p, sq, "square_avg");
  std::vector<at::Tensor> ga, b;
  if (centered) {
    ga = mnd::tensors(grad_avgs, n);
    check_state(p, ga, "grad_avg");
  }
  if (momentum > 0) {
    b = mnd::tensors(bufs, n);
    check_state(p, b, "momentum_buffer");
  }
  for (int32_t i = 0; i < n; ++i) {
    at::Tensor& param = p[i];
    if (!param.grad().defined()) continue;
    at::Tensor grad = maximize ? -param.grad() : param.grad();
    steps[i] += 1;
    if (weight_decay != 0) grad = grad.add(param, weight_decay);
    sq[i].mul_(alpha).addcmul_(grad, grad, 1 - alpha);
    at::Tensor avg;
    if (centered) {
      ga[i].mul_(alpha).add_(grad, 1 - alpha);
      avg = sq[i].addcmul(ga[i], ga[i], -1).sqrt_();
    } else {
      avg = sq[i].sqrt();
    }
    avg.add_(eps);
    if (momentum > 0) {
      b[i].mul_(momentum).addcdiv_(grad, avg);
      param.add_(b[i], -lr);
    } else {
      param.addcdiv_(grad, avg, -lr);
    }
  }
  MND_CATCH
}
