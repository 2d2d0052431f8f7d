// Common declarations of the MlNetDeep native shim.
//
// Every exported function has C linkage, returns an mnd_status and hands results back
// through out-parameters. Bodies are wrapped in MND_TRY / MND_CATCH so that no C++
// exception ever crosses into .NET: the exception's text is kept thread-locally and the
// managed side reads it with mnd_last_error() right after a non-zero status.
#pragma once

#include <ATen/ATen.h>
#include <atomic>
#include <cstdint>

#define MND_API extern "C" __attribute__((visibility("default")))

// Status codes. Mirrored by MlNetDeep.Torch.Native.Status.
enum mnd_status : int32_t {
  MND_OK = 0,
  MND_ERROR = 1,             // any c10::Error or std::exception without a finer kind
  MND_INDEX_ERROR = 2,       // c10::IndexError
  MND_TYPE_ERROR = 3,        // c10::TypeError (wrong dtype and the like)
  MND_VALUE_ERROR = 4,       // c10::ValueError
  MND_NOT_IMPLEMENTED = 5,   // c10::NotImplementedError
  MND_OUT_OF_MEMORY = 6,     // c10::OutOfMemoryError, std::bad_alloc
  MND_INVALID_ARGUMENT = 7,  // rejected by the shim's own checks
};

// A native tensor handle: a heap-allocated at::Tensor (a reference-counted pointer to
// the TensorImpl). Freed by mnd_tensor_free.
typedef at::Tensor* mnd_tensor;

namespace mnd {

// Records `message` as this thread's last error.
void set_error(const char* message);

// Classifies the in-flight exception, records its message and returns its status.
// Call only from inside a catch block.
int32_t handle_exception() noexcept;

// Live native tensor handles, for leak tests.
extern std::atomic<int64_t> live_tensors;

// Moves `t` to the heap as a new handle.
inline mnd_tensor wrap(at::Tensor t) {
  auto* p = new at::Tensor(std::move(t));
  live_tensors.fetch_add(1, std::memory_order_relaxed);
  return p;
}

// A handle that may be null (an optional argument): undefined tensor when null.
inline at::Tensor opt(mnd_tensor t) { return t ? *t : at::Tensor(); }

inline c10::optional<at::Tensor> opt_ref(mnd_tensor t) {
  return t ? c10::optional<at::Tensor>(*t) : c10::nullopt;
}

// Throws std::invalid_argument when `cond` is false; mapped to MND_INVALID_ARGUMENT.
void require(bool cond, const char* message);

// Throws the error for a null handle passed where a tensor is required.
[[noreturn]] void missing(const char* name);

// A tensor argument that must be present.
inline const at::Tensor& arg(mnd_tensor t, const char* name) {
  if (t == nullptr) missing(name);
  return *t;
}

// A tensor argument that must be present and that the call mutates in place.
inline at::Tensor& mut(mnd_tensor t, const char* name) {
  if (t == nullptr) missing(name);
  return *t;
}

// Builds an IntArrayRef over a caller-owned array, rejecting a negative length.
inline at::IntArrayRef ints(const int64_t* data, int32_t n) {
  require(n >= 0 && (n == 0 || data != nullptr), "invalid integer list");
  return at::IntArrayRef(data, static_cast<size_t>(n));
}

// Copies a caller-owned array of handles into a vector of tensors.
std::vector<at::Tensor> tensors(const mnd_tensor* data, int32_t n);

// Validates a dtype code coming from managed code.
at::ScalarType dtype(int32_t code);

// Validates a device coming from managed code.
at::Device device(int32_t type, int32_t index);

}  // namespace mnd

#define MND_TRY try {
#define MND_CATCH                      \
  }                                    \
  catch (...) {                        \
    return mnd::handle_exception();    \
  }                                    \
  return MND_OK;
