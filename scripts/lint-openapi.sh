#!/usr/bin/env bash
# Lints docs/openapi.json with the Redocly CLI pinned in tools/openapi (no errors, no warnings).
# Installs the pinned tool with `npm ci` when node_modules is missing or package-lock.json
# changed since the last install; the lint itself needs no network.
# Usage: scripts/lint-openapi.sh            (exit 0: clean; anything else: a problem)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tool="$root/tools/openapi"
stamp="$tool/node_modules/.shiftsync-lock.sha256"

for cmd in node npm sha256sum; do
    if ! command -v "$cmd" >/dev/null 2>&1; then
        echo "lint-openapi: '$cmd' not found; Node.js 20.19+ (or 22.12+) and npm are needed" >&2
        exit 1
    fi
done

cd "$tool"

# Serialise concurrent runs (e.g. parallel ctest) so two `npm ci` never race.
if command -v flock >/dev/null 2>&1; then
    exec 9>"${TMPDIR:-/tmp}/shiftsync-lint-openapi.$(printf '%s' "$tool" | sha256sum | cut -c1-16).lock"
    flock 9
fi

want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
have=$(cat "$stamp" 2>/dev/null || true)
if [ ! -x node_modules/.bin/redocly ] || [ "$want" != "$have" ]; then
    echo "lint-openapi: installing the pinned Redocly CLI (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
fi

export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true REDOCLY_SUPPRESS_NOTIFICATIONS=true
status=0
output=$(npm run --silent lint 2>&1) || status=$?
printf '%s\n' "$output"

if [ "$status" -ne 0 ]; then
    echo "lint-openapi: FAILED (redocly exit status $status)" >&2
    exit 1
fi
# recommended-strict makes every finding an error; refuse stray warnings all the same.
if printf '%s\n' "$output" | grep -Eq 'You have [0-9]+ warnings?|[0-9]+ warnings? (was|were) found|Unused rules'; then
    echo "lint-openapi: FAILED (warnings reported)" >&2
    exit 1
fi
echo "lint-openapi: ok"
