// Error handling, handle lifetime and argument checks shared by every shim area.
#include "mnd.h"

#include <new>
#include <stdexcept>
#include <string>

namespace mnd {

std::atomic<int64_t> live_tensors{0};

namespace {
thread_local std::string last_error;
}

void set_error(const char* message) { last_error = message ? message : ""; }

int32_t handle_exception() noexcept {
  try {
    throw;
  } catch (const c10::IndexError& e) {
    set_error(e.what_without_backtrace());
    return MND_INDEX_ERROR;
  } catch (const c10::TypeError& e) {
    set_error(e.what_without_backtrace());
    return MND_TYPE_ERROR;
  } catch (const c10::ValueError& e) {
    set_error(e.what_without_backtrace());
    return MND_VALUE_ERROR;
  } catch (const c10::NotImplementedError& e) {
    set_error(e.what_without_backtrace());
    return MND_NOT_IMPLEMENTED;
  } catch (const c10::OutOfMemoryError& e) {
    set_error(e.what_without_backtrace());
    return MND_OUT_OF_MEMORY;
  } catch (const c10::Error& e) {
    set_error(e.what_without_backtrace());
    return MND_ERROR;
  } catch (const std::invalid_argument& e) {
    set_error(e.what());
    return MND_INVALID_ARGUMENT;
  } catch (const std::bad_alloc&) {
    set_error("out of memory");
    return MND_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    set_error(e.what());
    return MND_ERROR;
  } catch (...) {
    set_error("unknown native exception");
    return MND_ERROR;
  }
}

void require(bool cond, const char* message) {
  if (!cond) throw std::invalid_argument(message);
}

void missing(const char* name) {
  throw std::invalid_argument(std::string("missing tensor argument '") + name + "'");
}

std::vector<at::Tensor> tensors(const mnd_tensor* data, int32_t n) {
  require(n >= 0 && (n == 0 || data != nullptr), "invalid tensor list");
  std::vector<at::Tensor> v;
  v.reserve(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) {
    require(data[i] != nullptr, "null tensor in tensor list");
    v.push_back(*data[i]);
  }
  return v;
}

at::ScalarType dtype(int32_t code) {
  switch (static_cast<at::ScalarType>(code)) {
    case at::kByte:
    case at::kChar:
    case at::kShort:
    case at::kInt:
    case at::kLong:
    case at::kHalf:
    case at::kFloat:
    case at::kDouble:
    case at::kBool:
    case at::kBFloat16:
      return static_cast<at::ScalarType>(code);
    default:
      throw std::invalid_argument("unsupported dtype code " + std::to_string(code));
  }
}

at::Device device(int32_t type, int32_t index) {
  require(index >= -1 && index < 64, "device index out of range");
  switch (type) {
    case 0:
      return at::Device(at::kCPU);
    case 1:
      return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(index));
    default:
      throw std::invalid_argument("unsupported device type " + std::to_string(type));
  }
}

}  // namespace mnd

// Returns this thread's last error message; valid until the next failing call on it.
MND_API const char* mnd_last_error() { return mnd::last_error.c_str(); }

MND_API int64_t mnd_live_tensors() { return mnd::live_tensors.load(); }

// Frees a tensor handle. Never fails; a null handle is ignored.
MND_API void mnd_tensor_free(mnd_tensor t) {
  if (t == nullptr) return;
  delete t;
  mnd::live_tensors.fetch_sub(1, std::memory_order_relaxed);
}
