// IO area: moving bytes between managed memory and tensors.
//
// Byte counts are checked against the tensor's element count and dtype before any copy,
// so a wrong-sized managed buffer is an error, never an overrun.
#include "mnd.h"

#include <cstring>

namespace {
int64_t checked_numel(at::IntArrayRef shape) {
  int64_t n = 1;
  for (auto s : shape) {
    mnd::require(s >= 0, "negative dimension in shape");
    mnd::require(!__builtin_mul_overflow(n, s, &n), "shape element count overflows int64");
  }
  return n;
}
}  // namespace

// Creates a tensor of `shape` and `dtype` on the device from `nbytes` bytes at `data`.
MND_API int32_t mnd_tensor_from_data(const void* data, int64_t nbytes, int32_t dtype,
                                     const int64_t* shape, int32_t ndim, int32_t device_type,
                                     int32_t device_index, mnd_tensor* out) {
  MND_TRY
  at::ScalarType st = mnd::dtype(dtype);
  auto size = mnd::ints(shape, ndim);
  int64_t numel = checked_numel(size);
  int64_t expected = 0;
  mnd::require(!__builtin_mul_overflow(numel, static_cast<int64_t>(c10::elementSize(st)), &expected),
               "tensor byte size overflows int64");
  if (nbytes != expected)
    throw std::invalid_argument("data has " + std::to_string(nbytes) + " bytes; shape and dtype need " +
                                std::to_string(expected));
  mnd::require(expected == 0 || data != nullptr, "null data pointer");
  at::Tensor t = at::empty(size, at::TensorOptions().dtype(st));
  if (expected > 0) std::memcpy(t.data_ptr(), data, static_cast<size_t>(expected));
  at::Device dev = mnd::device(device_type, device_index);
  if (!dev.is_cpu()) t = t.to(dev);
  *out = mnd::wrap(std::move(t));
  MND_CATCH
}

// Copies the tensor's elements (in row-major order, on the CPU) into `dst`.
MND_API int32_t mnd_tensor_copy_to(mnd_tensor a, void* dst, int64_t nbytes) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "tensor");
  int64_t expected = t.numel() * static_cast<int64_t>(t.element_size());
  if (nbytes != expected)
    throw std::invalid_argument("destination has " + std::to_string(nbytes) + " bytes; tensor holds " +
                                std::to_string(expected));
  if (expected == 0) return MND_OK;
  mnd::require(dst != nullptr, "null destination pointer");
  at::Tensor c = t.detach();
  if (!c.device().is_cpu()) c = c.cpu();
  c = c.contiguous();
  std::memcpy(dst, c.data_ptr(), static_cast<size_t>(expected));
  MND_CATCH
}

// Exposes the storage of a CPU contiguous tensor (for zero-copy reads in managed code).
// Fails for other tensors; the pointer is valid while the handle lives.
MND_API int32_t mnd_tensor_data_ptr(mnd_tensor a, void** ptr, int64_t* nbytes) {
  MND_TRY
  const at::Tensor& t = mnd::arg(a, "tensor");
  mnd::require(t.device().is_cpu(), "data pointer needs a CPU tensor");
  mnd::require(t.is_contiguous(), "data pointer needs a contiguous tensor");
  *ptr = t.data_ptr();
  *nbytes = t.numel() * static_cast<int64_t>(t.element_size());
  MND_CATCH
}
