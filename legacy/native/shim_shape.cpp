// Tensor area, continued: views, reshapes, joins, splits, indexing and conversions.
#include "mnd.h"

// kind: 0 reshape, 1 view, 2 permute, 3 expand, 4 repeat
MND_API int32_t mnd_reshape(int32_t kind, mnd_tensor a, const int64_t* dims, int32_t n,
                            mnd_tensor* out) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "input");
  auto d = mnd::ints(dims, n);
  switch (kind) {
    case 0: *out = mnd::wrap(t.reshape(d)); break;
    case 1: *out = mnd::wrap(t.view(d)); break;
    case 2: *out = mnd::wrap(t.permute(d)); break;
    case 3: *out = mnd::wrap(t.expand(d)); break;
    case 4: *out = mnd::wrap(t.repeat(d)); break;
    default: mnd::require(false, "unknown reshape kind");
  }
  MND_CATCH
}

// kind: 0 transpose(d0, d1), 1 squeeze(d0) (d0 == INT64_MIN: all), 2 unsqueeze(d0),
// 3 flatten(d0, d1), 4 select(dim d0, index d1), 5 contiguous, 6 clone, 7 t(),
// 8 tril(diagonal d0), 9 triu(diagonal d0), 10 one_hot(num_classes d0)
MND_API int32_t mnd_shape_op(int32_t kind, mnd_tensor a, int64_t d0, int64_t d1, mnd_tensor* out) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "input");
  switch (kind) {
    case 0: *out = mnd::wrap(t.transpose(d0, d1)); break;
    case 1: *out = mnd::wrap(d0 == INT64_MIN ? t.squeeze() : t.squeeze(d0)); break;
    case 2: *out = mnd::wrap(t.unsqueeze(d0)); break;
    case 3: *out = mnd::wrap(t.flatten(d0, d1)); break;
    case 4: *out = mnd::wrap(t.select(d0, d1)); break;
    case 5: *out = mnd::wrap(t.contiguous()); break;
    case 6: *out = mnd::wrap(t.clone()); break;
    case 7: *out = mnd::wrap(t.t()); break;
    case 8: *out = mnd::wrap(t.tril(d0)); break;
    case 9: *out = mnd::wrap(t.triu(d0)); break;
    case 10: *out = mnd::wrap(at::one_hot(t, d0)); break;
    default: mnd::require(false, "unknown shape op kind");
  }
  MND_CATCH
}

// narrow(dim, start, length) when step == 0, else slice(dim, start, end, step).
MND_API int32_t mnd_slice(mnd_tensor a, int64_t dim, int64_t start, int64_t end_or_length,
                          int64_t step, mnd_tensor* out) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "input");
  if (step == 0) {
    *out = mnd::wrap(t.narrow(dim, start, end_or_length));
  } else {
    mnd::require(step > 0, "slice step must be positive");
    *out = mnd::wrap(t.slice(dim, start, end_or_length, step));
  }
  MND_CATCH
}

// kind: 0 cat, 1 stack
MND_API int32_t mnd_join(int32_t kind, const mnd_tensor* items, int32_t n, int64_t dim,
                         mnd_tensor* out) {
  MND_TRY
  auto v = mnd::tensors(items, n);
  mnd::require(!v.empty(), "cannot join an empty list of tensors");
  *out = mnd::wrap(kind == 0 ? at::cat(v, dim) : at::stack(v, dim));
  MND_CATCH
}

