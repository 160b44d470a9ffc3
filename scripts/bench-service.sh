#!/usr/bin/env bash
# Load test of the service on 127.0.0.1 with Debian's wrk: /classify and /denoise at concurrency 1, 16 and 64, dynamic
# batching on versus off, each for DURATION; then raw ONNX Runtime throughput of the same models (the ceiling), and how
# fast an overloaded model answers 503. Prints one table row per run; everything else goes to $WORK/*.log.
#
#   scripts/bench-service.sh                       # defaults: DURATION=10s CONCURRENCY="1 16 64" MODELS=models
#   DURATION=5s CONCURRENCY="64" scripts/bench-service.sh
#
# The service runs from a Release build with the per-client rate limiter off and logging at Warning (a log line per
# request would measure the console, not the service). wrk and the service share the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

DURATION=${DURATION:-10s}
CONCURRENCY=${CONCURRENCY:-"1 16 64"}
MODELS=${MODELS:-$root/models}
PORT=${PORT:-5199}
ORT_SECONDS=${ORT_SECONDS:-5}
CLASSIFIER=${CLASSIFIER:-mlp-classifier}
DENOISER=${DENOISER:-dense-dae-64}
command -v wrk >/dev/null || { echo "bench-service.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/bench-service.XXXXXX)
service_pid=
cleanup() { [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

scripts/setup.sh --quiet
dotnet build src/DenoiseApi -c Release -v q --nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }

# A real MNIST test digit as an 8-bit gray PNG (stdlib zlib; numpy comes with Debian's python3-torch).
cache=${DENOISEAPI_CACHE:-$HOME/.cache/denoiseapi}
/usr/bin/python3 - "$cache/mnist/t10k-images-idx3-ubyte" "$WORK/digit.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
pixels = data[16:16 + 784]
raw = b"".join(b"\x00" + pixels[y * 28:(y + 1) * 28] for y in range(28))
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 28, 28, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[2], "wb").write(png)
PY
cat >"$WORK/post.lua" <<EOF
local f = io.open("$WORK/digit.png", "rb")
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "image/png"
EOF

start_service() { # start_service <label> [VAR=value...]
  local label=$1; shift
  (cd src/DenoiseApi && exec env ASPNETCORE_URLS="http://127.0.0.1:$PORT" Models__Root="$MODELS" \
     Models__ReloadIntervalSeconds=0 RateLimiting__Enabled=false Serilog__MinimumLevel__Default=Warning \
     Serilog__MinimumLevel__Override__DenoiseApi=Warning "$@" dotnet bin/Release/net10.0/DenoiseApi.dll) >"$WORK/service-$label.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "bench-service.sh: the service did not become ready; see $WORK/service-$label.log" >&2; exit 1
}
stop_service() { kill "$service_pid"; wait "$service_pid" 2>/dev/null || true; service_pid=; }

# Mean batch size of a model from /metrics (sum / count of denoiseapi_batch_size).
batch_totals() {
  curl -s "http://127.0.0.1:$PORT/metrics" | awk -v m="model=\"$1/" '
    index($0, "denoiseapi_batch_size_sum{") == 1 && index($0, m) { s += $2 }
    index($0, "denoiseapi_batch_size_count{") == 1 && index($0, m) { c += $2 }
    END { printf "%d %d\n", s, c }'
}

to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }'; }

