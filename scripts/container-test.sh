#!/usr/bin/env bash
# Builds the real container images from deploy/docker/Dockerfile (CPU) and Dockerfile.gpu with podman and runs them
# as Kubernetes runs the pod (deploy/k8s): read-only root filesystem, the image's own non-root USER, a tmpfs on /tmp,
# every capability dropped, no new privileges. No registry is reachable here, so the Dockerfiles' base images (build
# arguments SDK_IMAGE, RUNTIME_IMAGE, CUDA_IMAGE; official images by default) are replaced by local stand-ins that
# scripts/container-bases.sh assembles and caches. Restore and publish run inside the build stage, as on Docker.
#
# Checks, per image: the image's HEALTHCHECK reports healthy; every route answers a real MNIST digit correctly; the
# models folder and the root filesystem are not writable; SIGTERM under load drains in-flight requests and the
# container exits 0 (scripts/container-drain.py). The GPU image, on this machine without a GPU or CUDA, must fall
# back to CPU and say so in /models. Prints image sizes, build times and start-to-ready seconds.
#
# Ends with "container-test: PASS", "container-test: FAIL" (exit 1) or "container-test: SKIP <reason>" (exit 3:
# podman/runc/debootstrap missing or not root). Environment: DENOISEAPI_CACHE (default ~/.cache/denoiseapi),
# CONTAINER_TEST_IMAGES="cpu gpu" (which to build and run), CONTAINER_TEST_READY_SECONDS (default 180).
# podman runs with Debian's runc and a containers.conf without default ulimits (crun cannot set RLIMIT_NPROC here),
# on the host network (the service is told to listen on a free loopback port).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
cache="${DENOISEAPI_CACHE:-$HOME/.cache/denoiseapi}"
images="${CONTAINER_TEST_IMAGES:-cpu gpu}"
ready_seconds="${CONTAINER_TEST_READY_SECONDS:-180}"

say() { echo "container-test: $*"; }
skip() { say "SKIP $*"; exit 3; }
die() { say "error: $*" >&2; say FAIL; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "not root (debootstrap and the image build need root)"
for tool in podman /usr/sbin/runc debootstrap curl python3; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/install-deps.sh installs podman, runc and debootstrap)"
done
[ -f "$cache/mnist/t10k-images-idx3-ubyte" ] || die "MNIST is missing from $cache/mnist: run scripts/setup.sh first"

mkdir -p "$cache/containers"
export CONTAINERS_CONF="$cache/containers/containers.conf"
printf '[containers]\ndefault_ulimits = []\n' >"$CONTAINERS_CONF"
podman() { command podman --runtime /usr/sbin/runc "$@"; }

