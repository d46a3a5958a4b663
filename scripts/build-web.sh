#!/usr/bin/env bash
# Builds the web app into web/dist: `npm run build` (the API types generated from docs/openapi.json,
# tsc --noEmit, vite build, then .br/.gz beside every compressible file). Run by the build
# (web/CMakeLists.txt) when a web source or docs/openapi.json changed, after scripts/npm-ci-pinned.sh.
# Builds from several build directories share web/dist, so they take turns.
set -euo pipefail

web=$(cd "$(dirname "$0")/../web" && pwd)
cd "$web"
if command -v flock >/dev/null 2>&1; then
    exec 9>"${TMPDIR:-/tmp}/shiftsync-web-build.$(printf '%s' "$web" | sha256sum | cut -c1-16).lock"
    flock 9
fi
npm run --silent build
