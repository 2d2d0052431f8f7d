// Device area: CUDA availability, threads, library facts.
#include "mnd.h"

#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <cstring>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

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

// Deterministic mode: libtorch's deterministic algorithms (ops without one raise instead of
// running nondeterministically), deterministic cuDNN, and no cuDNN autotuning. Process-wide.
MND_API int32_t mnd_set_deterministic(int32_t on) {
  MND_TRY
  auto& ctx = at::globalContext();
  ctx.setDeterministicAlgorithms(on != 0, /*warn_only=*/false);
  ctx.setDeterministicCuDNN(on != 0);
  if (on != 0) ctx.setBenchmarkCuDNN(false);
  MND_CATCH
}

MND_API int32_t mnd_get_deterministic(int32_t* on) {
  MND_TRY
  *on = at::globalContext().deterministicAlgorithms() ? 1 : 0;
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

// Tunes glibc malloc for tensor workloads. libtorch's CPU allocator takes every buffer
// from malloc; with glibc's defaults, multi-megabyte activations are mmap'ed and unmapped
// (or trimmed) on every step, and each reuse page-faults the memory back in. Raising the
// mmap threshold and the trim threshold keeps freed buffers in the heap for reuse. Values
// <= 0 leave a setting alone. Returns MND_OK without effect on non-glibc systems.
MND_API int32_t mnd_tune_allocator(int64_t mmap_threshold, int64_t trim_threshold, int64_t top_pad) {
  MND_TRY
#if defined(__GLIBC__)
  if (mmap_threshold > 0) mnd::require(mallopt(M_MMAP_THRESHOLD, static_cast<int>(mmap_threshold)) == 1, "mallopt(M_MMAP_THRESHOLD) refused the value");
  if (trim_threshold > 0) mnd::require(mallopt(M_TRIM_THRESHOLD, static_cast<int>(std::min<int64_t>(trim_threshold, INT32_MAX))) == 1, "mallopt(M_TRIM_THRESHOLD) refused the value");
  if (top_pad > 0) mnd::require(mallopt(M_TOP_PAD, static_cast<int>(std::min<int64_t>(top_pad, INT32_MAX))) == 1, "mallopt(M_TOP_PAD) refused the value");
#endif
  MND_CATCH
}
