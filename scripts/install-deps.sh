#!/usr/bin/env bash
# Installs the Debian packages the tests use, when they are missing (a no-op when all are present):
#   python3-onnx  - onnx.checker validates every exported model (tests call /usr/bin/python3)
#   yamllint      - lints the deployment manifests
#   chromium      - the demo page's browser test (Playwright drives Debian's Chromium)
#   patchelf      - the build's libstdc++ fix for TorchSharp on Debian 12 (scripts/patch-libtorchsharp.py)
# Needs root (or sudo) only when something is missing.
set -euo pipefail
packages=(python3-onnx yamllint chromium patchelf)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
