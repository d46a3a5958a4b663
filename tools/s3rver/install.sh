#!/usr/bin/env bash
# Installs the s3rver pinned in package-lock.json (npm ci) unless node_modules already holds
# exactly that install: run by the build (target s3rver_install), a no-op and offline after the
# first time. The tests start serve.js from here.
set -euo pipefail

dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
stamp="$dir/node_modules/.shiftsync-lock.sha256"

for cmd in node npm sha256sum; do
    if ! command -v "$cmd" >/dev/null 2>&1; then
        echo "tools/s3rver: '$cmd' not found; Node.js and npm are needed (scripts/install-deps.sh)" >&2
        exit 1
    fi
done

cd "$dir"
# Several build directories share this node_modules: serialise, and never reinstall under a
# running test when nothing changed.
if command -v flock >/dev/null 2>&1; then
    exec 9>"${TMPDIR:-/tmp}/shiftsync-s3rver.$(printf '%s' "$dir" | sha256sum | cut -c1-16).lock"
    flock 9
fi

want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
have=$(cat "$stamp" 2>/dev/null || true)
if [ -f node_modules/s3rver/package.json ] && [ "$want" = "$have" ]; then exit 0; fi

echo "tools/s3rver: installing the pinned s3rver (npm ci)"
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
