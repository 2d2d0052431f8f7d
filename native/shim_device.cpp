// Device area: CUDA availability, threads, library facts.
#include "mnd.h"

#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <cstring>

MND_API int32_t mnd_cuda_device_count(int32_t* count) {
  MND_TRY
  *count = at::hasCUDA() ? static_cast<int32_t>(at::detail::getCUDAHooks().getNumGPUs()) : 0;
  MND_CATCH
}

MND_API int32_t mnd_set_num_threads(int32_t n) {
  MND_TRY
  mnd::require(n > 0, "thread count must be positive");
  at::set_num_threads(n);
  MND_CATCH
}

MND_API int32_t mnd_get_num_threads(int32_t* n) {
  MND_TRY
  *n = at::get_num_threads();
  MND_CATCH
}

// Writes libtorch's build configuration (BLAS, OpenMP, oneDNN, version) into `buf`.
MND_API int32_t mnd_build_info(char* buf, int32_t capacity, int32_t* length) {
  MND_TRY
  std::string s = at::show_config();
  *length = static_cast<int32_t>(s.size());
  if (buf != nullptr && capacity > 0) {
    size_t n = std::min(s.size(), static_cast<size_t>(capacity - 1));
    std::memcpy(buf, s.data(), n);
    buf[n] = '\0';
  }
  MND_CATCH
}
