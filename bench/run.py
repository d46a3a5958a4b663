#!/usr/bin/python3
"""Benchmark: GET schedule and POST shifts against nginx serving the same bytes.

Run by hand (`make bench`), never in the test suite. Starts shiftsync on a free loopback
port with a temporary data dir, seeds one organisation of 50 employees with a week of
shifts each, then measures with wrk (64 connections) and prints a Markdown table for
docs/PERFORMANCE.md. nginx serves a static file holding the schedule's JSON, on the same
machine, in the same run: the reference.
"""
import datetime
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("SHIFTSYNC_BINARY", os.path.join(ROOT, "build", "shiftsync"))
DURATION = os.environ.get("BENCH_DURATION", "15s")
CONNECTIONS = 64
THREADS = 2
EMPLOYEES = 50
WEEK = datetime.date(2027, 1, 4)  # a Monday
PASSWORD = "bench-password-not-common-42"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, what, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (requests.ConnectionError, OSError):
            pass
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {what}")


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def wrk(url, script, env):
    out = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "-s", script, url],
        env={**os.environ, **env}, capture_output=True, text=True, check=True).stdout
    m = re.search(r"RESULT rps=([\d.]+) p50_ms=([\d.]+) p99_ms=([\d.]+) errors=(\d+) non2xx=(\d+)", out)
    if not m:
        raise SystemExit("wrk printed no result:\n" + out)
    return {"rps": float(m[1]), "p50": float(m[2]), "p99": float(m[3]), "errors": int(m[4]), "non2xx": int(m[5])}


def seed(base):
    api = requests.Session()
    r = api.post(f"{base}/api/v1/auth/register", json={
        "name": "Bench Owner", "email": "owner@bench.example", "password": PASSWORD,
        "organization": {"name": "Bench Bistro", "time_zone": "Europe/Berlin"}})
    r.raise_for_status()
    token = r.json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    user_ids = []
    for i in range(EMPLOYEES):
        email = f"employee{i}@bench.example"
        inv = api.post(f"{base}/api/v1/invitations", headers=auth,
                       json={"email": email, "role": "employee", "position": "Barista"})
        inv.raise_for_status()
        reg = api.post(f"{base}/api/v1/auth/register", json={
            "name": f"Employee {i:02}", "email": email, "password": PASSWORD, "invitation": inv.json()["token"]})
        reg.raise_for_status()
        user_ids.append(reg.json()["user"]["id"])
    for uid in user_ids:
        for day in range(5):
            d = WEEK + datetime.timedelta(days=day)
            r = api.post(f"{base}/api/v1/shifts", headers=auth, json={
                "user_id": uid, "start": f"{d}T09:00:00+01:00", "end": f"{d}T17:00:00+01:00"})
            r.raise_for_status()
    return token, user_ids


def nginx_config(work, port):
    www = os.path.join(work, "www")
    return f"""
daemon off;
worker_processes auto;
user root;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {work}/tmp; proxy_temp_path {work}/tmp; fastcgi_temp_path {work}/tmp;
    uwsgi_temp_path {work}/tmp; scgi_temp_path {work}/tmp;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{port};
        root {www};
        location / {{ default_type application/json; }}
    }}
}}
"""


def main():
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not os.path.exists(f"/usr/sbin/{tool}"):
            raise SystemExit(f"{tool} is missing: run scripts/install-deps.sh --bench")
    work = tempfile.mkdtemp(prefix="shiftsync-bench-")
    os.makedirs(os.path.join(work, "www"))
    os.makedirs(os.path.join(work, "tmp"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen([BINARY, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir",
                               os.path.join(work, "data"), "--log-level", "warn"], stdout=log, stderr=log)
    nginx = None
    try:
        wait_until(lambda: requests.get(f"{base}/healthz", timeout=1).ok, "shiftsync")
        token, user_ids = seed(base)
        path = f"/api/v1/schedule?week={WEEK}"
        body = requests.get(base + path, headers={"Authorization": f"Bearer {token}"}).content
        with open(os.path.join(work, "www", "schedule.json"), "wb") as f:
            f.write(body)

        nginx_port = free_port()
        conf = os.path.join(work, "nginx.conf")
        with open(conf, "w") as f:
            f.write(nginx_config(work, nginx_port))
        nginx = subprocess.Popen(["nginx", "-c", conf, "-p", work], stdout=log, stderr=log)
        wait_until(lambda: requests.get(f"http://127.0.0.1:{nginx_port}/schedule.json", timeout=1).ok, "nginx")

        script_dir = os.path.dirname(os.path.abspath(__file__))
        ref = wrk(f"http://127.0.0.1:{nginx_port}", os.path.join(script_dir, "get.lua"),
                  {"BENCH_PATH": "/schedule.json", "BENCH_TOKEN": ""})
        # The floor: a route with no database, no authentication and a tiny body, through the
        # same parser, worker hand-off and writer as every other request.
        floor = wrk(base, os.path.join(script_dir, "get.lua"), {"BENCH_PATH": "/healthz", "BENCH_TOKEN": ""})
        get = wrk(base, os.path.join(script_dir, "get.lua"), {"BENCH_PATH": path, "BENCH_TOKEN": token})
        post = wrk(base, os.path.join(script_dir, "post_shifts.lua"), {
            "BENCH_TOKEN": token, "BENCH_USER_IDS": ",".join(map(str, user_ids)),
            "BENCH_BASE_EPOCH": str(int(datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc).timestamp()))})
        rss = peak_rss_mib(server.pid)
    finally:
        if nginx:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=30)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()

    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
    print(f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores"
          f" ({cpu}); wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}; schedule JSON {len(body)} bytes,"
          f" {EMPLOYEES} employees x 5 shifts.\n")
    print("| what | requests/s | p50 ms | p99 ms | errors / non-2xx |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, r in (("nginx, static file of the same JSON (reference)", ref),
                    ("shiftsync `GET /healthz` (no database, no auth: the floor)", floor),
                    ("shiftsync `GET /api/v1/schedule`", get), ("shiftsync `POST /api/v1/shifts`", post)):
        print(f"| {name} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} / {r['non2xx']} |")
    print(f"\nGET schedule / nginx: {get['rps'] / ref['rps'] * 100:.0f}% of the reference rate"
          f" (GET /healthz / nginx: {floor['rps'] / ref['rps'] * 100:.0f}%)."
          f" Peak RSS of shiftsync (VmHWM): {rss:.1f} MiB.")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
