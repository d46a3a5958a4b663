#!/usr/bin/env bash
# Installs the s3rver pinned in package-lock.json: run by the build (target s3rver_install), a
# no-op and offline after the first time. The tests start serve.js from here.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec "$here/../../scripts/npm-ci-pinned.sh" "$here" node_modules/s3rver/package.json
