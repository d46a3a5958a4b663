"""Which database shiftsync uses (--database): `shiftsync migrate` says what it applied where, the
server's log names the database, and a password never appears in a URL, a message or a log. On
PostgreSQL (SHIFTSYNC_E2E_DATABASE=postgresql) the database_password secret is what lets it in."""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

import support
from support import binary_path, database_options, describe, make_org, query_database, run_expecting_failure

on_postgres_only = pytest.mark.skipif(
    support.E2E_DATABASE != "postgresql",
    reason="PostgreSQL only (SQLite has no password): run with SHIFTSYNC_E2E_DATABASE=postgresql")


def shiftsync(args: list[str], env: dict, timeout: float = 60.0) -> tuple[int, str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SHIFTSYNC_")}
    full_env.update(env)
    done = subprocess.run([str(binary_path()), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, env=full_env, timeout=timeout)
    return done.returncode, done.stdout.decode(errors="replace")


def write_secrets(path: Path, values: dict) -> Path:
    path.write_text(json.dumps(values))
    path.chmod(0o600)
    return path


def test_migrate_says_what_it_applied_to_which_database(tmp_path):
    data_dir = tmp_path / "data"
    args, env = database_options(data_dir)
    where = args[1] if args else str(data_dir / "shiftsync.db")
    code, output = shiftsync(["migrate", "--data-dir", str(data_dir), *args], env)
    assert code == 0, output
    first = re.fullmatch(r"applied (\d+) migration\(s\) to (\S+)\n", output)
    assert first and int(first[1]) > 0 and first[2] == where, output
    code, output = shiftsync(["migrate", "--data-dir", str(data_dir), *args], env)
    assert (code, output) == (0, f"applied 0 migration(s) to {where}\n")
    for secret in env.values():
        assert secret not in output
    assert not (data_dir / "secrets").exists(), "migrate generated a signing key it does not need"


def test_the_log_names_the_database_and_never_its_password(server_factory):
    srv = server_factory.start(name="logged")
    make_org(srv)
    args, env = database_options(srv.data_dir)
    listening = [json.loads(line.split(" ", 2)[2]) for line in srv.log_text().splitlines() if '"listening"' in line]
    assert listening and listening[-1]["database"] == (args[1] if args else str(srv.data_dir / "shiftsync.db"))
    for secret in env.values():
        assert secret not in srv.log_text()


def test_a_password_in_the_database_url_is_refused_and_never_repeated(tmp_path):
    code, output = run_expecting_failure(tmp_path / "data",
                                         ["--database", "postgresql://app:hunter2-e2e@127.0.0.1:1/shiftsync"])
    assert code == 2, output
    assert "database_password" in output and "SHIFTSYNC_DATABASE_PASSWORD" in output, output
    assert "hunter2" not in output, output


@on_postgres_only
def test_a_wrong_database_password_stops_the_start_and_is_not_shown(tmp_path):
    _, env = database_options(tmp_path / "data")
    code, output = run_expecting_failure(tmp_path / "data", [],
                                         env={"SHIFTSYNC_DATABASE_PASSWORD": "wrong-e2e-password"})
    assert code != 0, output
    assert "wrong-e2e-password" not in output and env["SHIFTSYNC_DATABASE_PASSWORD"] not in output, output


@on_postgres_only
def test_the_database_password_can_come_from_the_secrets_file(tmp_path, server_factory):
    data_dir = tmp_path / "data"
    args, env = database_options(data_dir)
    secrets_file = write_secrets(tmp_path / "secrets.json", {"database_password": env["SHIFTSYNC_DATABASE_PASSWORD"]})
    # Naming --database keeps Server from adding SHIFTSYNC_DATABASE_PASSWORD: the file is all it has.
    srv = server_factory.start(args=[*args, "--secrets-file", str(secrets_file)], data_dir=data_dir)
    make_org(srv)
    assert env["SHIFTSYNC_DATABASE_PASSWORD"] not in srv.log_text()


@on_postgres_only
def test_no_request_fails_when_the_database_drops_every_connection(server_factory):
    """A database restart or failover drops every pooled connection. The session check, a lone
    statement without BEGIN, is the first to meet one: it reads again instead of failing."""
    srv = server_factory.start(name="dropped")
    org = make_org(srv)
    drop_all = ("SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    for _ in range(3):
        assert query_database(srv.data_dir, drop_all)[0][0] >= 1
        for _ in range(12):  # more than the server's connections
            for path in ("/me", "/schedule"):
                r = org.owner.client.get(path)
                assert r.status_code == 200, describe(r)
