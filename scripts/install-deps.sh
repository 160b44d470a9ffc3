#!/usr/bin/env bash
# Installs the Debian packages the tests use, when they are missing (a no-op when all are present):
#   python3-onnx  - onnx.checker validates every exported model (tests call /usr/bin/python3)
#   yamllint      - lints the deployment manifests
#   chromium      - the demo page's browser test (Playwright drives Debian's Chromium)
#   patchelf      - the build's libstdc++ fix for TorchSharp on Debian 12 (scripts/patch-libtorchsharp.py)
#   podman, runc, debootstrap - the container test (scripts/container-test.sh); installed when they can be, and that
#                  test is skipped (not failed) where they cannot
# Needs root (or sudo) only when something is missing.
set -euo pipefail
packages=(python3-onnx yamllint chromium patchelf)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
containers=(podman runc debootstrap)
containers_missing=false
for p in "${containers[@]}"; do installed "$p" || containers_missing=true; done
[ ${#missing[@]} -eq 0 ] && ! $containers_missing && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if $containers_missing; then
  echo "install-deps: installing ${containers[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${containers[@]}" >/dev/null \
    || echo "install-deps: ${containers[*]} could not be installed; the container test will be skipped"
fi
