#!/usr/bin/env bash
# The main job: sets up (when needed), then compares the shipped Fashion-MNIST pipelines (CNN,
# LeNet-5, MLP, XGBoost, RBF and linear SVM, logistic regression, k-means) on one split and
# writes the leaderboard, the best model's zip and an HTML report to compare-results/.
# Arguments pass through to `mlnetdeep compare` (e.g. --quick for the two-minute version).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
exec dotnet legacy/src/MlNetDeep.Cli/bin/Release/net10.0/mlnetdeep.dll compare "$@"
