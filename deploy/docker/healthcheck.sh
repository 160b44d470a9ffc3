#!/usr/bin/env bash
# Container health probe without curl: one HTTP/1.1 GET over bash's /dev/tcp, healthy when the answer is 200.
# Usage: denoiseapi-healthcheck [path]    (default /health/ready)
# Environment: HEALTHCHECK_PORT (default 8080), HEALTHCHECK_TIMEOUT seconds to wait for the status line (default 2).
set -uo pipefail
path="${1:-/health/ready}"
port="${HEALTHCHECK_PORT:-8080}"
wait_seconds="${HEALTHCHECK_TIMEOUT:-2}"

if ! exec 3<>"/dev/tcp/127.0.0.1/$port"; then
  echo "unhealthy: nothing listens on 127.0.0.1:$port" >&2
  exit 1
fi
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
if ! IFS= read -r -t "$wait_seconds" status <&3; then
  echo "unhealthy: no answer from $path within ${wait_seconds}s" >&2
  exit 1
fi
exec 3<&-
status="${status%$'\r'}"
case "$status" in
  "HTTP/1.1 200 "*) exit 0 ;;
  *) echo "unhealthy: $path answered '$status'" >&2; exit 1 ;;
esac
