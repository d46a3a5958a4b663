#!/usr/bin/env bash
# Lints docs/openapi.json with the Redocly CLI pinned in tools/openapi (no errors, no warnings).
# Installs the pinned tool with `npm ci` when node_modules is missing or package-lock.json
# changed since the last install; the lint itself needs no network.
# Usage: scripts/lint-openapi.sh            (exit 0: clean; anything else: a problem)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tool="$root/tools/openapi"
"$root/scripts/npm-ci-pinned.sh" "$tool" node_modules/.bin/redocly
cd "$tool"

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
