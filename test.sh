#!/usr/bin/env bash
# Sets up (when needed), then runs the whole test suite. Ends with one summary line
# "N passed, N failed" over all test projects; the exit code is dotnet test's.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test MlNetDeep.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S, ..." line per project.
awk '/(Passed|Failed)! +- Failed:/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log" | tr -d ','  | awk '{print $1" passed, "$3" failed, "$5" skipped"}'
exit "$status"
