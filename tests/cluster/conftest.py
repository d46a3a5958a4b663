"""The cluster on loopback: one PostgreSQL, `shiftsync migrate` run twice at once, two `shiftsync serve
--mail-worker=false` sharing one token key, two `shiftsync worker`s, the test SMTP server and nginx
running deploy/nginx/shiftsync-balancer.conf in front of the servers. Started once for the session,
stopped at the end; a failing test gets the tail of every process's log in its report.

The helpers of the end-to-end suite (tests/e2e: support, postgres, mailbox) are imported, not copied.
"""
from __future__ import annotations

import base64
import os
import secrets
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from balancer import Balancer  # noqa: E402
from mailbox import SmtpServer  # noqa: E402
from postgres import PostgresServer  # noqa: E402
from support import Server, ServerStartError, binary_path, free_port, wait_until  # noqa: E402

DATABASE = "cluster"
WORKER_SENDERS = ("worker-1@cluster.test", "worker-2@cluster.test")  # tells the workers' mail apart
_WORKER_STARTED = '"msg":"mail worker started"'


class Worker:
    """One `shiftsync worker` process (mail and blob collection only), ready once it logs its start."""

    def __init__(self, data_dir: Path, log_path: Path, args: list[str], env: dict):
        self.data_dir, self.log_path, self.args, self.env = Path(data_dir), Path(log_path), args, env
        self.proc: subprocess.Popen | None = None
        self._starts_before = 0

    def start(self, timeout: float = 20.0) -> "Worker":
        return self.launch().wait_started(timeout)

    def launch(self) -> "Worker":
        """Starts the process without waiting (several workers can then start together)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [str(binary_path()), "worker", "--data-dir", str(self.data_dir), *self.args]
        self._starts_before = self.log_text().count(_WORKER_STARTED)
        with open(self.log_path, "ab") as log:
            log.write(f"\n==== start {' '.join(command)}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         env=self.env)
        return self

    def wait_started(self, timeout: float = 20.0) -> "Worker":
        def ready():
            if self.proc.poll() is not None:
                raise ServerStartError(f"worker exited with {self.proc.returncode}; log:\n{self.log_tail()}")
            return self.log_text().count(_WORKER_STARTED) > self._starts_before

        wait_until(ready, timeout=timeout, what=f"the worker logging {self.log_path} to start")
        return self

    def stop(self, timeout: float = 20.0) -> int:
        """SIGTERM and wait: the worker finishes the message in hand and exits 0."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"worker did not stop within {timeout}s; log:\n{self.log_tail()}")

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_text()[-chars:]


@dataclass
class Cluster:
    root: Path
    pg: PostgresServer
    smtp: SmtpServer
    servers: list[Server] = field(default_factory=list)
    workers: list[Worker] = field(default_factory=list)
    balancer: Balancer | None = None
    migrations: list[tuple[int, str]] = field(default_factory=list)  # (exit code, output) of each migrate
    senders: tuple[str, ...] = WORKER_SENDERS  # the workers' --mail-from, in order

    def rows(self, sql: str) -> list[tuple]:
        return self.pg.rows(DATABASE, sql)

    def ensure_serving(self) -> None:
        """Restarts any server a test killed, on its old port (nginx lists it)."""
        for srv in self.servers:
            if not srv.running():
                srv.start()

    def logs(self) -> list[tuple[str, str]]:
        sections = [(f"shiftsync serve {s.log_path.name}", s.log_tail(3000)) for s in self.servers]
        sections += [(f"shiftsync worker {w.log_path.name}", w.log_tail(3000)) for w in self.workers]
        sections += [(f"migrate #{n}", out[-2000:]) for n, (_, out) in enumerate(self.migrations, 1)]
        if self.balancer is not None:
            sections.append(("nginx", self.balancer.log_tail(3000)))
        sections.append(("postgresql", self.pg.log_tail(3000)))
        return sections


_cluster: Cluster | None = None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and _cluster is not None:
        for title, text in _cluster.logs():
            report.sections.append((title, text))


def _migrate_concurrently(root: Path, url: str, env: dict) -> list[tuple[int, str]]:
    """Two `shiftsync migrate` started together, as two servers of a deploy would; both must succeed."""
    command = [str(binary_path()), "migrate", "--data-dir", str(root / "migrate"), "--database", url]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              env=env) for _ in range(2)]
    results = []
    for proc in procs:
        try:
            out, _ = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        results.append((proc.returncode, out.decode(errors="replace")))
    return results


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    global _cluster
    root = tmp_path_factory.mktemp("cluster")
    pg = PostgresServer().start()
    smtp = SmtpServer(root / "smtp")
    c = Cluster(root, pg, smtp)
    _cluster = c
    try:
        url = pg.create_database(DATABASE)
        token_key = base64.b64encode(secrets.token_bytes(32)).decode()
        # Every process gets the same secrets, as a deploy would give them (environment or secrets file).
        env = {k: v for k, v in os.environ.items() if not k.startswith("SHIFTSYNC_")}
        env.update({"SHIFTSYNC_DATABASE_PASSWORD": pg.password, "SHIFTSYNC_TOKEN_KEY": token_key})
        c.migrations = _migrate_concurrently(root, url, env)
        for code, out in c.migrations:
            assert code == 0, f"shiftsync migrate failed ({code}):\n{out}"
        smtp.start()

        balancer_port = free_port()
        # The servers believe nginx's X-Forwarded-For/-Proto (docs/OPERATIONS.md, "Running several servers").
        shared = ["--database", url, "--mail-worker=false", "--public-url", f"http://127.0.0.1:{balancer_port}",
                  "--trusted-proxies", "127.0.0.1"]
        for n in (1, 2):
            # Each server has a data directory of its own, as on separate machines: only the key is shared.
            srv = Server(root / f"serve{n}", root / f"serve{n}.log", args=shared, env=env, port=free_port())
            srv.start()
            c.servers.append(srv)
        for n, sender in enumerate(WORKER_SENDERS, 1):
            args = ["--database", url, "--smtp-url", smtp.url, "--mail-from", sender]
            c.workers.append(Worker(root / f"worker{n}", root / f"worker{n}.log", args, env).start())
        c.balancer = Balancer(root / "nginx", [s.port for s in c.servers], port=balancer_port).start()
        yield c
    finally:
        _cluster = None
        if c.balancer is not None:
            c.balancer.stop()
        for w in c.workers:
            w.stop()
        for s in c.servers:
            if s.running():
                s.stop(signal.SIGTERM)
        smtp.stop()
        pg.stop()


@pytest.fixture(autouse=True)
def _whole_cluster(cluster):
    """Each test starts with both servers up, whatever the previous one killed."""
    cluster.ensure_serving()
    yield

