"""Which database the end-to-end servers use, and reading it back: SQLite files, or one PostgreSQL
server for the run with a database per data directory. Re-exported by support.py.
"""
from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path
from typing import Iterable

# Which database the servers of this run use: "sqlite" (the default: the file in each data directory,
# as shiftsync does without --database) or "postgresql" (one PostgreSQL server for the whole run,
# started by conftest.py, and a fresh database per data directory).
E2E_DATABASE = os.environ.get("SHIFTSYNC_E2E_DATABASE", "sqlite")
if E2E_DATABASE not in ("sqlite", "postgresql"):
    raise RuntimeError(f"SHIFTSYNC_E2E_DATABASE must be sqlite or postgresql, not {E2E_DATABASE!r}")

_postgres = None  # postgres.PostgresServer, while conftest's session fixture runs
_postgres_databases: dict[Path, str] = {}  # data directory -> database name
_database_lock = threading.Lock()


def use_postgres(server) -> None:
    """Called by conftest.py with the session's PostgresServer (None when it stops)."""
    global _postgres
    with _database_lock:
        _postgres = server
        _postgres_databases.clear()


def _postgres_database(data_dir: Path) -> str:
    """The database of `data_dir`, created on first use: each data directory has its own, as each has
    its own SQLite file, and servers started on one data directory share it."""
    key = Path(data_dir).resolve()
    with _database_lock:
        if _postgres is None:
            raise RuntimeError("SHIFTSYNC_E2E_DATABASE=postgresql but no PostgreSQL server runs (conftest.py)")
        if key not in _postgres_databases:
            name = f"e2e_{len(_postgres_databases) + 1}_{uuid.uuid4().hex[:8]}"
            _postgres.create_database(name)
            _postgres_databases[key] = name
        return _postgres_databases[key]


def database_options(data_dir: Path) -> tuple[list[str], dict]:
    """(arguments, environment) that point shiftsync at the database of `data_dir`."""
    if E2E_DATABASE == "sqlite":
        return [], {}
    name = _postgres_database(data_dir)
    return ["--database", _postgres.url(name)], {"SHIFTSYNC_DATABASE_PASSWORD": _postgres.password}


def _names_database(args: Iterable[str]) -> bool:
    return any(a == "--database" or a.startswith("--database=") for a in args)


def query_database(data_dir: Path, sql: str) -> list[tuple]:
    """The rows of one statement (a SELECT, or a change with RETURNING) run on the database of
    `data_dir`, whichever it is; changes are committed. Portable SQL only: it runs on both."""
    if E2E_DATABASE == "postgresql":
        return _postgres.rows(_postgres_database(data_dir), sql)
    import sqlite3
    con = sqlite3.connect(Path(data_dir) / "shiftsync.db")
    try:
        rows = [tuple(row) for row in con.execute(sql).fetchall()]
        con.commit()
        return rows
    finally:
        con.close()
