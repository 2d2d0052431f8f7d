// NN area: the functional kernels modules are built from (linear, convolution, pooling,
// normalization, dropout, embedding, interpolation, softmax, losses, recurrent layers).
#include "mnd.h"

MND_API int32_t mnd_linear(mnd_tensor x, mnd_tensor w, mnd_tensor b, mnd_tensor* out) {
  MND_TRY
  *out = mnd::wrap(at::linear(mnd::arg(x, "input"), mnd::arg(w, "weight"), mnd::opt_ref(b)));
  MND_CATCH
}

// kind: 0 conv1d, 1 conv2d, 2 conv_transpose1d, 3 conv_transpose2d. Each int list holds
// `n` entries (1 for 1-d, 2 for 2-d).
MND_API int32_t mnd_conv(int32_t kind, mnd_tensor x, mnd_tensor w, mnd_tensor b, const int64_t* stride,
                         const int64_t* padding, const int64_t* dilation, const int64_t* output_padding,
                         int32_t n, int64_t groups, mnd_tensor* out) {
  MND_TRY
  const at::Tensor& in = mnd::arg(x, "input");
  const at::Tensor& wt = mnd::arg(w, "weight");
  auto s = mnd::ints(stride, n), p = mnd::ints(padding, n), d = mnd::ints(dilation, n);
  switch (kind) {
    case 0: *out = mnd::wrap(at::conv1d(in, wt, mnd::opt_ref(b), s, p, d, groups)); break;
    case 1: *out = mnd::wrap(at::conv2d(in, wt, mnd::opt_ref(b), s, p, d, groups)); break;
    case 2:
      *out = mnd::wrap(at::conv_transpose1d(in, wt, mnd::opt_ref(b), s, p, mnd::ints(output_padding, n), groups, d));
      break;
    case 3:
      *out = mnd::wrap(at::conv_transpose2d(in, wt, mnd::opt_ref(b), s, p, mnd::ints(output_padding, n), groups, d));
      break;
    default: mnd::require(false, "unknown convolution kind");
  }
  MND_CATCH
}

// kind: 0 max_pool1d, 1 max_pool2d, 2 avg_pool1d, 3 avg_pool2d, 4 adaptive_avg_pool1d,
// 5 adaptive_avg_pool2d, 6 adaptive_max_pool1d, 7 adaptive_max_pool2d.
// Adaptive kinds read only `kernel` (as the output size).
MND_API int32_t mnd_pool(int32_t kind, mnd_tensor x, const int64_t* kernel, const int64_t* stride,
                         const int64_t* padding, const int64_t* dilation, int32_t n, int32_t ceil_mode,
                         int32_t count_include_pad, mnd_tensor* out) {
  MND_TRY
  const at::Tensor& in = mnd::arg(x, "input");
  auto k = mnd::ints(kernel, n);
  bool ceil = ceil_mode != 0;
  switch (kind) {
    case 0: *out = mnd::wrap(at::max_pool1d(in, k, mnd::ints(stride, n), mnd::ints(padding, n), mnd::ints(dilation, n), ceil)); break;
    case 1: *out = mnd::wrap(at::max_pool2d(in, k, mnd::ints(stride, n), mnd::ints(padding, n), mnd::ints(dilation, n), ceil)); break;
    case 2: *out = mnd::wrap(at::avg_pool1d(in, k, mnd::ints(stride, n), mnd::ints(padding, n), ceil, count_include_pad != 0)); break;
    case 3: *out = mnd::wrap(at::avg_pool2d(in, k, mnd::ints(stride, n), mnd::ints(padding, n), ceil, count_include_pad != 0)); break;
    case 4: *out = mnd::wrap(at::adaptive_avg_pool1d(in, k)); break;
    case 5: *out = mnd::wrap(at::adaptive_avg_pool2d(in, k)); break;
    case 6: *out = mnd::wrap(std::get<0>(at::adaptive_max_pool1d(in, k))); break;
    case 7: *out = mnd::wrap(std::get<0>(at::adaptive_max_pool2d(in, k))); break;
    default: mnd::require(false, "unknown pooling kind");
  }
  MND_CATCH
}

