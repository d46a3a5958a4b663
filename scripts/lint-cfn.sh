#!/usr/bin/env bash
# Lints a CloudFormation template (default: deploy/aws/shiftsync.yml) with npm's cfn-lint, pinned in
# tools/cfn-lint (installed with `npm ci` when missing or when package-lock.json changed; the lint
# itself needs no network). Any error or warning fails.
# The linter checks every resource whatever its Condition, so the HTTPS listener is linted with a
# sample certificate ARN; the other parameters without a default get guessed values.
# Usage: scripts/lint-cfn.sh [TEMPLATE]      (exit 0: clean; 1: findings)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
template=$(realpath "${1:-$root/deploy/aws/shiftsync.yml}")
tool="$root/tools/cfn-lint"
"$root/scripts/npm-ci-pinned.sh" "$tool" node_modules/cfn-lint/package.json

sample_certificate=arn:aws:acm:eu-west-1:123456789012:certificate/0e3a4c1d-5b6f-4a7e-9c2d-1f0e3a4c1d5b
if node "$tool/lint.js" "$template" "CertificateArn=$sample_certificate"; then
    echo "lint-cfn: ok"
else
    echo "lint-cfn: FAILED" >&2
    exit 1
fi
