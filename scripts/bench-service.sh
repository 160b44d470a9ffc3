#!/usr/bin/env bash
# Load test of the service on 127.0.0.1 with Debian's wrk: /classify and /denoise at concurrency 1, 16 and 64, dynamic
# batching on versus off, each for DURATION after a WARMUP of the same endpoint (so the JIT has tiered up); raw ONNX
# Runtime throughput of the same models (the ceiling) measured before and after the service runs; and how fast an
# overloaded model answers 503. Prints one table; everything else goes to $WORK/*.log.
#
#   scripts/bench-service.sh                    # defaults: DURATION=10s WARMUP=10s CONCURRENCY="1 16 64"
#   DURATION=5s CONCURRENCY="64" scripts/bench-service.sh
#   WRK_CPUS=1 scripts/bench-service.sh         # wrk pinned to CPU 1 (taskset), so it takes at most one core
#   DENOISERS="conv-dae-skip" scripts/bench-service.sh
#
# Every row also gives the service process's CPU time per request (user + system, from /proc/<pid>/stat), next to the
# raw ORT CPU time per image (2 cores / raw images/s): the difference is what the HTTP path costs on top of inference.
# wrk's own CPU time per request is printed too, and "alone": the share of raw ORT the service would reach if it had the
# cores to itself (cores / its CPU time per request, over raw ORT), i.e. with the load generator on another machine.
# That column is derived from measured CPU time, not measured throughput; over loopback each side's kernel also does
# the other side's TCP receive work, which on a real network the receiving host would do.
#
# The service runs from a Release build with the per-client rate limiter off and logging at Warning (a log line per
# request would measure the console, not the service). wrk, the service and anything else running share the machine's
# cores: the table shows the 1-minute load average next to every row, and the raw ORT figure a ratio is taken against is
# the mean of the runs before and after (both are printed), so a busy moment shows up instead of skewing one side.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
CONCURRENCY=${CONCURRENCY:-"1 16 64"}
MODELS=${MODELS:-$root/models}
PORT=${PORT:-5199}
ORT_SECONDS=${ORT_SECONDS:-4}
CLASSIFIER=${CLASSIFIER:-mlp-classifier}
# conv-dae is the paper's conv DAE; conv-dae-skip is the best Gaussian specialist, with the architecture (and cost) of the default denoiser, conv-dae-blind.
DENOISERS=${DENOISERS:-${DENOISER:-"conv-dae conv-dae-skip"}}
DENOISER=${DENOISERS%% *} # the overload run's model
MAX_BATCH=${MAX_BATCH:-32}
MAX_DELAY_US=${MAX_DELAY_US:-200}
WRK_CPUS=${WRK_CPUS:-}
OVERLOAD_DURATION=${OVERLOAD_DURATION:-10s} # long enough for the 200 probes to run while wrk floods
command -v wrk >/dev/null || { echo "bench-service.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
wrk_cmd=(wrk)
[ -n "$WRK_CPUS" ] && wrk_cmd=(taskset -c "$WRK_CPUS" wrk)

WORK=$(mktemp -d /tmp/bench-service.XXXXXX)
service_pid=
cleanup() { [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
note() { echo "$*" >&2; }
load1() { cut -d' ' -f1 /proc/loadavg; }

scripts/setup.sh --quiet
dotnet build src/DenoiseApi -c Release -v q --nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
# Built once here and run with --no-build below: an up-to-date check per run took minutes on a busy machine.
dotnet build scripts/bench-service-ort.cs -v q --nologo >>"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }

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

# Sum and count of denoiseapi_batch_size for a model, from /metrics.
batch_totals() {
  curl -s "http://127.0.0.1:$PORT/metrics" | awk -v m="model=\"$1/" '
    index($0, "denoiseapi_batch_size_sum{") == 1 && index($0, m) { s += $2 }
    index($0, "denoiseapi_batch_size_count{") == 1 && index($0, m) { c += $2 }
    END { printf "%d %d\n", s, c }'
}

to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }'; }

# Raw ONNX Runtime images/s of a model at batch 1 and MAX_BATCH: "<model> <batch> <images/s>" lines into $1.
raw_ort() {
  local out=$1 model dir
  for model in "$CLASSIFIER" $DENOISERS; do
    dir=$(ls -d "$MODELS/$model"/*/ | sort -V | tail -1)
    dotnet run --no-build scripts/bench-service-ort.cs -- "$dir" --batch "1,$MAX_BATCH" --threads 2 --seconds "$ORT_SECONDS" \
      --digits "$cache/mnist/t10k-images-idx3-ubyte" 2>>"$WORK/ort.log" \
      | tee -a "$WORK/ort.log" | awk -v m="$model" '/^ort / { split($3, b, "="); split($5, r, "="); print m, b[2], r[2] }' >>"$out"
  done
}

# CPU time (user + system) the service process has used so far, in clock ticks.
service_ticks() { awk '{ print $14 + $15 }' "/proc/$service_pid/stat"; }

run_wrk() { # run_wrk <endpoint> <model> <batching label> <connections>: one row into $WORK/rows
  local endpoint=$1 model=$2 label=$3 c=$4 threads=1 out before after load ticks_before ticks_after wrk_seconds
  [ "$c" -gt 1 ] && threads=2
  before=$(batch_totals "$model")
  load=$(load1)
  ticks_before=$(service_ticks)
  # `times` in the subshell gives wrk's user and system time (the subshell's children) on its last line.
  out=$("${wrk_cmd[@]}" -t"$threads" -c"$c" -d"$DURATION" --latency -s "$WORK/post.lua" "http://127.0.0.1:$PORT$endpoint?model=$model" 2>&1; times)
  wrk_seconds=$(echo "$out" | tail -1 | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } print s }')
  ticks_after=$(service_ticks)
  after=$(batch_totals "$model")
  echo "$out" >"$WORK/wrk-${endpoint#/}-$label-c$c.log"
  local rps p50 p99 non2xx mean requests cpu wrk_cpu
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  cpu=$(awk -v t="$((ticks_after - ticks_before))" -v n="$requests" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (n > 0) printf "%.0f", t / hz / n * 1e6; else print "-" }')
  wrk_cpu=$(awk -v s="$wrk_seconds" -v n="$requests" 'BEGIN { if (n > 0) printf "%.0f", s / n * 1e6; else print "-" }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }' | to_ms)
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }' | to_ms)
  non2xx=$(echo "$out" | awk '/Non-2xx/ { print $NF }'); non2xx=${non2xx:-0}
  mean=$(echo "$before $after" | awk '{ c = $4 - $2; if (c > 0) printf "%.1f", ($3 - $1) / c; else print "-" }')
  echo "$endpoint $model $label $c $rps $p50 $p99 $non2xx $mean $cpu $wrk_cpu $load" >>"$WORK/rows"
  note "  $endpoint $model batching $label c=$c: $rps req/s, p50 $p50 ms, p99 $p99 ms, $cpu us service CPU/request (load $load)"
}

wrk_where=unpinned; [ -n "$WRK_CPUS" ] && wrk_where="pinned to CPU $WRK_CPUS"
note "bench-service.sh: $(nproc) cores, load $(load1), wrk $wrk_where; logs in $WORK"
note "raw ONNX Runtime, before:"
raw_ort "$WORK/ort-before"
for mode in on off; do
  if [ "$mode" = on ]; then
    start_service batching-on Models__Defaults__MaxBatchSize="$MAX_BATCH" Models__Defaults__MaxQueueDelayMicroseconds="$MAX_DELAY_US"
  else
    start_service batching-off Models__Defaults__MaxBatchSize=1 Models__Defaults__MaxQueueDelayMicroseconds=0
  fi
  for target in "/classify $CLASSIFIER" $(for d in $DENOISERS; do echo "/denoise:$d"; done); do
    endpoint=${target%%[ :]*}; model=${target#*[ :]}
    "${wrk_cmd[@]}" -t2 -c64 -d"$WARMUP" -s "$WORK/post.lua" "http://127.0.0.1:$PORT$endpoint?model=$model" >"$WORK/warmup-${endpoint#/}-$model-$mode.log" 2>&1
    for c in $CONCURRENCY; do run_wrk "$endpoint" "$model" "$mode" "$c"; done
  done
  stop_service
done
note "raw ONNX Runtime, after:"
raw_ort "$WORK/ort-after"

# Overload: one session, batches of one, a queue of one, loaded by wrk -c64 in two ways: flooded (every connection
# sends its next request as soon as the 503 arrives, so wrk takes as much of the 2 cores as it can) and paced (each
# connection waits OVERLOAD_PACE_MS between requests: several times what the single session can run, without the
# load generator starving the service of CPU). 200 probes on one keep-alive connection are timed by curl (client side),
# and the service's own request-duration histogram gives its side of the 503 answers.
OVERLOAD_PACE_MS=${OVERLOAD_PACE_MS:-10}
cat >"$WORK/paced.lua" <<LUA
local f = io.open("$WORK/digit.png", "rb")
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "image/png"
function delay() return $OVERLOAD_PACE_MS end
LUA
overload_url="http://127.0.0.1:$PORT/denoise?model=$DENOISER"
run_overload() { # run_overload <label> <wrk script>: appends the service- and client-side lines to $WORK/overload
  local label=$1 script=$2 load wrk_pid service client rps
  start_service "overload-$label" Models__Defaults__Sessions=1 Models__Defaults__MaxBatchSize=1 Models__Defaults__QueueCapacity=1
  load=$(load1)
  "${wrk_cmd[@]}" -t2 -c64 -d"$OVERLOAD_DURATION" -s "$script" "$overload_url" >"$WORK/wrk-overload-$label.log" 2>&1 &
  wrk_pid=$!
  sleep 1
  local urls=(); for _ in $(seq 1 200); do urls+=(-o /dev/null "$overload_url"); done
  curl -s -w '%{stderr}%{http_code} %{time_total}\n' -H "Content-Type: image/png" --data-binary @"$WORK/digit.png" "${urls[@]}" \
    2>"$WORK/overload-probes-$label.txt" || true
  wait "$wrk_pid" || true
  service=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '
    index($0, "http_server_request_duration_seconds_bucket{") == 1 && index($0, "http_route=\"/denoise\"") && index($0, "http_response_status_code=\"503\"") {
      match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5); n++; bound[n] = le; count[n] = $2 }
    END {
      if (n == 0) { print "no 503 answered"; exit }
      total = count[n]; p50 = ""; p99 = ""
      for (i = 1; i <= n; i++) {
        if (p50 == "" && count[i] >= total * 0.5) p50 = bound[i]
        if (p99 == "" && count[i] >= total * 0.99) p99 = bound[i]
      }
      printf "%d answers 503: p50 <= %g ms, p99 <= %g ms (histogram bucket bounds)", total, p50 * 1000, p99 * 1000 }')
  stop_service
  client=$(awk '$1 == 503 { print $2 * 1000 }' "$WORK/overload-probes-$label.txt" | sort -n | awk '
    function at(q,   i) { i = int(NR * q + 0.5); if (i < 1) i = 1; if (i > NR) i = NR; return v[i] }
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "no 503 among the probes"; exit }
      printf "%d of 200 probes answered 503: p50 %.2f ms, p99 %.2f ms, max %.2f ms", NR, at(0.5), at(0.99), v[NR] }')
  rps=$(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk-overload-$label.log")
  { echo "  $label (wrk: ${rps:-?} requests/s answered; load $load):"
    echo "    service side: $service"
    echo "    client side (one keep-alive connection): $client"; } >>"$WORK/overload"
}
note "overload runs"
run_overload flooded "$WORK/post.lua"
run_overload "paced-${OVERLOAD_PACE_MS}ms" "$WORK/paced.lua"

# The table.
echo
echo "service vs raw ONNX Runtime ($(nproc) cores shared by wrk${WRK_CPUS:+ [pinned to CPU $WRK_CPUS]} and the service; $(date -u '+%Y-%m-%d %H:%M UTC'))"
printf "%-9s %-14s %-5s %3s %9s %8s %8s %7s %6s %12s %12s %6s %8s %8s %8s %6s %5s\n" \
  endpoint model batch c "req/s" "p50 ms" "p99 ms" non-2xx "mean" "ORT before" "ORT after" ratio "cpu/req" "ORT cpu" "wrk cpu" alone load
while read -r endpoint model label c rps p50 p99 non2xx mean cpu wrk_cpu load; do
  b=1; [ "$label" = on ] && b=$MAX_BATCH
  ort_b=$(awk -v m="$model" -v b="$b" '$1 == m && $2 == b { print $3 }' "$WORK/ort-before")
  ort_a=$(awk -v m="$model" -v b="$b" '$1 == m && $2 == b { print $3 }' "$WORK/ort-after")
  ratio=$(awk -v r="$rps" -v x="${ort_b:-0}" -v y="${ort_a:-0}" 'BEGIN { m = (x + y) / 2; if (m > 0) printf "%.0f%%", 100 * r / m; else print "-" }')
  ort_cpu=$(awk -v x="${ort_b:-0}" -v y="${ort_a:-0}" -v n="$(nproc)" 'BEGIN { m = (x + y) / 2; if (m > 0) printf "%.0f", n / m * 1e6; else print "-" }')
  alone=$(awk -v c="$cpu" -v x="${ort_b:-0}" -v y="${ort_a:-0}" -v n="$(nproc)" 'BEGIN { m = (x + y) / 2; if (m > 0 && c + 0 > 0) printf "%.0f%%", 100 * (n * 1e6 / c) / m; else print "-" }')
  printf "%-9s %-14s %-5s %3s %9.0f %8s %8s %7s %6s %12s %12s %6s %8s %8s %8s %6s %5s\n" \
    "$endpoint" "$model" "$label/$b" "$c" "$rps" "$p50" "$p99" "$non2xx" "$mean" "@$b ${ort_b:--}" "@$b ${ort_a:--}" "$ratio" "$cpu" "$ort_cpu" "$wrk_cpu" "$alone" "$load"
done <"$WORK/rows"
echo "batch: batching on/off and the batch size the raw ORT column ran at (MaxBatchSize when on, 1 when off); mean: the"
echo "service's mean batch in that run; ratio: service req/s over the mean of the two raw ORT runs (2 sessions x 1 thread,"
echo "the first MNIST test digit in every item, as the load test sends); cpu/req: the service process's CPU time per request"
echo "in us; ORT cpu: the raw runs' CPU time per image ($(nproc) cores / images/s); wrk cpu: wrk's CPU time per request in us"
echo "(wrk runs on the same cores); alone: the share of raw ORT the service would reach with the cores to itself, i.e. the"
echo "load generator on another machine ($(nproc) cores / cpu/req, over raw ORT): derived from CPU time, not measured throughput."
echo
echo "overload /denoise?model=$DENOISER (1 session, batches of 1, queue of 1, wrk -c64):"
cat "$WORK/overload"
echo "(logs in $WORK)"
