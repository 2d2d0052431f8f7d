// JIT area: TorchScript modules (files written by torch.jit.save) as trainable backbones.
//
// A TorchScript file is code: loading one runs its deserializer and later its methods. The
// managed side loads them only from files the caller names or from model zips whose
// loading the caller explicitly trusts (see docs/transfer.md). Parameters and buffers are
// handed out as tensor handles sharing the module's storage, so an optimizer stepping them
// in place trains the module.
#include "mnd.h"

#include <torch/script.h>

#include <cstring>
#include <sstream>

typedef torch::jit::Module* mnd_jit;

namespace {
const torch::jit::Module& module_arg(mnd_jit m) {
  mnd::require(m != nullptr, "missing TorchScript module");
  return *m;
}
}  // namespace

// Loads a TorchScript archive from `n` bytes at `data` onto the CPU.
MND_API int32_t mnd_jit_load(const uint8_t* data, int64_t n, mnd_jit* out) {
  MND_TRY
  mnd::require(data != nullptr && n > 0, "empty TorchScript data");
  std::istringstream stream(std::string(reinterpret_cast<const char*>(data), static_cast<size_t>(n)));
  auto module = torch::jit::load(stream, at::Device(at::kCPU));
  *out = new torch::jit::Module(std::move(module));
  MND_CATCH
}

MND_API void mnd_jit_free(mnd_jit m) { delete m; }

// Number of parameters (buffers = 0) or buffers (buffers = 1), recursively.
MND_API int32_t mnd_jit_count(mnd_jit m, int32_t buffers, int64_t* count) {
  MND_TRY
  const auto& mod = module_arg(m);
  int64_t c = 0;
  if (buffers) {
    for (const auto& b : mod.named_buffers(true)) { (void)b; c++; }
  } else {
    for (const auto& p : mod.named_parameters(true)) { (void)p; c++; }
  }
  *count = c;
  MND_CATCH
}

// The index-th parameter or buffer: its dotted name (UTF-8, copied into `name` when it fits
// `capacity`; `length` is always set) and a handle sharing its storage.
MND_API int32_t mnd_jit_entry(mnd_jit m, int32_t buffers, int64_t index, char* name, int64_t capacity, int64_t* length, mnd_tensor* out) {
  MND_TRY
  const auto& mod = module_arg(m);
  int64_t i = 0;
  auto take = [&](const std::string& n, const at::Tensor& t) {
    *length = static_cast<int64_t>(n.size());
    if (name != nullptr && capacity >= *length) std::memcpy(name, n.data(), n.size());
    *out = mnd::wrap(t);
  };
  bool found = false;
  if (buffers) {
    for (const auto& b : mod.named_buffers(true))
      if (i++ == index) { take(b.name, b.value); found = true; break; }
  } else {
    for (const auto& p : mod.named_parameters(true))
      if (i++ == index) { take(p.name, p.value); found = true; break; }
  }
  mnd::require(found, "TorchScript entry index out of range");
  MND_CATCH
}

// Runs forward(x); the result must be one tensor.
MND_API int32_t mnd_jit_forward(mnd_jit m, mnd_tensor x, mnd_tensor* out) {
  MND_TRY
  mnd::require(m != nullptr, "missing TorchScript module");
  std::vector<torch::jit::IValue> inputs{mnd::arg(x, "input")};
  auto result = m->forward(inputs);
  mnd::require(result.isTensor(), "the TorchScript module's forward does not return a single tensor");
  *out = mnd::wrap(result.toTensor());
  MND_CATCH
}

// Switches the module (and its submodules) to training (1) or evaluation (0) mode.
MND_API int32_t mnd_jit_train(mnd_jit m, int32_t on) {
  MND_TRY
  mnd::require(m != nullptr, "missing TorchScript module");
  m->train(on != 0);
  MND_CATCH
}

// Serializes the module as a TorchScript archive into `data` when it fits `capacity`;
// `length` is always set (call with capacity 0 to learn it).
MND_API int32_t mnd_jit_save(mnd_jit m, uint8_t* data, int64_t capacity, int64_t* length) {
  MND_TRY
  const auto& mod = module_arg(m);
  std::ostringstream stream;
  mod.save(stream);
  std::string bytes = stream.str();
  *length = static_cast<int64_t>(bytes.size());
  if (data != nullptr && capacity >= *length) std::memcpy(data, bytes.data(), bytes.size());
  MND_CATCH
}
