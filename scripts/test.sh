#!/usr/bin/env bash
# The test command of README.md: installs what the tests need, fetches the cached assets (MNIST; ONNX Runtime is a NuGet package),
# builds in Release and runs every test project, then the container test (scripts/container-test.sh: the CPU and GPU
# images built from deploy/docker with podman on locally assembled base images and run as the pod runs; it counts as
# one skipped test where podman cannot be installed or run).
# Ends with one summary line: "tests: N passed, N failed, N skipped".
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Imaging"); SKIP_CONTAINERS=1 skips the container test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/setup.sh --quiet

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test DenoiseApi.sln -c Release --nologo "$@" 2>&1 | tee "$log" || status=$?

# VSTest prints one line per test assembly: "Passed!  - Failed: 0, Passed: 42, Skipped: 0, Total: 42, ..."
sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)

if [ -z "${SKIP_CONTAINERS:-}" ]; then
  container_status=0
  scripts/container-test.sh || container_status=$?
  case "$container_status" in
    0) passed=$((passed + 1)) ;;
    3) skipped=$((skipped + 1)) ;;
    *) failed=$((failed + 1)); status=1 ;;
  esac
fi
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "$status" -eq 0 ] && [ "${passed:-0}" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$status"
