#!/usr/bin/env bash
# Smoke test of the CPU image's recipe on a host without a container engine (run from anywhere; needs scripts/setup.sh
# to have filled the cache with MNIST; ONNX Runtime comes with the publish output, from its NuGet package):
#   1. build stage  - copies what deploy/docker/Dockerfile's build stage COPYs (minus bin/ and obj/, as the
#                     .dockerignore does) and runs that stage's own `RUN dotnet ...` lines, read from the Dockerfile,
#                     with `-o /app` pointed into a scratch image root;
#   3. runtime      - lays out /app, /app/models (read-only) and the HEALTHCHECK script under the
#                     scratch root, and starts `dotnet DenoiseApi.dll` with the runtime stage's ENV (paths moved into the
#                     scratch root, ASPNETCORE_URLS on 127.0.0.1 only) as the image's numeric USER, with no inherited
#                     environment, no capabilities, no-new-privileges and - when run as root - inside a private mount
#                     namespace whose root filesystem is read-only with a fresh writable tmpfs on /tmp, as in Kubernetes
#                     (readOnlyRootFilesystem + emptyDir /tmp);
#   4. checks       - waits for readiness with the image's own HEALTHCHECK script, calls every route once with a real
#                     MNIST digit PNG, checks status codes (and that /classify names the digit's label), checks the
#                     models directory is not writable by the service's user, then sends SIGTERM and expects exit 0.
# Prints one line per check and ends with "smoke: PASS" or "smoke: FAIL"; the exit code says the same.
# Environment: SMOKE_PORT (default: a free port), SMOKE_READY_SECONDS (default 180), SMOKE_KEEP=1 keeps the scratch dir,
# SMOKE_MODELS (model repository to ship, default models/, as the image does), DENOISEAPI_CACHE (default ~/.cache/denoiseapi).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
dockerfile=deploy/docker/Dockerfile
cache="${DENOISEAPI_CACHE:-$HOME/.cache/denoiseapi}"
ready_seconds="${SMOKE_READY_SECONDS:-180}"
models_source="${SMOKE_MODELS:-models}"
python=/usr/bin/python3
[ -x "$python" ] || python=python3

say() { echo "smoke: $*"; }
die() { echo "smoke: error: $*" >&2; echo "smoke: FAIL"; exit 1; }
trap 'echo "smoke: error: a command failed on line $LINENO" >&2; echo "smoke: FAIL"' ERR

# ---- the Dockerfile, instruction by instruction: "<stage>\t<KEYWORD>\t<arguments>" (continuations joined) ----------
instructions() {
  awk '
    /^[[:space:]]*#/ { next }
    { line = $0; sub(/^[[:space:]]+/, "", line) }
    cont != "" { line = cont " " line; cont = "" }
    line ~ /\\$/ { sub(/[[:space:]]*\\$/, "", line); cont = line; next }
    line == "" { next }
    {
      kw = line; sub(/[[:space:]].*/, "", kw); kw = toupper(kw)
      args = line; sub(/^[^[:space:]]+[[:space:]]*/, "", args)
      if (kw == "FROM") { n = split(args, w, /[[:space:]]+/); stage = (n >= 3 && toupper(w[2]) == "AS") ? w[3] : "stage" NR }
      print stage "\t" kw "\t" args
    }' "$dockerfile"
}
of_stage() { instructions | awk -F'\t' -v s="$1" -v k="$2" '$1 == s && $2 == k { print $3 }'; }
arg_default() { instructions | awk -F'\t' -v a="$1" '$2 == "ARG" && index($3, a "=") == 1 { print substr($3, length(a) + 2); exit }'; }

[ -f "$dockerfile" ] || die "$dockerfile not found"
[ -d "$models_source" ] && [ -n "$(ls -A "$models_source")" ] || die "no models in $models_source (train them, or set SMOKE_MODELS)"
[ -f "$cache/mnist/t10k-images-idx3-ubyte" ] || die "MNIST test images are missing from $cache/mnist: run scripts/setup.sh first"
command -v curl >/dev/null || die "curl is needed"

