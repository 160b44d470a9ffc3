#!/usr/bin/env bash
# The run command of README.md: fetches MNIST into the cache if needed (ONNX Runtime comes from NuGet with the build),
# then starts the service on the shipped models in models/. Listens where ASPNETCORE_URLS says (default http://127.0.0.1:8080).
# Extra arguments go to the service as configuration, e.g. --Models:Root=/srv/models
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --quiet
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:8080}"
exec dotnet run --project src/DenoiseApi -c Release --no-launch-profile -- "$@"