MND_API int32_t mnd_batch_norm(mnd_tensor x, mnd_tensor w, mnd_tensor b, mnd_tensor running_mean,
                               mnd_tensor running_var, int32_t training, double momentum, double eps,
                               mnd_tensor* out) {
  MND_TRY
  *out = mnd::wrap(at::batch_norm(mnd::arg(x, "input"), mnd::opt_ref(w), mnd::opt_ref(b),
                                  mnd::opt_ref(running_mean), mnd::opt_ref(running_var), training != 0,
                                  momentum, eps, /*cudnn_enabled=*/true));
  MND_CATCH
}

MND_API int32_t mnd_layer_norm(mnd_tensor x, const int64_t* shape, int32_t n, mnd_tensor w, mnd_tensor b,
                               double eps, mnd_tensor* out) {
  MND_TRY
  *out = mnd::wrap(at::layer_norm(mnd::arg(x, "input"), mnd::ints(shape, n), mnd::opt_ref(w),
                                  mnd::opt_ref(b), eps));
  MND_CATCH
}

// kind: 0 dropout, 1 feature (channel) dropout, 2 alpha dropout
MND_API int32_t mnd_dropout(int32_t kind, mnd_tensor x, double p, int32_t train, mnd_tensor* out) {
  MND_TRY
  mnd::require(p >= 0.0 && p <= 1.0, "dropout probability must be in [0, 1]");
  const at::Tensor& in = mnd::arg(x, "input");
  switch (kind) {
    case 0: *out = mnd::wrap(at::dropout(in, p, train != 0)); break;
    case 1: *out = mnd::wrap(at::feature_dropout(in, p, train != 0)); break;
    case 2: *out = mnd::wrap(at::alpha_dropout(in, p, train != 0)); break;
    default: mnd::require(false, "unknown dropout kind");
  }
  MND_CATCH
}

MND_API int32_t mnd_embedding(mnd_tensor w, mnd_tensor indices, int64_t padding_idx, mnd_tensor* out) {
  MND_TRY
  *out = mnd::wrap(at::embedding(mnd::arg(w, "weight"), mnd::arg(indices, "indices"), padding_idx));
  MND_CATCH
}

// kind: 0 nearest, 1 bilinear (4-d input), 2 linear (3-d input). Either `size` (n entries)
// or `scale` (> 0) is given.
MND_API int32_t mnd_interpolate(int32_t kind, mnd_tensor x, const int64_t* size, int32_t n, double scale,
                                int32_t align_corners, mnd_tensor* out) {
  MND_TRY
  const at::Tensor& in = mnd::arg(x, "input");
  at::OptionalIntArrayRef os;
  c10::optional<at::ArrayRef<double>> sf;
  std::vector<double> scales;
  if (n > 0) {
    os = mnd::ints(size, n);
  } else {
    mnd::require(scale > 0, "interpolate needs an output size or a positive scale factor");
    scales.assign(static_cast<size_t>(in.dim() > 2 ? in.dim() - 2 : 0), scale);
    sf = at::ArrayRef<double>(scales);
  }
  switch (kind) {
    case 0:
      if (in.dim() == 3) *out = mnd::wrap(at::upsample_nearest1d(in, os, sf));
      else *out = mnd::wrap(at::upsample_nearest2d(in, os, sf));
      break;
    case 1: *out = mnd::wrap(at::upsample_bilinear2d(in, os, align_corners != 0, sf)); break;
    case 2: *out = mnd::wrap(at::upsample_linear1d(in, os, align_corners != 0, sf)); break;
    default: mnd::require(false, "unknown interpolation kind");
  }
  MND_CATCH
}

// kind: 0 softmax, 1 log_softmax
MND_API int32_t mnd_softmax(int32_t kind, mnd_tensor x, int64_t dim, mnd_tensor* out) {
  MND_TRY
  const at::Tensor& in = mnd::arg(x, "input");
  *out = mnd::wrap(kind == 0 ? at::softmax(in, dim) : at::log_softmax(in, dim));
  MND_CATCH
}