work=$(mktemp -d -p /var/tmp denoiseapi-container-test.XXXXXX)
containers=()
cleanup() {
  for c in "${containers[@]}"; do command podman --runtime /usr/sbin/runc rm -f -t 0 "$c" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
checks=0
check() { # check <description> <command...>
  local what=$1; shift
  checks=$((checks + 1))
  if "$@"; then echo "  ok    $what"; else echo "  FAIL  $what"; failures=$((failures + 1)); fi
}
seconds_since() { python3 -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.1f}')" "$1"; }
now() { date +%s.%N; }

# ---- base images ----------------------------------------------------------------------------------------------------
started=$(now)
read -r sdk_arg runtime_arg cuda_arg < <(scripts/container-bases.sh | tail -n 1)
say "base images ready in $(seconds_since "$started") s: $sdk_arg $runtime_arg $cuda_arg"

# ---- digits ---------------------------------------------------------------------------------------------------------
digits=()
labels=()
for index in 0 1 2; do
  labels+=("$(python3 deploy/docker/mnist_digit_png.py "$cache/mnist" "$index" "$work/digit$index.png")")
  digits+=("$work/digit$index.png")
done

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# ---- one image: build, run, check -------------------------------------------------------------------------------------
test_image() {
  local flavour=$1 dockerfile=$2
  local image="localhost/denoiseapi:$flavour-test" name="denoiseapi-test-$flavour-$$"
  local build_args=(--build-arg "$sdk_arg" --build-arg "$runtime_arg")
  [ "$flavour" = gpu ] && build_args+=(--build-arg "$cuda_arg")

  say "[$flavour] podman build -f $dockerfile (${build_args[*]})"
  local t0; t0=$(now)
  if ! podman build --isolation chroot --network host --format docker --layers -q \
      --ignorefile "$dockerfile.dockerignore" -f "$dockerfile" "${build_args[@]}" -t "$image" . >"$work/build-$flavour.log" 2>&1; then
    tail -n 40 "$work/build-$flavour.log" >&2
    checks=$((checks + 1)); failures=$((failures + 1)); echo "  FAIL  $flavour image builds"
    return
  fi
  local build_seconds; build_seconds=$(seconds_since "$t0")
  local size; size=$(podman image inspect --format '{{.Size}}' "$image")
  say "[$flavour] built in $build_seconds s; image size $((size / 1000000)) MB"

  local user; user=$(podman image inspect --format '{{.Config.User}}' "$image")
  local port; port=$(free_port)
  local base="http://127.0.0.1:$port"
  containers+=("$name")
  t0=$(now)
  podman run -d --name "$name" --network host --read-only --tmpfs /tmp:rw,size=256m,mode=1777 \
    --cap-drop=ALL --security-opt no-new-privileges \
    -e "ASPNETCORE_URLS=http://127.0.0.1:$port" -e "HEALTHCHECK_PORT=$port" "$image" >/dev/null

  local deadline=$((SECONDS + ready_seconds))
  until podman healthcheck run "$name" >/dev/null 2>&1; do
    if [ "$(podman inspect --format '{{.State.Running}}' "$name")" != true ]; then
      podman logs "$name" 2>&1 | tail -n 40 >&2; checks=$((checks + 1)); failures=$((failures + 1))
      echo "  FAIL  $flavour container exited before it was ready"; return
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      podman logs "$name" 2>&1 | tail -n 40 >&2; checks=$((checks + 1)); failures=$((failures + 1))
      echo "  FAIL  $flavour container not healthy within ${ready_seconds}s"; return
    fi
    sleep 0.5
  done
  local ready; ready=$(seconds_since "$t0")
  say "[$flavour] healthy $ready s after podman run"

  local out="$work/out-$flavour" status ctype
  call() { # call <expected-status> <curl args...>: the body in $out, the content type in $ctype
    local expected=$1; shift
    local result
    result=$(curl -sS -o "$out" -w '%{http_code} %{content_type}' "$@") || return 1
    status=${result%% *}; ctype=${result#* }
    [ "$status" = "$expected" ] || { echo "        got $status: $(head -c 300 "$out")"; return 1; }
  }
  json() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$out"; }
  is_png_28() { python3 -c "import struct, sys; b = open(sys.argv[1], 'rb').read(); sys.exit(0 if b[:8] == b'\x89PNG\r\n\x1a\n' and struct.unpack('>II', b[16:24]) == (28, 28) else 1)" "$out"; }
  classify_each() { # every digit classified as its label; with $1 as extra query
    local i
    for i in "${!digits[@]}"; do
      call 200 -H 'Content-Type: image/png' --data-binary "@${digits[$i]}" "$base/classify$1" && json "d['digit'] == ${labels[$i]}" \
        || { echo "        digit $i (label ${labels[$i]}): $(head -c 200 "$out")"; return 1; }
    done
  }
  denoised_is_still_the_digit() { # /denoise answers a 28x28 PNG that the classifier still reads as the label
    local i
    for i in "${!digits[@]}"; do
      call 200 -F "image=@${digits[$i]};type=image/png" "$base/denoise" && [[ $ctype == image/png* ]] && is_png_28 || return 1
      cp "$out" "$work/denoised.png"
      call 200 -H 'Content-Type: image/png' --data-binary "@$work/denoised.png" "$base/classify" && json "d['digit'] == ${labels[$i]}" || return 1
    done
  }
  noise_then_denoise_ok() {
    call 200 -F "image=@${digits[0]};type=image/png" "$base/noise?type=gaussian&level=0.5&seed=1" && is_png_28 || return 1
    cmp -s "$out" "${digits[0]}" && { echo "        /noise returned the input unchanged"; return 1; }
    cp "$out" "$work/noisy.png"
    call 200 -H 'Content-Type: image/png' --data-binary "@$work/noisy.png" "$base/classify?denoise=true" && json "d['digit'] == ${labels[0]}"
  }
  encode_ok() { call 200 -F "image=@${digits[0]};type=image/png" "$base/encode" && json 'len(d["latent"]) == 64 and any(v != 0 for v in d["latent"])'; }
  models_ok() { call 200 "$base/models" && json "$1"; }
  demo_ok() { call 200 "$base/demo/" && [[ $ctype == text/html* ]]; }
  metrics_ok() { call 200 "$base/metrics" && [[ $ctype == text/plain* ]] && grep -q '^# TYPE' "$out"; }
  bad_input_400() { call 400 -H 'Content-Type: image/png' --data-binary 'not a png at all' "$base/classify" && [[ $ctype == application/problem+json* ]]; }
  runs_as_image_user() { [ "$(podman exec "$name" id -u)" = "${user%%:*}" ] && [ "${user%%:*}" != 0 ] && [[ ${user%%:*} =~ ^[0-9]+$ ]]; }
  not_writable() { ! podman exec "$name" sh -c "touch '$1/.write-probe'" 2>/dev/null; }
  tmp_writable() { podman exec "$name" sh -c 'touch /tmp/.write-probe && rm /tmp/.write-probe'; }
  no_capabilities() { podman exec "$name" grep -q '^CapEff:[[:space:]]*0000000000000000$' /proc/1/status; }

  check "[$flavour] HEALTHCHECK (denoiseapi-healthcheck /health/ready) reports healthy" podman healthcheck run "$name"
  check "[$flavour] runs as the image's USER $user (numeric, non-root)" runs_as_image_user
  check "[$flavour] the service process has no capabilities" no_capabilities
  check "[$flavour] GET /health/live -> 200" call 200 "$base/health/live"
  check "[$flavour] GET /metrics -> Prometheus text" metrics_ok
  check "[$flavour] GET /demo/ -> the demo page" demo_ok
  check "[$flavour] POST /classify names digits ${labels[*]}" classify_each ""
  check "[$flavour] POST /classify?denoise=true names digits ${labels[*]}" classify_each "?denoise=true"
  check "[$flavour] POST /denoise -> 28x28 PNGs still classified as ${labels[*]}" denoised_is_still_the_digit
  check "[$flavour] POST /noise -> a noisy 28x28 PNG that /classify?denoise=true still reads as ${labels[0]}" noise_then_denoise_ok
  check "[$flavour] POST /encode -> a 64-value latent vector" encode_ok
  check "[$flavour] POST /classify with bytes that are no image -> 400 ProblemDetails" bad_input_400
  check "[$flavour] models folder /app/models is not writable" not_writable /app/models
  check "[$flavour] root filesystem is read-only (/app)" not_writable /app
  check "[$flavour] /tmp (tmpfs) is writable" tmp_writable
  if [ "$flavour" = gpu ]; then
    # No GPU and no CUDA libraries here: the CUDA provider cannot load, the service must say it runs on CPU and why.
    check "[$flavour] /models says CUDA was asked for and the service fell back to CPU, with ORT's reason" models_ok \
      "all(m['requestedProvider'] == 'Cuda' and m['provider'] == 'Cpu' and m['providerFallbackReason'] for m in d['models'])"
  else
    check "[$flavour] /models lists the shipped models on the CPU provider" models_ok "len(d['models']) > 0 and all(m['provider'] == 'Cpu' for m in d['models'])"
  fi
  local rss_kb; rss_kb=$(podman exec "$name" awk '/^VmRSS/ { print $2 }' /proc/1/status)
  say "[$flavour] RSS of the service inside the container after the checks: $((rss_kb / 1024)) MB"

  check "[$flavour] SIGTERM under load: in-flight requests answered in full, new connections refused" \
    python3 scripts/container-drain.py "$port" "${digits[0]}" podman kill --signal TERM "$name"
  local exit_code; exit_code=$(timeout 60 podman wait "$name" || echo "did not exit")
  check "[$flavour] container exits 0 after SIGTERM (got $exit_code)" test "$exit_code" = 0
  no_denied_writes() { ! podman logs "$name" 2>&1 | grep -Eiq 'Read-only file system|Permission denied|Failed to persist'; }
  check "[$flavour] the log shows no write refused by the read-only root or permissions" no_denied_writes
  if [ "$failures" -ne 0 ]; then podman logs "$name" 2>&1 | tail -n 40 >&2; fi
  summary+=("$flavour: image $((size / 1000000)) MB, build $build_seconds s, start-to-ready $ready s, idle RSS $((rss_kb / 1024)) MB")
}

summary=()
for flavour in $images; do
  case "$flavour" in
    cpu) test_image cpu deploy/docker/Dockerfile ;;
    gpu) test_image gpu deploy/docker/Dockerfile.gpu ;;
    *) die "unknown image '$flavour' in CONTAINER_TEST_IMAGES" ;;
  esac
done

for line in "${summary[@]}"; do say "$line"; done
if [ "$failures" -ne 0 ]; then
  say "FAIL ($failures of $checks checks failed)"
  exit 1
fi
say "PASS ($checks checks)"
