#!/usr/bin/env bash
# Installs the npm packages pinned in DIR/package-lock.json with `npm ci`, unless node_modules
# already holds exactly that install (a checksum stamp of package.json + package-lock.json, and
# MARKER present). After the first time it is a no-op and needs no network. Concurrent runs
# (parallel ctest, several build directories) are serialised with flock.
# Usage: scripts/npm-ci-pinned.sh DIR MARKER     e.g.  tools/s3rver node_modules/s3rver/package.json
set -euo pipefail

dir=$(cd "$1" && pwd)
marker=$2
name=$(basename "$dir")
stamp="$dir/node_modules/.shiftsync-lock.sha256"

for cmd in node npm sha256sum; do
    if ! command -v "$cmd" >/dev/null 2>&1; then
        echo "$name: '$cmd' not found; Node.js 20.19+ and npm are needed (scripts/install-deps.sh)" >&2
        exit 1
    fi
done

cd "$dir"
if command -v flock >/dev/null 2>&1; then
    exec 9>"${TMPDIR:-/tmp}/shiftsync-npm-ci.$(printf '%s' "$dir" | sha256sum | cut -c1-16).lock"
    flock 9
fi

want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
have=$(cat "$stamp" 2>/dev/null || true)
if [ -e "$marker" ] && [ "$want" = "$have" ]; then exit 0; fi

echo "$name: installing the pinned packages (npm ci)"
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
