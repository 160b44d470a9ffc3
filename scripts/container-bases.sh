#!/usr/bin/env bash
# Assembles local stand-ins for the base images the Dockerfiles name, where no container registry can be reached,
# and prints the build arguments that select them. Cached: each image is tagged with a key computed from this recipe,
# the machine's .NET install and its trusted CAs, so a second run only checks that the images exist (the debootstrap
# root filesystem is also kept as a tarball in $DENOISEAPI_CACHE/containers, should the images be removed).
#
#   localhost/denoiseapi-standin/debian:KEY  Debian 13 (trixie) minbase + ca-certificates, libssl3t64, libicu76, tzdata:
#                                            what the official .NET images (Ubuntu 24.04) carry that the service needs,
#                                            under the same t64 package names. Stands in for the CUDA 13 + cuDNN 9 base
#                                            (it has no CUDA: the GPU image built on it can only fall back to CPU).
#   localhost/denoiseapi-standin/aspnet:KEY  + the machine's .NET shared runtimes (NETCore.App, AspNetCore.App) in
#                                            /usr/share/dotnet, the "app" user 1654 and the official image's ENV.
#   localhost/denoiseapi-standin/sdk:KEY     + the machine's whole .NET SDK install instead of the runtimes.
# All three trust the machine's CA certificates (this network intercepts TLS, so restore and apt inside a build need
# them) and the SDK base carries NUGET_CERT_REVOCATION_MODE when the machine sets it, for the same reason.
#
# Usage: scripts/container-bases.sh    prints "SDK_IMAGE=... RUNTIME_IMAGE=... CUDA_IMAGE=..." on its last line.
# Needs root, podman, debootstrap. Environment: DENOISEAPI_CACHE (default ~/.cache/denoiseapi).
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${DENOISEAPI_CACHE:-$HOME/.cache/denoiseapi}/containers"
suite=trixie
packages=ca-certificates,libssl3t64,libicu76,tzdata
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
app_uid=1654
say() { echo "container-bases: $*" >&2; }

extra_cas=(/usr/local/share/ca-certificates/*.crt)
[ -e "${extra_cas[0]}" ] || extra_cas=()
# The root filesystem is keyed by what goes into it; the images also by this recipe and the machine's .NET install.
rootfs_key=$( { echo "$suite $packages"; cat "${extra_cas[@]}" /dev/null; } | sha256sum | cut -c1-12)
key=$( { echo "$rootfs_key"; cat "$0"; dotnet --list-sdks; dotnet --list-runtimes; } | sha256sum | cut -c1-12)
debian=localhost/denoiseapi-standin/debian:$key
aspnet=localhost/denoiseapi-standin/aspnet:$key
sdk=localhost/denoiseapi-standin/sdk:$key

exists() { podman image exists "$1"; }

rootfs_tar="$cache/debian-$suite-$rootfs_key.tar"
work=""
trap '[ -z "$work" ] || rm -rf "$work"' EXIT

# The minbase root filesystem with the machine's CAs, as a tarball.
debian_rootfs() {
  [ -f "$rootfs_tar" ] && return 0
  mkdir -p "$cache"
  work=$(mktemp -d -p /var/tmp denoiseapi-bases.XXXXXX)
  say "debootstrap --variant=minbase $suite (+ $packages); takes a few minutes once"
  debootstrap --variant=minbase --include="$packages" "$suite" "$work/rootfs" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
  if [ ${#extra_cas[@]} -gt 0 ]; then
    cp "${extra_cas[@]}" "$work/rootfs/usr/local/share/ca-certificates/"
    chroot "$work/rootfs" update-ca-certificates >/dev/null 2>&1
  fi
  rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/"*.bin "$work/rootfs/var/cache/apt/archives/"*.deb
  tar -C "$work/rootfs" --numeric-owner -cf "$rootfs_tar.tmp" . && mv "$rootfs_tar.tmp" "$rootfs_tar"
  rm -rf "$work"; work=""
}

# A .NET base: the root filesystem + parts of the machine's .NET install + the "app" user, imported with ENV.
dotnet_base() {
  local image=$1; shift
  local -a parts=("$@") changes=()
  while [ "${parts[-1]}" != -- ]; do changes=("--change" "${parts[-1]}" "${changes[@]}"); unset 'parts[-1]'; done
  unset 'parts[-1]'
  work=$(mktemp -d -p /var/tmp denoiseapi-bases.XXXXXX)
  mkdir "$work/rootfs"
  tar -C "$work/rootfs" -xf "$rootfs_tar"
  mkdir -p "$work/rootfs/usr/share/dotnet"
  for part in "${parts[@]}"; do
    mkdir -p "$work/rootfs/usr/share/dotnet/$(dirname "$part")"
    cp -a "$dotnet_root/$part" "$work/rootfs/usr/share/dotnet/$part"
  done
  ln -s /usr/share/dotnet/dotnet "$work/rootfs/usr/bin/dotnet"
  chroot "$work/rootfs" groupadd --gid "$app_uid" app
  chroot "$work/rootfs" useradd --no-log-init --uid "$app_uid" --gid "$app_uid" --create-home app
  say "podman import $image"
  tar -C "$work/rootfs" --numeric-owner -cf - . | podman import -q "${changes[@]}" - "$image" >/dev/null
  rm -rf "$work"; work=""
}

if ! exists "$debian" || ! exists "$aspnet" || ! exists "$sdk"; then
  debian_rootfs
  exists "$debian" || { say "podman import $debian"; podman import -q --change CMD=/bin/bash "$rootfs_tar" "$debian" >/dev/null; }
  runtime_version=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { v = $2 } END { print v }')
  aspnet_version=$(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" { v = $2 } END { print v }')
  common_env=("ENV=APP_UID=$app_uid" "ENV=DOTNET_RUNNING_IN_CONTAINER=true" "ENV=DOTNET_VERSION=$runtime_version")
  exists "$aspnet" || dotnet_base "$aspnet" dotnet host "shared/Microsoft.NETCore.App" "shared/Microsoft.AspNetCore.App" LICENSE.txt ThirdPartyNotices.txt \
    -- "${common_env[@]}" "ENV=ASPNET_VERSION=$aspnet_version" "ENV=ASPNETCORE_HTTP_PORTS=8080" "CMD=/bin/bash"
  revocation=()
  [ -z "${NUGET_CERT_REVOCATION_MODE:-}" ] || revocation=("ENV=NUGET_CERT_REVOCATION_MODE=$NUGET_CERT_REVOCATION_MODE")
  exists "$sdk" || dotnet_base "$sdk" $(cd "$dotnet_root" && ls -A) \
    -- "${common_env[@]}" "ENV=ASPNET_VERSION=$aspnet_version" "ENV=DOTNET_NOLOGO=true" "ENV=DOTNET_GENERATE_ASPNET_CERTIFICATE=false" \
       "ENV=NUGET_XMLDOC_MODE=skip" "ENV=DOTNET_CLI_TELEMETRY_OPTOUT=1" "${revocation[@]}" "CMD=/bin/bash"
fi
echo "SDK_IMAGE=$sdk RUNTIME_IMAGE=$aspnet CUDA_IMAGE=$debian"
