#!/usr/bin/env bash
# Installs everything a fresh Debian 12 machine needs to build, test and run MlNetDeep,
# then builds the solution. Idempotent: packages already present are not reinstalled, and
# nothing is asked of apt when all are there. Uses sudo when not run as root.
#
#   ./setup.sh              system packages + build
#   ./setup.sh --bench      also the Python peer used by ./benchmarks/run (python3-torch, ...)
set -euo pipefail
cd "$(dirname "$0")"

# Native libraries we bind, their build tools, and the data the main job trains on.
packages=(
  libtorch-dev          # libtorch 1.13.1 (CPU, oneDNN): the deep-learning kernels
  libopenblas0-pthread  # optimized BLAS: without it libtorch's GEMM is ~50x slower
  cmake g++ make        # build the native shim
  libxgboost-dev        # boosted trees
  libsvm-dev            # SVMs
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev  # image decoding
  dataset-fashion-mnist # /usr/share/datasets/fashion-mnist
  chromium              # headless browser: the test that renders the comparison's HTML report
  postgresql            # the AutoML store shared by several workers: its test starts a private server
)
# npm restores the charting libraries the HTML report inlines (src/MlNetDeep.Cli/Report);
# the machine's Node.js is used when present, Debian's otherwise.
if ! command -v npm >/dev/null; then packages+=(npm); fi
if [[ " $* " == *" --bench "* ]]; then
  # Python is only the benchmarks' peer, never a runtime or test dependency.
  packages+=(python3 python3-torch python3-numpy python3-sklearn python3-pandas python3-xgboost python3-threadpoolctl)
  # The character language model's text: the King James Bible (public domain), printed by `bible`.
  packages+=(bible-kjv)
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK (dotnet) is not on PATH; install it (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run again." >&2
  exit 1
fi

# Make sure the BLAS alternative points at OpenBLAS (another BLAS package may have taken it).
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
if [ -e "/usr/lib/$arch/openblas-pthread/libblas.so.3" ] && command -v update-alternatives >/dev/null; then
  current=$(readlink -f "/usr/lib/$arch/libblas.so.3" || true)
  case "$current" in
    */openblas-pthread/*) ;;
    *) "${sudo_cmd[@]}" update-alternatives --set "libblas.so.3-$arch" "/usr/lib/$arch/openblas-pthread/libblas.so.3" ;;
  esac
fi

dotnet build MlNetDeep.sln -c Release -nologo -v q
