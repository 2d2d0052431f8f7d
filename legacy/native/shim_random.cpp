// Random area: the global seed, explicit generators and their states, random factories.
#include "mnd.h"

#include <ATen/CPUGeneratorImpl.h>
#include <cstring>

typedef at::Generator* mnd_generator;

namespace {
c10::optional<at::Generator> gen(mnd_generator g) {
  return g ? c10::optional<at::Generator>(*g) : c10::nullopt;
}
}  // namespace

MND_API int32_t mnd_manual_seed(int64_t seed) {
  MND_TRY
  at::manual_seed(static_cast<uint64_t>(seed));
  MND_CATCH
}

MND_API int32_t mnd_generator_new(int64_t seed, mnd_generator* out) {
  MND_TRY
  *out = new at::Generator(at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(seed)));
  MND_CATCH
}

MND_API void mnd_generator_free(mnd_generator g) { delete g; }

// State of a generator (null: the global CPU generator) as a uint8 tensor.
MND_API int32_t mnd_generator_get_state(mnd_generator g, mnd_tensor* out) {
  MND_TRY
  at::Generator& G = g ? *g : const_cast<at::Generator&>(at::detail::getDefaultCPUGenerator());
  std::lock_guard<std::mutex> lock(G.mutex());
  *out = mnd::wrap(G.get_state());
  MND_CATCH
}

MND_API int32_t mnd_generator_set_state(mnd_generator g, mnd_tensor state) {
  MND_TRY
  const at::Tensor& s = mnd::arg(state, "state");
  mnd::require(s.scalar_type() == at::kByte && s.dim() == 1 && s.device().is_cpu(),
               "generator state must be a 1-d uint8 CPU tensor");
  at::Generator& G = g ? *g : const_cast<at::Generator&>(at::detail::getDefaultCPUGenerator());
  std::lock_guard<std::mutex> lock(G.mutex());
  G.set_state(s);
  MND_CATCH
}

// kind: 0 rand [0,1), 1 randn, 2 randint [lo, hi), 3 normal(mean lo, std hi),
// 4 uniform [lo, hi)
MND_API int32_t mnd_random(int32_t kind, const int64_t* shape, int32_t ndim, double lo, double hi,
                           int32_t dtype, int32_t device_type, int32_t device_index,
                           mnd_generator g, mnd_tensor* out) {
  MND_TRY
  auto opts = at::TensorOptions().dtype(mnd::dtype(dtype)).device(mnd::device(device_type, device_index));
  auto size = mnd::ints(shape, ndim);
  for (auto s : size) mnd::require(s >= 0, "negative dimension in shape");
  switch (kind) {
    case 0: *out = mnd::wrap(at::rand(size, gen(g), opts)); break;
    case 1: *out = mnd::wrap(at::randn(size, gen(g), opts)); break;
    case 2:
      mnd::require(hi > lo, "randint needs high > low");
      *out = mnd::wrap(at::randint(static_cast<int64_t>(lo), static_cast<int64_t>(hi), size, gen(g), opts));
      break;
    case 3: *out = mnd::wrap(at::empty(size, opts).normal_(lo, hi, gen(g))); break;
    case 4: *out = mnd::wrap(at::empty(size, opts).uniform_(lo, hi, gen(g))); break;
    default: mnd::require(false, "unknown random kind");
  }
  MND_CATCH
}

// In place: kind 0 uniform_(lo, hi), 1 normal_(mean lo, std hi), 2 bernoulli_(p lo).
MND_API int32_t mnd_random_(int32_t kind, mnd_tensor a, double lo, double hi, mnd_generator g) {
  MND_TRY
  at::Tensor& t = mnd::mut(a, "tensor");
  switch (kind) {
    case 0: t.uniform_(lo, hi, gen(g)); break;
    case 1: t.normal_(lo, hi, gen(g)); break;
    case 2: t.bernoulli_(lo, gen(g)); break;
    default: mnd::require(false, "unknown in-place random kind");
  }
  MND_CATCH
}

MND_API int32_t mnd_randperm(int64_t n, int32_t dtype, int32_t device_type, int32_t device_index,
                             mnd_generator g, mnd_tensor* out) {
  MND_TRY
  mnd::require(n >= 0, "randperm needs n >= 0");
  auto opts = at::TensorOptions().dtype(mnd::dtype(dtype)).device(mnd::device(device_type, device_index));
  *out = mnd::wrap(at::randperm(n, gen(g), opts));
  MND_CATCH
}

// Bernoulli draws: probabilities from `p` (same shape as the result).
MND_API int32_t mnd_bernoulli(mnd_tensor p, mnd_generator g, mnd_tensor* out) {
  MND_TRY
  *out = mnd::wrap(at::bernoulli(mnd::arg(p, "probabilities"), gen(g)));
  MND_CATCH
}