# Scratch space outside /tmp (the service gets a fresh tmpfs there).
work=$(mktemp -d -p /var/tmp denoiseapi-smoke.XXXXXX)
chmod 0755 "$work"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  if [ "${SMOKE_KEEP:-0}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# ---- 1. build stage ---------------------------------------------------------------------------------------------
say "build stage: copying the build context ($dockerfile, stage 'build')"
src="$work/src"
mkdir -p "$src"
while IFS= read -r copy; do
  read -ra words <<<"$copy"
  dest=${words[-1]}
  for source in "${words[@]:0:${#words[@]}-1}"; do
    # Every build-stage COPY puts its sources at their own relative path under WORKDIR /src; the smoke relies on it.
    case "$dest" in ./ | "$(dirname "$source")/" | "${source%/}/") ;; *) die "COPY $source $dest does not keep the path; update smoke.sh" ;; esac
    (cd "$repo" && tar -cf - --exclude=bin --exclude=obj --exclude='*.user' "${source%/}") | tar -xf - -C "$src"
  done
done < <(of_stage build COPY)

while IFS= read -r run; do
  case "$run" in dotnet\ *) ;; *) die "build stage RUN '$run' is not a dotnet command; update smoke.sh" ;; esac
  command=${run//-o \/app/-o $work/root/app}
  say "build stage: $command"
  (cd "$src" && DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 bash -c "$command" >"$work/build.log" 2>&1) \
    || { tail -n 30 "$work/build.log" >&2; die "build stage command failed: $command"; }
done < <(of_stage build RUN)
[ -f "$work/root/app/DenoiseApi.dll" ] || die "publish produced no DenoiseApi.dll"

# ---- 3. runtime stage: layout, environment, user --------------------------------------------------------------------
root="$work/root"
declare -A image_env=()
while IFS= read -r env_line; do
  read -ra pairs <<<"$env_line"
  for pair in "${pairs[@]}"; do image_env[${pair%%=*}]=${pair#*=}; done
done < <(of_stage runtime ENV)
models_path=${image_env[Models__Root]:?the runtime stage sets no Models__Root}
mkdir -p "$root$models_path"
cp -R "$models_source/." "$root$models_path/"
install -D -m 0755 deploy/docker/healthcheck.sh "$root/usr/local/bin/denoiseapi-healthcheck"
mkdir -p "$root/home/app"
chown -R 0:0 "$root"
chmod -R a+rX,go-w "$root"
find "$root$models_path" -type f -exec chmod 0444 {} +

user=$(of_stage runtime USER | tail -n 1)
uid=${user%%:*}
gid=${user#*:}
[ "$uid" != "$user" ] || gid=$uid
[[ "$uid" =~ ^[0-9]+$ ]] && [ "$uid" -gt 0 ] || die "runtime USER '$user' is not a numeric non-root id"

port="${SMOKE_PORT:-$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
# The image's base environment (PATH, HOME of its "app" user, the .NET images' container flag), then its ENV.
run_env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "HOME=$root/home/app" DOTNET_RUNNING_IN_CONTAINER=true)
for key in "${!image_env[@]}"; do
  value=${image_env[$key]}
  case "$key" in
    ASPNETCORE_URLS) value="http://127.0.0.1:$port" ;;
    HEALTHCHECK_PORT) value=$port ;;
    *) [[ "$value" == /* ]] && value="$root$value" ;;
  esac
  run_env+=("$key=$value")
done

as_service_user=()
readonly_root=false
if [ "$(id -u)" -eq 0 ]; then
  as_service_user=(setpriv "--reuid=$uid" "--regid=$gid" --clear-groups --inh-caps=-all --no-new-privs)
  if unshare --mount --propagation private true 2>/dev/null; then readonly_root=true; fi
else
  say "note: not root, so the service runs as the current (non-root) user $(id -u) with a writable root filesystem"
fi

digit="$work/digit.png"
label=$("$python" deploy/docker/mnist_digit_png.py "$cache/mnist" 0 "$digit")

failures=0
checks=0
check() { # check <description> <condition-command...>
  local what=$1; shift
  checks=$((checks + 1))
  if "$@"; then echo "  ok    $what"; else echo "  FAIL  $what"; failures=$((failures + 1)); fi
}

probe() { HEALTHCHECK_PORT=$port HEALTHCHECK_TIMEOUT=2 "$root/usr/local/bin/denoiseapi-healthcheck" "$@" 2>/dev/null; }
unhealthy() { ! probe /health/ready; }
check "HEALTHCHECK reports unhealthy while nothing listens" unhealthy

say "runtime: starting dotnet DenoiseApi.dll as uid $uid on 127.0.0.1:$port (read-only root: $readonly_root)"
launch=(env -i "${run_env[@]}" dotnet DenoiseApi.dll)
cd "$root/app"
if $readonly_root; then
  unshare --mount --propagation private -- bash -c \
    'mount -t tmpfs -o size=256m,mode=1777 tmpfs /tmp && mount -o remount,bind,ro / && exec "$@"' smoke-runtime \
    "${as_service_user[@]}" "${launch[@]}" >"$work/service.log" 2>&1 &
else
  "${as_service_user[@]}" "${launch[@]}" >"$work/service.log" 2>&1 &
fi
pid=$!
started=$SECONDS
cd "$repo"

deadline=$((SECONDS + ready_seconds))
until probe /health/ready; do
  if ! kill -0 "$pid" 2>/dev/null; then tail -n 40 "$work/service.log" >&2; die "the service exited before it was ready"; fi
  if [ "$SECONDS" -ge "$deadline" ]; then tail -n 40 "$work/service.log" >&2; die "not ready within ${ready_seconds}s"; fi
  sleep 1
done
say "runtime: ready $((SECONDS - started))s after start"

base="http://127.0.0.1:$port"
out="$work/out"
call() { # call <expected-status> <curl args...>; leaves the body in $out, the content type in $ctype
  local expected=$1; shift
  local result
  result=$(curl -sS -o "$out" -w '%{http_code} %{content_type}' "$@") || return 1
  status=${result%% *}
  ctype=${result#* }
  [ "$status" = "$expected" ] || { echo "        got $status: $(head -c 300 "$out")"; return 1; }
}
json() { "$python" -c "import json, sys; d = json.load(open('$out')); sys.exit(0 if ($1) else 1)"; }
is_png() { [ "$(head -c 8 "$out" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }

live_ok() { call 200 "$base/health/live"; }
ready_ok() { call 200 "$base/health/ready"; }
metrics_ok() { call 200 "$base/metrics" && [[ $ctype == text/plain* ]]; }
models_ok() { call 200 "$base/models" && json 'len(str(d)) > 2'; }
denoise_ok() { call 200 -H 'Content-Type: image/png' --data-binary "@$digit" "$base/denoise" && [[ $ctype == image/png* ]] && is_png; }
encode_ok() { call 200 -F "image=@$digit;type=image/png" "$base/encode" && json 'len(d["latent"]) > 0'; }
classify_ok() { call 200 -H 'Content-Type: image/png' --data-binary "@$digit" "$base/classify" && json "d['digit'] == $label"; }
bad_input_rejected() { call 400 -H 'Content-Type: image/png' --data-binary 'not a png at all' "$base/classify"; }
edge_headers_ok() { # Kestrel's real headers (in-process tests use TestServer, which writes none of its own)
  local headers; headers=$(curl -sS -D - -o /dev/null "$base/health/live") || return 1
  ! grep -qi '^server:' <<<"$headers" && grep -qi '^x-content-type-options: nosniff' <<<"$headers"
}
models_read_only() { ! "${as_service_user[@]}" touch "$root$models_path/.write-probe" 2>/dev/null; }

check "HEALTHCHECK reports healthy once ready" probe /health/ready
check "GET /health/live -> 200" live_ok
check "GET /health/ready -> 200" ready_ok
check "GET /metrics -> 200 text/plain" metrics_ok
check "GET /models -> 200 listing models" models_ok
check "POST /denoise (raw image/png) -> 200 PNG" denoise_ok
check "POST /encode (multipart field image) -> 200 latent vector" encode_ok
check "POST /classify (raw image/png) -> 200 naming digit $label" classify_ok
check "POST /classify with bytes that are no image -> 400" bad_input_rejected
check "answers name no server software and carry the security headers" edge_headers_ok
if [ "$(id -u)" -eq 0 ]; then check "models directory is not writable by uid $uid" models_read_only; fi
no_denied_writes() { ! grep -Eiq 'Read-only file system|Permission denied|Failed to persist' "$work/service.log"; }
check "the service log shows no write refused by the read-only root or permissions" no_denied_writes

say "runtime: SIGTERM"
kill -TERM "$pid"
exit_code=0
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$pid" 2>/dev/null; then
  kill -KILL "$pid"; exit_code=killed
else
  wait "$pid" || exit_code=$?
fi
pid=""
check "exits 0 after SIGTERM (got $exit_code)" test "$exit_code" = 0

if [ "$failures" -ne 0 ]; then
  echo "---- service log (last 40 lines) ----" >&2
  tail -n 40 "$work/service.log" >&2
  say "FAIL ($failures of $checks checks failed)"
  exit 1
fi
say "PASS ($checks checks)"
