#!/usr/bin/env bash
# Side-by-side service benchmark of two git revisions in one run: each revision is checked out into a scratch worktree,
# set up and built in Release, then the two services are loaded by wrk in alternating rounds (A B, B A, A B, ...), so a
# busy moment of this shared machine hits both sides instead of skewing one. Per row: req/s, p50/p99, the service's CPU
# time per request (/proc/<pid>/stat) and the bytes it allocated per request (dotnet-counters, System.Runtime's
# dotnet.gc.heap.total_allocated). Prints one table with the median of the rounds per revision and the ratio B/A.
#
#   scripts/bench-ab.sh a84d383 HEAD                      # defaults: ROUNDS=3 DURATION=10s WARMUP=5s C=64
#   ROUNDS=5 TARGETS="/classify:mlp-classifier" scripts/bench-ab.sh HEAD~1 HEAD
#   LIMITS="default off" scripts/bench-ab.sh A B          # each row with rate limiting as shipped, and switched off
#
# Each revision serves its own models/ folder (the models are part of what it ships). The service runs with logging at
# Warning (a log line per request would measure the console, not the service).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

rev_a=${1:?usage: scripts/bench-ab.sh <revision A> <revision B>}
rev_b=${2:?usage: scripts/bench-ab.sh <revision A> <revision B>}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
C=${C:-64}
TARGETS=${TARGETS:-"/classify:mlp-classifier /denoise:conv-dae-skip"}
LIMITS=${LIMITS:-"off"}
PORT=${PORT:-5198}
cache=${DENOISEAPI_CACHE:-$HOME/.cache/denoiseapi}
counters_version=10.0.750501

command -v wrk >/dev/null || { echo "bench-ab.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
counters="$cache/tools/dotnet-counters"
if [ ! -x "$counters" ]; then
  dotnet tool install --tool-path "$cache/tools" dotnet-counters --version "$counters_version" >/dev/null \
    || { echo "bench-ab.sh: could not install dotnet-counters $counters_version" >&2; exit 1; }
fi

WORK=$(mktemp -d /tmp/bench-ab.XXXXXX)
service_pid=
cleanup() {
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null
  wait 2>/dev/null || true
  for side in a b; do [ -d "$WORK/$side" ] && git -C "$root" worktree remove --force "$WORK/$side" >/dev/null 2>&1; done
  true
}
trap cleanup EXIT
note() { echo "$*" >&2; }

prepare() { # prepare <side> <revision>: worktree, setup, Release build
  local side=$1 rev=$2
  git -C "$root" worktree add --detach "$WORK/$side" "$rev" >/dev/null 2>&1 || { echo "bench-ab.sh: unknown revision $rev" >&2; exit 1; }
  note "$side = $rev ($(git -C "$WORK/$side" log -1 --format='%h %s' | cut -c1-90))"
  (cd "$WORK/$side" && scripts/setup.sh --quiet && nice -n 10 dotnet build src/DenoiseApi -c Release -v q --nologo) >"$WORK/build-$side.log" 2>&1 \
    || { tail -30 "$WORK/build-$side.log"; exit 1; }
}
prepare a "$rev_a"
prepare b "$rev_b"

# A real MNIST test digit as an 8-bit grey PNG (Python's zlib).
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

start_service() { # start_service <side> <limits: default|off>
  local side=$1 limits=$2 extra=()
  # Both spellings of "rate limiting off" (before and after the edge moved onto ASP.NET Core's limiter); a setting a
  # revision does not know is ignored by it.
  [ "$limits" = off ] && extra=(RateLimiting__Enabled=false RateLimiting__PermitsPerSecond=1000000)
  (cd "$WORK/$side/src/DenoiseApi" && exec env ASPNETCORE_URLS="http://127.0.0.1:$PORT" Models__Root="$WORK/$side/models" \
     Models__ReloadIntervalSeconds=0 Serilog__MinimumLevel__Default=Warning Serilog__MinimumLevel__Override__DenoiseApi=Warning \
     Serilog__MinimumLevel__Override__Microsoft=Warning Logging__LogLevel__Default=Warning "${extra[@]}" \
     dotnet bin/Release/net10.0/DenoiseApi.dll) >"$WORK/service-$side.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/health/live" && curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/ready" && return 0
    sleep 0.2
  done
  echo "bench-ab.sh: $side did not become ready; see $WORK/service-$side.log" >&2; exit 1
}
stop_service() { kill "$service_pid"; wait "$service_pid" 2>/dev/null || true; service_pid=; }
service_ticks() { awk '{ print $14 + $15 }' "/proc/$service_pid/stat"; }
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }'; }

