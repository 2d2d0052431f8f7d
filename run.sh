#!/usr/bin/env bash
# The main job: sets up (when needed), then trains the reference CNN on Fashion-MNIST and
# prints its test accuracy. Arguments pass through to the demo (e.g. --epochs 1).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
exec dotnet run --project src/MlNetDeep.Cli -c Release --no-build -- train-reference "$@"
