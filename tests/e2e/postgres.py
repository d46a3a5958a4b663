"""A real PostgreSQL 15 server for the tests (Debian's postgresql-15): initdb and pg_ctl in a temporary
directory, listening on a free loopback port, run as the `postgres` system user when the tests run as
root (initdb refuses root). shiftsync connects over TCP as the role `shiftsync` with a password
(scram-sha-256), so the database_password secret is exercised; the helper itself administers and
queries over the server's own Unix socket as the superuser (trust), with psql.

    with PostgresServer() as pg:
        url = pg.create_database("e2e_1")  # postgresql://shiftsync@127.0.0.1:PORT/e2e_1
        srv = server_factory.start(args=["--database", url], env={"SHIFTSYNC_DATABASE_PASSWORD": pg.password})
        pg.rows("e2e_1", "SELECT id, email FROM users ORDER BY id")
"""
from __future__ import annotations

import atexit
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from support import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SYSTEM_USER = "postgres"  # who runs the server when we are root
APP_ROLE = "shiftsync"
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

# Tuned for throwaway data: durability off, room for every shiftsync pool the suite opens at once.
_SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{socket_dir}'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
"""


def installed() -> bool:
    return (PG_BIN / "initdb").is_file() and (PG_BIN / "pg_ctl").is_file()


class PostgresServer:
    """One PostgreSQL cluster in a temporary directory; stopped and deleted by stop() or at exit."""

    def __init__(self):
        self.directory: Path | None = None
        self.port: int | None = None
        self.password = "e2e-" + secrets.token_hex(12)  # the shiftsync role's
        self._as_postgres = os.geteuid() == 0
        self._running = False

    # ------------------------------------------------------------------------------ lifecycle

    def start(self, timeout: float = 60.0) -> "PostgresServer":
        if not installed():
            raise AssertionError(f"PostgreSQL 15 is not installed ({PG_BIN}); apt-get install postgresql-15")
        # Short, so the socket path stays under the 107-byte limit whatever TMPDIR is.
        self.directory = Path(tempfile.mkdtemp(prefix="shiftsync-pg-", dir="/tmp"))
        atexit.register(self.stop)
        try:
            if self._as_postgres:
                entry = pwd.getpwnam(SYSTEM_USER)
                os.chown(self.directory, entry.pw_uid, entry.pw_gid)
            superuser_password = self.directory / "superuser-password"
            self._write_private(superuser_password, secrets.token_hex(16) + "\n")
            self._run_server_tool("initdb", "-D", str(self.data_dir), "-U", "postgres", "-E", "UTF8",
                                  "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256",
                                  f"--pwfile={superuser_password}", timeout=timeout)
            last_error = ""
            for _attempt in range(3):
                self.port = free_port()
                with open(self.data_dir / "postgresql.conf", "a") as conf:
                    conf.write(_SETTINGS.format(port=self.port, socket_dir=self.directory))
                done = self._run_server_tool("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_path), "-w",
                                             "-t", str(int(timeout)), "start", timeout=timeout + 10, check=False)
                if done.returncode == 0:
                    break
                last_error = f"pg_ctl start: {done.stdout}{done.stderr}\n{self.log_tail()}"
                if "in use" not in self.log_tail().lower():
                    raise AssertionError(last_error)
            else:
                raise AssertionError(last_error)
            self._running = True
            self._wait_ready(time.monotonic() + timeout)
            self.psql("postgres", f"CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{self.password}'")
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self._running:
            self._running = False
            self._run_server_tool("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop",
                                  timeout=60, check=False)
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def __enter__(self) -> "PostgresServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------------------ databases

    def create_database(self, name: str) -> str:
        """A new empty database owned by the shiftsync role; returns the URL shiftsync is given."""
        assert _NAME.fullmatch(name), f"not a plain database name: {name!r}"
        self.psql("postgres", f"CREATE DATABASE {name} OWNER {APP_ROLE}")
        return self.url(name)

    def url(self, database: str) -> str:
        return f"postgresql://{APP_ROLE}@127.0.0.1:{self.port}/{database}"

    def rows(self, database: str, sql: str) -> list[tuple]:
        """The rows of one statement (a SELECT, or a change with RETURNING), with JSON types: numbers
        as int, NULL as None."""
        statement = sql.strip().rstrip(";")
        text = self.psql(database, f"WITH result AS ({statement}) SELECT coalesce(json_agg(result), '[]') FROM result")
        return [tuple(row.values()) for row in json.loads(text)]

    def psql(self, database: str, sql: str) -> str:
        """Runs `sql` as the superuser over the Unix socket; returns the unaligned output. Fails on any error."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        done = subprocess.run([str(PG_BIN / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                               "-h", str(self.directory), "-p", str(self.port), "-U", "postgres", "-d", database,
                               "-c", sql], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=60)
        if done.returncode != 0:
            raise AssertionError(f"psql on {database} failed ({done.returncode}): {done.stderr.strip()}\nSQL: {sql}")
        return done.stdout.strip()

    # ------------------------------------------------------------------------------ internals

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"

    @property
    def log_path(self) -> Path:
        return self.directory / "server.log"

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except (FileNotFoundError, TypeError):
            return ""

    def _write_private(self, path: Path, text: str) -> None:
        path.write_text(text)
        path.chmod(0o600)
        if self._as_postgres:
            entry = pwd.getpwnam(SYSTEM_USER)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def _run_server_tool(self, tool: str, *args: str, timeout: float,
                         check: bool = True) -> subprocess.CompletedProcess:
        command = [str(PG_BIN / tool), *args]
        if self._as_postgres:
            command = ["runuser", "-u", SYSTEM_USER, "--", *command]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        # pg_ctl's server inherits the working directory, which the postgres user may not be allowed into.
        done = subprocess.run(command, env=env, cwd=self.directory, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=timeout)
        if check and done.returncode != 0:
            raise AssertionError(f"{tool} failed ({done.returncode}): {done.stdout}{done.stderr}")
        return done

    def _wait_ready(self, deadline: float) -> None:
        while True:
            done = subprocess.run([str(PG_BIN / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                                  stdin=subprocess.DEVNULL, capture_output=True, timeout=10)
            if done.returncode == 0:
                return
            if time.monotonic() >= deadline:
                raise AssertionError(f"PostgreSQL on port {self.port} not ready in time; log:\n{self.log_tail()}")
            time.sleep(0.05)