// kind: 0 cross_entropy (weight, ignore_index, label_smoothing), 1 nll (weight,
// ignore_index), 2 mse, 3 l1, 4 smooth_l1 (beta), 5 bce_with_logits (weight, pos_weight),
// 6 kl_div (flag: log_target), 7 bce (weight), 8 huber (beta = delta).
// reduction: 0 none, 1 mean, 2 sum.
MND_API int32_t mnd_loss(int32_t kind, mnd_tensor input, mnd_tensor target, mnd_tensor weight,
                         mnd_tensor pos_weight, int32_t reduction, int64_t ignore_index, double label_smoothing,
                         double beta, int32_t flag, mnd_tensor* out) {
  MND_TRY
  mnd::require(reduction >= 0 && reduction <= 2, "reduction must be none, mean or sum");
  const at::Tensor& x = mnd::arg(input, "input");
  const at::Tensor& y = mnd::arg(target, "target");
  switch (kind) {
    case 0:
      *out = mnd::wrap(at::cross_entropy_loss(x, y, mnd::opt_ref(weight), reduction, ignore_index, label_smoothing));
      break;
    case 1: *out = mnd::wrap(at::nll_loss_nd(x, y, mnd::opt_ref(weight), reduction, ignore_index)); break;
    case 2: *out = mnd::wrap(at::mse_loss(x, y, reduction)); break;
    case 3: *out = mnd::wrap(at::l1_loss(x, y, reduction)); break;
    case 4: *out = mnd::wrap(at::smooth_l1_loss(x, y, reduction, beta)); break;
    case 5:
      *out = mnd::wrap(at::binary_cross_entropy_with_logits(x, y, mnd::opt_ref(weight), mnd::opt_ref(pos_weight), reduction));
      break;
    case 6: *out = mnd::wrap(at::kl_div(x, y, reduction, flag != 0)); break;
    case 7: *out = mnd::wrap(at::binary_cross_entropy(x, y, mnd::opt_ref(weight), reduction)); break;
    case 8: *out = mnd::wrap(at::huber_loss(x, y, reduction, beta)); break;
    default: mnd::require(false, "unknown loss kind");
  }
  MND_CATCH
}

// kind: 0 lstm, 1 gru, 2 rnn_tanh, 3 rnn_relu. `hx` holds h0 (and c0 for LSTM);
// `params` holds per layer and direction w_ih, w_hh[, b_ih, b_hh]. Writes the output
// sequence, the final hidden state and (LSTM only) the final cell state.
MND_API int32_t mnd_rnn(int32_t kind, mnd_tensor x, const mnd_tensor* hx, int32_t nhx, const mnd_tensor* params,
                        int32_t nparams, int32_t has_biases, int64_t num_layers, double dropout, int32_t train,
                        int32_t bidirectional, int32_t batch_first, mnd_tensor* output, mnd_tensor* h_n,
                        mnd_tensor* c_n) {
  MND_TRY
  const at::Tensor& in = mnd::arg(x, "input");
  auto h = mnd::tensors(hx, nhx);
  auto p = mnd::tensors(params, nparams);
  int64_t per = (has_biases != 0 ? 4 : 2);
  mnd::require(num_layers > 0, "num_layers must be positive");
  mnd::require(static_cast<int64_t>(p.size()) == per * num_layers * (bidirectional != 0 ? 2 : 1),
               "recurrent parameter count does not match layers, directions and biases");
  bool hb = has_biases != 0, tr = train != 0, bi = bidirectional != 0, bf = batch_first != 0;
  switch (kind) {
    case 0: {
      mnd::require(h.size() == 2, "LSTM needs h0 and c0");
      auto r = at::lstm(in, h, p, hb, num_layers, dropout, tr, bi, bf);
      *output = mnd::wrap(std::get<0>(r));
      *h_n = mnd::wrap(std::get<1>(r));
      *c_n = mnd::wrap(std::get<2>(r));
      break;
    }
    case 1:
    case 2:
    case 3: {
      mnd::require(h.size() == 1, "GRU/RNN needs h0");
      auto r = kind == 1 ? at::gru(in, h[0], p, hb, num_layers, dropout, tr, bi, bf)
             : kind == 2 ? at::rnn_tanh(in, h[0], p, hb, num_layers, dropout, tr, bi, bf)
                         : at::rnn_relu(in, h[0], p, hb, num_layers, dropout, tr, bi, bf);
      *output = mnd::wrap(std::get<0>(r));
      *h_n = mnd::wrap(std::get<1>(r));
      if (c_n) *c_n = nullptr;
      break;
    }
    default: mnd::require(false, "unknown recurrent kind");
  }
  MND_CATCH
}