measure() { # measure <side> <round> <limits> <endpoint> <model>: one line into $WORK/rows
  local side=$1 round=$2 limits=$3 endpoint=$4 model=$5 url out ticks0 ticks1 requests csv
  url="http://127.0.0.1:$PORT$endpoint?model=$model"
  wrk -t2 -c"$C" -d"$WARMUP" -s "$WORK/post.lua" "$url" >/dev/null 2>&1
  csv="$WORK/counters-$side-$round-${endpoint#/}-$limits.csv"
  # The counter window: 2 s before wrk starts, the run, 2 s after (a background job ignores SIGINT, so it is timed).
  local window=$(( ${DURATION%s} + 4 ))
  "$counters" collect -p "$service_pid" --counters System.Runtime --format csv -o "$csv" --refresh-interval 1 \
    --duration "00:00:$(printf '%02d' "$window")" >/dev/null 2>&1 &
  local counters_pid=$!
  sleep 2
  ticks0=$(service_ticks)
  out=$(wrk -t2 -c"$C" -d"$DURATION" --latency -s "$WORK/post.lua" "$url" 2>&1)
  ticks1=$(service_ticks)
  wait "$counters_pid" 2>/dev/null || true
  echo "$out" >"$WORK/wrk-$side-$round-${endpoint#/}-$limits.log"
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  local rps p50 p99 non2xx cpu alloc
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }' | to_ms)
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }' | to_ms)
  non2xx=$(echo "$out" | awk '/Non-2xx/ { print $NF }'); non2xx=${non2xx:-0}
  cpu=$(awk -v t="$((ticks1 - ticks0))" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", (n > 0 ? t / hz / n * 1e6 : 0) }')
  # Bytes allocated over the counter window (the run plus ~4 s idle; the counter is a per-second increment), per request.
  alloc=$(awk -F, -v n="$requests" 'index($3, "dotnet.gc.heap.total_allocated") == 1 { s += $NF; seen = 1 }
    END { if (n > 0 && seen) printf "%.0f", s / n; else print "-" }' "$csv" 2>/dev/null || echo -)
  echo "$side $limits $endpoint $model $round $rps $p50 $p99 $non2xx $cpu $alloc" >>"$WORK/rows"
  note "  round $round $side ($limits) $endpoint $model: $rps req/s, p99 $p99 ms, $cpu us CPU/request, $alloc B/request, non-2xx $non2xx"
}

note "bench-ab.sh: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); logs in $WORK"
for round in $(seq 1 "$ROUNDS"); do
  order="a b"; [ $((round % 2)) -eq 0 ] && order="b a"
  for side in $order; do
    for limits in $LIMITS; do
      start_service "$side" "$limits"
      for target in $TARGETS; do measure "$side" "$round" "$limits" "${target%%:*}" "${target#*:}"; done
      stop_service
    done
  done
done

echo
echo "A = $rev_a ($(git -C "$WORK/a" log -1 --format=%h)), B = $rev_b ($(git -C "$WORK/b" log -1 --format=%h)); wrk -t2 -c$C -d$DURATION," \
  "medians of $ROUNDS alternating rounds; $(nproc) cores shared by wrk and the service; $(date -u '+%Y-%m-%d %H:%M UTC')"
printf "%-10s %-16s %-8s %10s %10s %7s %8s %8s %9s %9s %9s %9s %7s\n" \
  endpoint model limits "A req/s" "B req/s" "B/A" "A p99" "B p99" "A cpu/req" "B cpu/req" "A B/req" "B B/req" non-2xx
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v s="$1" -v l="$2" -v e="$3" -v m="$4" -v k="$5" '$1 == s && $2 == l && $3 == e && $4 == m && $k != "-" { print $k }' "$WORK/rows" | median; }
for limits in $LIMITS; do
  for target in $TARGETS; do
    e=${target%%:*}; m=${target#*:}
    ra=$(col a "$limits" "$e" "$m" 6); rb=$(col b "$limits" "$e" "$m" 6)
    non2xx=$(awk -v l="$limits" -v e="$e" -v m="$m" '$2 == l && $3 == e && $4 == m { s += $9 } END { print s + 0 }' "$WORK/rows")
    printf "%-10s %-16s %-8s %10.0f %10.0f %7s %8s %8s %9s %9s %9s %9s %7s\n" "$e" "$m" "$limits" "$ra" "$rb" \
      "$(awk -v a="$ra" -v b="$rb" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }')" \
      "$(col a "$limits" "$e" "$m" 8)" "$(col b "$limits" "$e" "$m" 8)" "$(col a "$limits" "$e" "$m" 10)" "$(col b "$limits" "$e" "$m" 10)" \
      "$(col a "$limits" "$e" "$m" 11)" "$(col b "$limits" "$e" "$m" 11)" "$non2xx"
  done
done
echo "cpu/req: the service's CPU time per request in us; B/req: bytes the service allocated per request (dotnet-counters);"
echo "non-2xx: answers other than 2xx over all rounds of the row (429s show here when the rate limit is on). Rounds: $WORK/rows"
