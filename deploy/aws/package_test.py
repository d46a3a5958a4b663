"""scripts/package.sh and the config that deploy/aws/bootstrap.sh writes, checked with the real binary.

Run by ctest (deploy.package) with SHIFTSYNC_BINARY naming the binary under test.
"""
import json
import os
import pathlib
import subprocess
import tarfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("SHIFTSYNC_BINARY", str(ROOT / "build/shiftsync"))

COMMON = {
    "REGION": "eu-west-1",
    "SECRET_ID": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:AppSecret-AbCdEf",
    "BUCKET": "shiftsync-picturebucket-1x2y3z",
    "DATABASE_HOST": "shiftsync-db.abcdefghij.eu-west-1.rds.amazonaws.com",
    "DATABASE_PORT": "5432",
    "PUBLIC_URL": "https://shifts.example.com",
    "MAIL_FROM": "shifts@example.com",
    "SMTP_URL": "smtps://email-smtp.eu-west-1.amazonaws.com:465",
    "SMTP_USERNAME": "AKIAEXAMPLEUSER",
}
SERVE = {**COMMON, "ROLE": "serve", "SECURE_COOKIES": "true", "MAIL_WORKER": "false",
         "TRUSTED_PROXIES": "192.168.0.0/25,192.168.1.0/25", "ALLOW_NEW_ORGANIZATIONS": "false"}
WORKER = {**COMMON, "ROLE": "worker"}


@pytest.fixture(scope="module")
def tarball(tmp_path_factory):
    work = tmp_path_factory.mktemp("package")
    web = work / "dist"
    (web / "assets").mkdir(parents=True)
    (web / "index.html").write_text("<!doctype html><title>Shift-Sync</title>")
    (web / "assets" / "app-1234.js").write_text("console.log(1)")
    env = {**os.environ, "SHIFTSYNC_WEB_DIST": str(web)}
    out = subprocess.run([str(ROOT / "scripts/package.sh"), BINARY, str(work / "out")], env=env,
                         capture_output=True, text=True, check=True, timeout=120)
    path = pathlib.Path(out.stdout.strip().splitlines()[-1])
    version = subprocess.run([BINARY, "version"], capture_output=True, text=True, check=True).stdout.split()[1]
    assert path.name == f"shiftsync-{version}.tar.gz"
    return path


def test_the_tarball_holds_a_prefix_tree_owned_by_root(tarball):
    with tarfile.open(tarball) as archive:
        members = {m.name: m for m in archive.getmembers()}
    top = tarball.name[:-len(".tar.gz")]
    for name in ["bin/shiftsync", "share/shiftsync/web/index.html", "share/shiftsync/web/assets/app-1234.js",
                 "share/shiftsync/systemd/shiftsync.service", "share/shiftsync/systemd/shiftsync-worker.service",
                 "share/shiftsync/aws/bootstrap.sh",
                 "share/shiftsync/runtime-packages.txt"]:
        assert f"{top}/{name}" in members, name
    assert all(name == top or name.startswith(top + "/") for name in members)
    for conf in (ROOT / "deploy/nginx").rglob("*.conf"):
        assert f"{top}/share/shiftsync/nginx/{conf.relative_to(ROOT / 'deploy/nginx')}" in members, conf
    assert all(m.uid == 0 and m.gid == 0 for m in members.values())
    assert members[f"{top}/bin/shiftsync"].mode & 0o111
    assert members[f"{top}/share/shiftsync/aws/bootstrap.sh"].mode & 0o111


def test_runtime_packages_own_every_library_the_binary_needs(tarball):
    with tarfile.open(tarball) as archive:
        top = tarball.name[:-len(".tar.gz")]
        listed = archive.extractfile(f"{top}/share/shiftsync/runtime-packages.txt").read().decode().split()
    assert "libvips42" in listed and "libpq5" in listed and "libsodium23" in listed
    needed = [line.split("[")[1].rstrip("]") for line in
              subprocess.run(["readelf", "-d", BINARY], capture_output=True, text=True, check=True).stdout.splitlines()
              if "(NEEDED)" in line]
    files = subprocess.run(["dpkg", "-L", *listed], capture_output=True, text=True, check=True).stdout
    owned = {pathlib.PurePath(f).name for f in files.split()}
    assert [lib for lib in needed if lib not in owned] == []


def bootstrap_config(settings):
    result = subprocess.run([str(ROOT / "deploy/aws/bootstrap.sh"), "--print-config"],
                            env={"PATH": os.environ["PATH"], **settings}, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def migrate(config, tmp_path, *flags):
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    web = tmp_path / "web"
    web.mkdir(exist_ok=True)
    # Flags win over the file: no AWS secret here, and the web app from a scratch directory.
    env = {"PATH": os.environ["PATH"], "AWS_EC2_METADATA_DISABLED": "true",
           "SHIFTSYNC_TOKEN_KEY": "A" * 64}
    return subprocess.run([BINARY, "migrate", "--config", str(path), "--aws-secret-id", "", "--static-dir", str(web),
                           *flags], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("settings", [SERVE, WORKER], ids=["serve", "worker"])
def test_the_binary_accepts_the_config_bootstrap_writes(settings, tmp_path):
    config = bootstrap_config(settings)
    assert config["aws_secret_id"] == settings["SECRET_ID"] and config["s3_bucket"] == settings["BUCKET"]
    assert "s3_access_key_id" not in config  # the instance role's credentials, not an IAM user's keys
    # Every setting but the database, on SQLite in a scratch directory:
    result = migrate(config, tmp_path, "--database", "sqlite", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    # The database URL itself is accepted: the binary gets as far as connecting (to a closed port).
    config["database"] = config["database"].replace(f"{settings['DATABASE_HOST']}:5432", "127.0.0.1:1")
    result = migrate(config, tmp_path)
    assert "cannot connect to PostgreSQL at postgresql://shiftsync@127.0.0.1:1/shiftsync?sslmode=verify-full" \
        in result.stderr, result.stderr


def test_serve_config_follows_the_settings():
    config = bootstrap_config(SERVE)
    assert config["listen"] == "0.0.0.0:8080"
    assert config["mail_worker"] is False and config["secure_cookies"] is True
    assert config["allow_new_organizations"] is False
    assert config["trusted_proxies"] == "192.168.0.0/25,192.168.1.0/25"
    assert config["static_dir"] == "/usr/local/share/shiftsync/web"
    worker = bootstrap_config({**WORKER, "SMTP_URL": "", "SMTP_USERNAME": ""})
    assert "listen" not in worker and "smtp_url" not in worker and "smtp_username" not in worker


def test_bootstrap_refuses_an_unknown_role():
    result = subprocess.run([str(ROOT / "deploy/aws/bootstrap.sh"), "--print-config"],
                            env={"PATH": os.environ["PATH"], **COMMON, "ROLE": "both"}, capture_output=True, text=True)
    assert result.returncode == 2 and "ROLE must be serve or worker" in result.stderr