printf "%-9s %-8s %4s %10s %9s %9s %8s %10s\n" endpoint batching c "req/s" "p50 ms" "p99 ms" non-2xx "mean batch"
run_wrk() { # run_wrk <endpoint> <model> <batching label> <connections>
  local endpoint=$1 model=$2 label=$3 c=$4 threads=1 out before after
  [ "$c" -gt 1 ] && threads=2
  before=$(batch_totals "$model")
  out=$(wrk -t"$threads" -c"$c" -d"$DURATION" --latency -s "$WORK/post.lua" "http://127.0.0.1:$PORT$endpoint?model=$model" 2>&1)
  after=$(batch_totals "$model")
  echo "$out" >"$WORK/wrk-${endpoint#/}-$label-c$c.log"
  local rps p50 p99 non2xx mean
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }' | to_ms)
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }' | to_ms)
  non2xx=$(echo "$out" | awk '/Non-2xx/ { print $NF }'); non2xx=${non2xx:-0}
  mean=$(echo "$before $after" | awk '{ c = $4 - $2; if (c > 0) printf "%.1f", ($3 - $1) / c; else print "-" }')
  printf "%-9s %-8s %4s %10s %9s %9s %8s %10s\n" "$endpoint" "$label" "$c" "$rps" "$p50" "$p99" "$non2xx" "$mean"
}

for mode in on off; do
  if [ "$mode" = on ]; then
    start_service batching-on Models__Defaults__MaxBatchSize=32 Models__Defaults__MaxQueueDelayMicroseconds=200
  else
    start_service batching-off Models__Defaults__MaxBatchSize=1 Models__Defaults__MaxQueueDelayMicroseconds=0
  fi
  for endpoint in /classify /denoise; do
    model=$CLASSIFIER; [ "$endpoint" = /denoise ] && model=$DENOISER
    for c in $CONCURRENCY; do run_wrk "$endpoint" "$model" "$mode" "$c"; done
  done
  stop_service
done

echo
echo "raw ONNX Runtime, same models, 2 sessions of 1 thread (the service's defaults):"
for model in "$CLASSIFIER" "$DENOISER"; do
  dir=$(ls -d "$MODELS/$model"/*/ | sort -V | tail -1)
  dotnet run scripts/bench-service-ort.cs -- "$dir" --batch 1,32 --threads 2 --seconds "$ORT_SECONDS" 2>"$WORK/ort-$model.log" | grep '^ort '
done

echo
echo "overload: /denoise with 1 session, batches of 1, a queue of 1, under wrk -c64; 200 probe requests timed by curl:"
start_service overload Models__Defaults__Sessions=1 Models__Defaults__MaxBatchSize=1 Models__Defaults__QueueCapacity=1
wrk -t2 -c64 -d"$DURATION" -s "$WORK/post.lua" "http://127.0.0.1:$PORT/denoise" >"$WORK/wrk-overload.log" 2>&1 &
wrk_pid=$!
sleep 1
for _ in $(seq 1 200); do
  curl -s -o /dev/null -w "%{http_code} %{time_total}\n" -H "Content-Type: image/png" --data-binary @"$WORK/digit.png" "http://127.0.0.1:$PORT/denoise"
done >"$WORK/overload-probes.txt"
wait "$wrk_pid" || true
# The service's own view: its request-duration histogram for the 503 answers (upper bucket bounds).
curl -s "http://127.0.0.1:$PORT/metrics" | awk '
  index($0, "denoiseapi_request_duration_seconds_bucket{endpoint=\"/denoise\"") == 1 && index($0, "status=\"503\"") {
    match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5); n++; bound[n] = le; count[n] = $2 }
  END {
    if (n == 0) { print "  the service answered no 503"; exit }
    total = count[n]; p50 = ""; p99 = ""
    for (i = 1; i <= n; i++) {
      if (p50 == "" && count[i] >= total * 0.5) p50 = bound[i]
      if (p99 == "" && count[i] >= total * 0.99) p99 = bound[i]
    }
    printf "  service side: %d answers 503, p50 <= %s s, p99 <= %s s (histogram bucket bounds)\n", total, p50, p99 }'
stop_service
awk '$1 == 503 { print $2 * 1000 }' "$WORK/overload-probes.txt" | sort -n | awk '
  function at(q,   i) { i = int(NR * q); if (i < 1) i = 1; return v[i] }
  { v[NR] = $1 }
  END {
    if (NR == 0) { print "  no 503 among the probes"; exit }
    printf "  %d of 200 probes answered 503: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", NR, at(0.5), at(0.99), v[NR]
  }'
echo "(logs in $WORK)"
