#!/usr/bin/env bash
# Checks the native build and runtime dependencies. On the first one missing, prints one
# line naming the Debian package that provides it and exits 1. ./setup.sh installs them all.
set -u
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo "$(/usr/bin/uname -m 2>/dev/null || echo x86_64)-linux-gnu")
lib=/usr/lib/$arch
missing() { echo "Missing native dependency: $1 (Debian package $2). Run ./setup.sh, or: sudo apt-get install $2"; exit 1; }
command -v cmake >/dev/null || missing "cmake" cmake
command -v g++ >/dev/null || missing "the C++ compiler g++" g++
if [ -z "${MLNETDEEP_LIBTORCH_DIR:-}" ]; then
  [ -f /usr/include/ATen/ATen.h ] || missing "libtorch headers (/usr/include/ATen)" libtorch-dev
  [ -e "$lib/libtorch.so" ] || missing "libtorch ($lib/libtorch.so)" libtorch-dev
else
  [ -f "$MLNETDEEP_LIBTORCH_DIR/include/ATen/ATen.h" ] || { echo "MLNETDEEP_LIBTORCH_DIR=$MLNETDEEP_LIBTORCH_DIR has no include/ATen/ATen.h: point it at an unpacked libtorch"; exit 1; }
fi
[ -f /usr/include/opencv4/opencv2/imgcodecs.hpp ] || missing "OpenCV image codecs (/usr/include/opencv4/opencv2/imgcodecs.hpp)" libopencv-imgcodecs-dev
[ -f /usr/include/opencv4/opencv2/imgproc.hpp ] || missing "OpenCV image processing (/usr/include/opencv4/opencv2/imgproc.hpp)" libopencv-imgproc-dev
# Without OpenBLAS, libtorch's GEMM falls back to the reference BLAS, ~50x slower.
[ -e "$lib/openblas-pthread/libblas.so.3" ] || missing "OpenBLAS ($lib/openblas-pthread/libblas.so.3)" libopenblas0-pthread
exit 0
