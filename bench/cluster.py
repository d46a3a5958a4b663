#!/usr/bin/python3
"""Benchmark: GET schedule and POST shifts on PostgreSQL with one and two servers behind nginx, next to
SQLite. Run by hand (`make bench-cluster`), never in the test suite.

Four set-ups, each on a fresh database seeded as bench/run.py does (one organisation, 50 employees, a
week of shifts) and measured with the same wrk scripts (bench/get.lua, bench/post_shifts.lua):

  1. SQLite, one server, direct;
  2. PostgreSQL, one server, direct;
  3. PostgreSQL, one server behind nginx (deploy/nginx/shiftsync-balancer.conf, as the cluster tests run it);
  4. PostgreSQL, two servers behind the same nginx, sharing one token key.

Every server runs with --mail-worker=false (the shift emails are queued, not sent, on every set-up
alike). PostgreSQL is the cluster tests' throwaway server (tests/e2e/postgres.py) switched back to
durable settings (fsync, synchronous_commit, full_page_writes on), since SQLite commits with
synchronous=FULL. Everything shares one machine: with two servers on the same cores, the last row
shows what the balancer and a second process cost or gain here, not what a second machine would.
Prints a Markdown table for docs/PERFORMANCE.md.
"""
import base64
import datetime
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests" / "e2e"), str(HERE.parent / "tests" / "cluster")]

os.environ.setdefault("SHIFTSYNC_BINARY", str(HERE.parent / "build" / "shiftsync"))
from run import CONNECTIONS, DURATION, EMPLOYEES, THREADS, WEEK, seed, wrk  # noqa: E402  (the HTTP benchmark's)
from balancer import Balancer  # noqa: E402  (tests/cluster: renders the shipped nginx file)
from postgres import PostgresServer  # noqa: E402  (tests/e2e)
from support import Server, free_port  # noqa: E402  (tests/e2e)

DURABLE = ("ALTER SYSTEM SET fsync = on", "ALTER SYSTEM SET synchronous_commit = on",
           "ALTER SYSTEM SET full_page_writes = on")


def durable(pg):
    for statement in DURABLE:
        pg.psql("postgres", statement)
    pg.psql("postgres", "SELECT pg_reload_conf()")
    shown = [pg.psql("postgres", f"SHOW {name}") for name in ("fsync", "synchronous_commit", "full_page_writes")]
    if shown != ["on", "on", "on"]:
        raise SystemExit(f"PostgreSQL did not take the durable settings: {shown}")


def measure(front):
    """Seeds through `front` (a base URL) and runs both wrk scripts against it."""
    token, user_ids = seed(front)
    get = wrk(front, str(HERE / "get.lua"), {"BENCH_PATH": f"/api/v1/schedule?week={WEEK}", "BENCH_TOKEN": token})
    post = wrk(front, str(HERE / "post_shifts.lua"), {
        "BENCH_TOKEN": token, "BENCH_USER_IDS": ",".join(map(str, user_ids)),
        "BENCH_BASE_EPOCH": str(int(datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc).timestamp()))})
    return get, post


def run_setup(work, name, servers_wanted, database_url, pg_password, behind_nginx):
    """Starts the servers (and nginx), measures, stops them all; returns (get, post)."""
    env = {"SHIFTSYNC_TOKEN_KEY": base64.b64encode(secrets.token_bytes(32)).decode()}
    args = ["--log-level", "warn", "--mail-worker=false"]
    if database_url:
        args += ["--database", database_url]
        env["SHIFTSYNC_DATABASE_PASSWORD"] = pg_password
    nginx_port = free_port() if behind_nginx else None
    if nginx_port:
        args += ["--public-url", f"http://127.0.0.1:{nginx_port}"]
    servers, balancer = [], None
    try:
        for n in range(servers_wanted):
            srv = Server(work / f"{name}-{n}", work / f"{name}-{n}.log", args=args, env=env, port=free_port())
            servers.append(srv.start())
        front = servers[0].base
        if behind_nginx:
            balancer = Balancer(work / f"{name}-nginx", [s.port for s in servers], port=nginx_port).start()
            front = balancer.base
        return measure(front)
    finally:
        if balancer:
            balancer.stop()
        for srv in servers:
            if srv.running():
                srv.stop(signal.SIGTERM, timeout=60)


def main():
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not os.path.exists(f"/usr/sbin/{tool}"):
            raise SystemExit(f"{tool} is missing: run scripts/install-deps.sh --bench")
    work = Path(tempfile.mkdtemp(prefix="shiftsync-bench-cluster-"))
    results = []
    pg = PostgresServer().start()
    try:
        durable(pg)
        results.append(("SQLite, 1 server, direct", run_setup(work, "sqlite", 1, None, None, False)))
        for label, name, count, nginx in (("PostgreSQL, 1 server, direct", "pg1", 1, False),
                                          ("PostgreSQL, 1 server behind nginx", "pg1nginx", 1, True),
                                          ("PostgreSQL, 2 servers behind nginx", "pg2nginx", 2, True)):
            url = pg.create_database(name)
            results.append((label, run_setup(work, name, count, url, pg.password, nginx)))
    finally:
        pg.stop()

    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
    print(f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({cpu}),"
          f" everything on this one machine; wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION};"
          f" {EMPLOYEES} employees x 5 shifts; PostgreSQL 15 with fsync and synchronous_commit on.\n")
    print("| set-up | GET schedule req/s | p50 ms | p99 ms | POST shifts req/s | p50 ms | p99 ms "
          "| errors / non-2xx |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, (get, post) in results:
        print(f"| {label} | {get['rps']:.0f} | {get['p50']:.2f} | {get['p99']:.2f} | {post['rps']:.0f} "
              f"| {post['p50']:.2f} | {post['p99']:.2f} | {get['errors'] + post['errors']} / "
              f"{get['non2xx'] + post['non2xx']} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
