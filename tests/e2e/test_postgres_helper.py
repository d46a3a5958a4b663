"""The PostgresServer helper itself: databases it creates take the shiftsync role's password and no
other, rows come back typed, and it stops and deletes its directory on exit."""
from __future__ import annotations

import socket
import subprocess

import pytest

import postgres
from postgres import PG_BIN, PostgresServer

pytestmark = pytest.mark.skipif(not postgres.installed(), reason=f"PostgreSQL 15 is not installed in {PG_BIN}")


def connects(url: str, password: str) -> bool:
    done = subprocess.run([str(PG_BIN / "psql"), "-X", "-q", "-c", "SELECT 1", url], env={"PGPASSWORD": password},
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    return done.returncode == 0


def test_postgres_server_creates_databases_answers_queries_and_stops_on_exit():
    with PostgresServer() as pg:
        url = pg.create_database("helper_check")
        assert url == f"postgresql://shiftsync@127.0.0.1:{pg.port}/helper_check"
        assert connects(url, pg.password)
        assert not connects(url, "not-the-password")
        pg.psql("helper_check", "CREATE TABLE t (id BIGINT, name TEXT)")
        assert pg.rows("helper_check", "INSERT INTO t VALUES (2, NULL), (1, 'a') RETURNING id, name") == \
            [(2, None), (1, "a")]
        assert pg.rows("helper_check", "SELECT id, name FROM t ORDER BY id") == [(1, "a"), (2, None)]
        assert pg.rows("helper_check", "SELECT id FROM t WHERE id > 5") == []
        port, directory = pg.port, pg.directory
    assert not directory.exists()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
