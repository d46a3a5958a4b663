#!/bin/bash
# Turns a fresh Debian 12 instance into a Shift-Sync server or worker. Shipped in the release
# tarball (share/shiftsync/aws/) and run as root by the user data of deploy/aws/shiftsync.yml once
# the tarball is unpacked into /usr/local, so a release can change how it is installed.
#
# Settings come as environment variables (the template fills them in):
#   ROLE serve|worker, REGION, SECRET_ID (the Shift-Sync secret's ARN), BUCKET (pictures),
#   DATABASE_HOST, DATABASE_PORT, PUBLIC_URL, MAIL_FROM, SMTP_URL, SMTP_USERNAME (may be empty),
#   serve only: SECURE_COOKIES, MAIL_WORKER, TRUSTED_PROXIES, ALLOW_NEW_ORGANIZATIONS.
# No secret passes through here: the processes read them from AWS Secrets Manager themselves,
# with the instance role's credentials (IMDSv2).
#
# `bootstrap.sh --print-config` only prints /etc/shiftsync/config.json as it would be written
# (the deploy tests check it with the real binary).
set -euo pipefail

prefix=/usr/local
share=$prefix/share/shiftsync
rds_ca=/etc/shiftsync/rds-ca.pem

# The config file: every setting that is not a secret. Written with Python's json so no value
# can break the syntax.
print_config() {
    /usr/bin/python3 - <<'EOF'
import json, os

env = os.environ
serve = env["ROLE"] == "serve"
database = "postgresql://shiftsync@{}:{}/shiftsync?sslmode=verify-full&sslrootcert={}".format(
    env["DATABASE_HOST"], env["DATABASE_PORT"], env.get("RDS_CA", "/etc/shiftsync/rds-ca.pem"))
config = {
    "data_dir": "/var/lib/shiftsync",
    "database": database,
    "aws_secret_id": env["SECRET_ID"],
    "aws_region": env["REGION"],
    "s3_bucket": env["BUCKET"],
    "s3_region": env["REGION"],
    "public_url": env["PUBLIC_URL"],
    "mail_from": env["MAIL_FROM"],
}
if serve:
    config.update({
        "listen": "0.0.0.0:8080",
        "static_dir": "/usr/local/share/shiftsync/web",
        "secure_cookies": env["SECURE_COOKIES"] == "true",
        "mail_worker": env["MAIL_WORKER"] == "true",
        "trusted_proxies": env["TRUSTED_PROXIES"],
        "allow_new_organizations": env["ALLOW_NEW_ORGANIZATIONS"] == "true",
    })
for key in ("smtp_url", "smtp_username"):
    if env.get(key.upper()):
        config[key] = env[key.upper()]
print(json.dumps(config, indent=2))
EOF
}

case "${ROLE:-}" in
    serve) unit=shiftsync.service ;;
    worker) unit=shiftsync-worker.service ;;
    *) echo "bootstrap.sh: ROLE must be serve or worker" >&2; exit 2 ;;
esac
if [ "${1:-}" = "--print-config" ]; then print_config; exit 0; fi

export DEBIAN_FRONTEND=noninteractive
# The libraries the binary links, listed by scripts/package.sh when the tarball was made.
mapfile -t packages < "$share/runtime-packages.txt"
apt-get update -q
apt-get install -y -q --no-install-recommends ca-certificates tzdata curl python3 "${packages[@]}"

if ! id shiftsync >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/shiftsync --no-create-home --shell /usr/sbin/nologin shiftsync
fi

install -d -m 0755 /etc/shiftsync
# RDS's CA bundle, so libpq verifies the database's certificate and name (sslmode=verify-full).
curl -fsS --retry 5 -o "$rds_ca.tmp" https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem
chmod 0644 "$rds_ca.tmp" && mv "$rds_ca.tmp" "$rds_ca"
print_config > /etc/shiftsync/config.json.tmp
chown root:shiftsync /etc/shiftsync/config.json.tmp && chmod 0640 /etc/shiftsync/config.json.tmp
mv /etc/shiftsync/config.json.tmp /etc/shiftsync/config.json

# The shipped units hand secrets over as systemd credentials; here they come from Secrets Manager
# instead, and a LoadCredential= whose file is missing would stop the unit from starting.
sed '/^LoadCredential=/d' "$share/systemd/$unit" > "/etc/systemd/system/$unit"
systemctl daemon-reload

# Every instance migrates before it serves; the advisory lock makes concurrent runs apply each
# migration once. Retried while RDS or the network is still coming up.
for attempt in 1 2 3 4 5 6; do
    if runuser -u shiftsync -- "$prefix/bin/shiftsync" migrate --config /etc/shiftsync/config.json; then break; fi
    if [ "$attempt" = 6 ]; then echo "bootstrap.sh: migrate failed" >&2; exit 1; fi
    sleep 10
done
systemctl enable --now "$unit"
