#!/usr/bin/env bash
# Takes docs/images/hawtio.png: headless Chromium (the flags of DESIGN.md) opens the console's front page (which
# presets the connections), then Hawtio's Route Diagram of one river-serve route, and saves a 1400x900 screenshot.
# Usage: hawtio-screenshot.sh [CONSOLE_URL] [ROUTE] [OUT.png]   (river-serve and ./river hawtio must be running)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
url=${1:-http://127.0.0.1:8090}
route=${2:-media}
out=$(realpath -m "${3:-$HERE/../../../docs/images/hawtio.png}")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
profile=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --remote-debugging-port="$port" \
  --window-size=1400,900 about:blank >/dev/null 2>&1 &
chrome=$!
trap 'kill $chrome 2>/dev/null || true; wait $chrome 2>/dev/null || true; rm -rf "$profile"' EXIT
node --no-warnings --experimental-websocket "$HERE/hawtio-screenshot.mjs" "$port" "$url" "$route" "$out"
echo "screenshot: $out"