// kind: 0 split(size n0), 1 split_with_sizes(sizes), 2 chunk(n0), 3 unbind.
// Writes at most `capacity` handles to `out` and the count to `count`.
MND_API int32_t mnd_split(int32_t kind, mnd_tensor a, int64_t n0, const int64_t* sizes,
                          int32_t nsizes, int64_t dim, mnd_tensor* out, int32_t capacity,
                          int32_t* count) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "input");
  std::vector<at::Tensor> parts;
  switch (kind) {
    case 0: mnd::require(n0 > 0, "split size must be positive"); parts = t.split(n0, dim); break;
    case 1: parts = t.split_with_sizes(mnd::ints(sizes, nsizes), dim); break;
    case 2: mnd::require(n0 > 0, "chunk count must be positive"); parts = t.chunk(n0, dim); break;
    case 3: parts = t.unbind(dim); break;
    default: mnd::require(false, "unknown split kind");
  }
  mnd::require(static_cast<int64_t>(parts.size()) <= capacity, "split result buffer too small");
  for (size_t i = 0; i < parts.size(); ++i) out[i] = mnd::wrap(std::move(parts[i]));
  *count = static_cast<int32_t>(parts.size());
  MND_CATCH
}

// kind: 0 index_select(dim, index), 1 gather(dim, index), 2 masked_select(mask),
// 3 take(index)
MND_API int32_t mnd_index(int32_t kind, mnd_tensor a, int64_t dim, mnd_tensor index,
                          mnd_tensor* out) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "input");
  const at::Tensor& i = mnd::arg(index, "index");
  switch (kind) {
    case 0: *out = mnd::wrap(t.index_select(dim, i)); break;
    case 1: *out = mnd::wrap(t.gather(dim, i)); break;
    case 2: *out = mnd::wrap(t.masked_select(i)); break;
    case 3: *out = mnd::wrap(t.take(i)); break;
    default: mnd::require(false, "unknown index kind");
  }
  MND_CATCH
}

// kind: 0 scatter(dim, index, src), 1 scatter_add(dim, index, src),
// 2 index_add(dim, index, src), 3 masked_scatter(mask, src)
MND_API int32_t mnd_scatter(int32_t kind, mnd_tensor a, int64_t dim, mnd_tensor index,
                            mnd_tensor src, mnd_tensor* out) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "input");
  const at::Tensor& i = mnd::arg(index, "index");
  const at::Tensor& s = mnd::arg(src, "source");
  switch (kind) {
    case 0: *out = mnd::wrap(t.scatter(dim, i, s)); break;
    case 1: *out = mnd::wrap(t.scatter_add(dim, i, s)); break;
    case 2: *out = mnd::wrap(t.index_add(dim, i, s)); break;
    case 3: *out = mnd::wrap(t.masked_scatter(i, s)); break;
    default: mnd::require(false, "unknown scatter kind");
  }
  MND_CATCH
}

// masked_fill(mask, value); in place when inplace != 0 (then *out is untouched).
MND_API int32_t mnd_masked_fill(mnd_tensor a, mnd_tensor mask, double value, int32_t inplace,
                                mnd_tensor* out) {
  MND_TRY
  const at::Tensor& m = mnd::arg(mask, "mask");
  if (inplace != 0) {
    mnd::mut(a, "input").masked_fill_(m, value);
  } else {
    *out = mnd::wrap(mnd::arg(a, "input").masked_fill(m, value));
  }
  MND_CATCH
}

// Converts dtype and/or device; dtype < 0 keeps it, device_type < 0 keeps it.
MND_API int32_t mnd_to(mnd_tensor a, int32_t dtype, int32_t device_type, int32_t device_index,
                       int32_t copy, mnd_tensor* out) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "input");
  at::ScalarType st = dtype < 0 ? t.scalar_type() : mnd::dtype(dtype);
  at::Device dev = device_type < 0 ? t.device() : mnd::device(device_type, device_index);
  *out = mnd::wrap(t.to(dev, st, /*non_blocking=*/false, copy != 0));
  MND_CATCH
}

// Shares storage: a new handle to the same tensor (an alias, not a copy).
MND_API int32_t mnd_alias(mnd_tensor a, mnd_tensor* out) {
  MND_TRY
  *out = mnd::wrap(mnd::arg(a, "input"));
  MND_CATCH
}
