#!/usr/bin/env bash
# Installs what building, running and testing Shift-Sync needs on Debian 12, if missing.
# Idempotent: does nothing (and needs no network) when everything is there.
set -euo pipefail

packages=(
    # build
    g++ cmake ninja-build pkg-config
    libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
    libsoci-dev libsqlite3-dev libsodium-dev libhowardhinnant-date-dev tzdata
    libspdlog-dev libfmt-dev libgtest-dev libcurl4-openssl-dev python3-aiosmtpd openssl
    libvips-dev
    # the PostgreSQL backend (libpq's headers) and the server its contract tests start
    libpq-dev postgresql-15
    # tests and tools
    python3 python3-pytest python3-requests python3-jwt python3-jsonschema python3-pil sqlite3 curl awscli
    python3-botocore  # tests/aws/aws_standin.py checks SigV4 signatures with it
    clang-format  # the format_check test (scripts/check-format.sh, .clang-format)
    python3-yaml shellcheck  # deploy/aws tests: the CloudFormation template, user data and scripts
    systemd  # deploy/systemd tests: systemd-analyze verify and security on the units
    nodejs npm
    # the web app's browser tests (web/e2e: playwright-core drives /usr/bin/chromium)
    chromium
    poppler-utils  # web/e2e/schedule-layout.spec.mjs reads the printed week's PDF with pdftotext
    # the load balancer of the cluster tests (deploy/nginx/shiftsync-balancer.conf), and the web tier
    nginx-light
    iproute2  # tests/netns: `ip netns` and veth pairs for the web tier's network shape
)
if [ "${1:-}" = "--bench" ]; then packages+=(wrk libvips-tools); fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from elsewhere than Debian (a newer build on PATH): that is fine.
if command -v node >/dev/null && command -v npm >/dev/null; then
    missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

echo "Installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
