"""Fixtures: real shiftsync processes on free loopback ports with fresh data directories.

`server` is shared by the whole session (tests there make their own organisations, so they
do not disturb each other); `server_factory` starts extra servers with special flags and
stops them at the end of the test, asserting a clean exit (SIGTERM -> 0).

With SHIFTSYNC_E2E_DATABASE=postgresql one PostgreSQL server runs for the session and every
data directory gets a database of its own (support.database_options).
"""
from __future__ import annotations

import signal
from pathlib import Path

import pytest

import support
from support import Server, ServerStartError, make_org

_live: list[Server] = []


class ServerFactory:
    def __init__(self, root: Path):
        self.root = root
        self.servers: list[Server] = []

    def start(self, args=(), env=None, data_dir: Path | None = None, name: str = "srv") -> Server:
        n = len(self.servers)
        if data_dir is None:
            data_dir = self.root / f"{name}{n}-data"
        srv = Server(data_dir, self.root / f"{name}{n}.log", args=args, env=env)
        try:
            srv.start()
        except ServerStartError as e:
            pytest.fail(str(e))
        self.servers.append(srv)
        _live.append(srv)
        return srv

    def restart(self, srv: Server, sig: int = signal.SIGTERM) -> Server:
        """Stops `srv` (asserting exit 0 for SIGTERM) and starts it again on the same data dir."""
        code = srv.stop(sig)
        if sig == signal.SIGTERM:
            assert code == 0, f"exit code {code} after SIGTERM; log:\n{srv.log_tail()}"
        try:
            srv.start()
        except ServerStartError as e:
            pytest.fail(str(e))
        return srv

    def close(self) -> list[str]:
        problems = []
        for srv in self.servers:
            if srv in _live:
                _live.remove(srv)
            if srv.running():
                try:
                    code = srv.stop(signal.SIGTERM)
                except AssertionError as e:
                    problems.append(str(e))
                    continue
                if code != 0:
                    problems.append(f"{srv.log_path}: exit code {code} after SIGTERM; log:\n{srv.log_tail()}")
        return problems


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.failed:
        for srv in _live:
            rep.sections.append((f"shiftsync log {srv.log_path}", srv.log_tail(3000)))


@pytest.fixture(scope="session", autouse=True)
def database_server():
    """The session's PostgreSQL server when the run is on PostgreSQL; nothing on SQLite."""
    if support.E2E_DATABASE != "postgresql":
        yield None
        return
    from postgres import PostgresServer
    with PostgresServer() as pg:
        support.use_postgres(pg)
        try:
            yield pg
        finally:
            support.use_postgres(None)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    factory = ServerFactory(tmp_path_factory.mktemp("shared"))
    srv = factory.start(name="shared")
    yield srv
    problems = factory.close()
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def module_factory(tmp_path_factory):
    factory = ServerFactory(tmp_path_factory.mktemp("module"))
    yield factory
    problems = factory.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def server_factory(tmp_path):
    factory = ServerFactory(tmp_path)
    yield factory
    problems = factory.close()
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def org(server):
    """An organisation (Europe/Berlin) with an owner, a manager and an employee, per module."""
    return make_org(server)


@pytest.fixture(scope="module")
def other_org(server):
    """A second organisation on the same server, to prove isolation."""
    return make_org(server, tz="America/New_York")
