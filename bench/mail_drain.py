#!/usr/bin/python3
"""Benchmark: how fast `shiftsync worker` drains the email outbox (issue 3).

Run by hand (`make bench-mail`), never in the test suite. Seeds one organisation of 20 members
(owner + 19 employees) on a `serve --mail-worker false`, queues N = 100 x 20 = 2000
announcements (POST /api/v1/mail to all), stops serve, then times a lone `shiftsync worker`
draining the outbox into two sinks, each from its own copy of the same data dir. The drain
covers everything pending, so N also counts the 39 invitation and welcome emails the seeding
queued (N = 2039); the worker claims the oldest first.

Sinks:

  (a) the .eml drop (no --smtp-url: DATA_DIR/mail/<id>.eml, fsync of file and directory);
  (b) aiosmtpd on loopback (src/infra/mail/testdata/smtp_server.py), one SMTP connection per
      message.

Timing starts when the worker is started and stops when the sink holds N files (polled).
References measured in the same run, on the same disk and the same server:
  (a) plain Python writing N files of the same average size, fsync each (the floor of durable
      file writes here), and the worker's own pattern (temp file, fsync, rename, fsync dir);
  (b) aiosmtpd's intake measured with smtplib sending the same N messages, one connection each;
  and, for the database share of the worker's time, Python's sqlite3 committing N one-row
  UPDATEs in WAL mode with synchronous=FULL (what each MarkSent costs at least).
Prints a Markdown table for docs/PERFORMANCE.md.
"""
import datetime
import os
import shutil
import signal
import smtplib
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import free_port, wait_until  # noqa: E402  (shared with the HTTP benchmark)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("SHIFTSYNC_BINARY", os.path.join(ROOT, "build", "shiftsync"))
SMTP_SERVER = os.path.join(ROOT, "src", "infra", "mail", "testdata", "smtp_server.py")
PYTHON = "/usr/bin/python3"
MEMBERS = 20          # including the owner
POSTS = 100
ANNOUNCEMENTS = MEMBERS * POSTS  # 2000; the seeding's invitation and welcome emails come on top
PASSWORD = "bench-password-not-common-42"
SENDER = "shiftsync@localhost"
DRAIN_TIMEOUT = 600.0
MAX_LOAD = 1.5
LOAD_WAIT = float(os.environ.get("BENCH_LOAD_WAIT", "180"))  # seconds to wait for a quiet machine


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def count_eml(directory):
    try:
        return sum(1 for e in os.scandir(directory) if e.name.endswith(".eml") and not e.name.startswith("."))
    except FileNotFoundError:
        return 0


def stop(process, sig=signal.SIGTERM, timeout=60):
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def seed_and_queue(work, data):
    """Organisation of MEMBERS, then POSTS announcements to all; returns the message count."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen([BINARY, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", data,
                               "--mail-worker", "false", "--log-level", "warn"], stdout=log, stderr=log)
    try:
        wait_until(lambda: requests.get(f"{base}/healthz", timeout=1).ok, "shiftsync serve")
        api = requests.Session()
        r = api.post(f"{base}/api/v1/auth/register", json={
            "name": "Bench Owner", "email": "owner@bench.example", "password": PASSWORD,
            "organization": {"name": "Bench Bistro", "time_zone": "Europe/Berlin"}})
        r.raise_for_status()
        auth = {"Authorization": f"Bearer {r.json()['token']}"}
        for i in range(MEMBERS - 1):
            email = f"employee{i}@bench.example"
            inv = api.post(f"{base}/api/v1/invitations", headers=auth,
                           json={"email": email, "role": "employee", "position": "Barista"})
            inv.raise_for_status()
            api.post(f"{base}/api/v1/auth/register", json={
                "name": f"Employee {i:02}", "email": email, "password": PASSWORD,
                "invitation": inv.json()["token"]}).raise_for_status()
        queued = 0
        for i in range(POSTS):
            r = api.post(f"{base}/api/v1/mail", headers=auth, json={
                "to": "all", "subject": f"Announcement {i}",
                "message": f"Announcement number {i}: the team meeting moves to Thursday at 15:00. "
                           "Please check the schedule for your shifts next week and swap if needed."})
            if r.status_code != 202:
                raise SystemExit(f"POST /mail answered {r.status_code}: {r.text}")
            queued += len(r.json()["message_ids"])
        return queued
    finally:
        stop(server)
        log.close()


def time_worker(work, data, sink_dir, extra_args, n):
    """Starts `shiftsync worker`, returns seconds until sink_dir holds n .eml files."""
    log = open(os.path.join(work, f"worker-{os.path.basename(data)}.log"), "w")
    start = time.monotonic()
    worker = subprocess.Popen([BINARY, "worker", "--data-dir", data, "--log-level", "warn", *extra_args],
                              stdout=log, stderr=log)
    try:
        deadline = start + DRAIN_TIMEOUT
        while count_eml(sink_dir) < n:
            if time.monotonic() > deadline:
                raise SystemExit(f"worker drained only {count_eml(sink_dir)} of {n} in {DRAIN_TIMEOUT:.0f} s")
            if worker.poll() is not None:
                raise SystemExit(f"worker exited with {worker.returncode}; see {log.name}")
            time.sleep(0.01)
        return time.monotonic() - start
    finally:
        stop(worker)
        log.close()


def wait_for_quiet_machine():
    deadline = time.monotonic() + LOAD_WAIT
    while os.getloadavg()[0] > MAX_LOAD and time.monotonic() < deadline:
        time.sleep(5)


def outbox_statuses(data):
    db = sqlite3.connect(os.path.join(data, next(f for f in os.listdir(data) if f.endswith((".db", ".sqlite", ".sqlite3")))))
    try:
        return dict(db.execute("SELECT status, COUNT(*) FROM outbox_messages GROUP BY status").fetchall())
    finally:
        db.close()


def write_files_fsync(directory, n, size, pattern):
    """n files of `size` bytes; 'plain': write + fsync; 'worker': temp, fsync, rename, fsync dir."""
    os.makedirs(directory)
    payload = b"x" * size
    dir_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    start = time.monotonic()
    try:
        for i in range(n):
            final = os.path.join(directory, f"{i}.eml")
            path = os.path.join(directory, f".{i}.tmp") if pattern == "worker" else final
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, payload)
            os.fsync(fd)
            os.close(fd)
            if pattern == "worker":
                os.rename(path, final)
                os.fsync(dir_fd)
        return time.monotonic() - start
    finally:
        os.close(dir_fd)


def sqlite_commits(path, n):
    """n single-row UPDATE transactions, WAL + synchronous=FULL: the floor of one MarkSent each."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT, sent_at INTEGER)")
        db.execute("BEGIN")
        db.executemany("INSERT INTO t VALUES (?, 'pending', NULL)", ((i,) for i in range(1, n + 1)))
        db.execute("COMMIT")
        start = time.monotonic()
        for i in range(1, n + 1):
            db.execute("BEGIN IMMEDIATE")
            db.execute("UPDATE t SET status = 'sent', sent_at = ? WHERE id = ? AND status = 'pending'", (i, i))
            db.execute("COMMIT")
        return time.monotonic() - start
    finally:
        db.close()


def smtplib_send(port, messages):
    """One connection per message, as the worker does; returns seconds."""
    start = time.monotonic()
    for rcpt, body in messages:
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            smtp.sendmail(SENDER, [rcpt], body)
    return time.monotonic() - start


def recipient_of(eml):
    for line in eml.split(b"\r\n\r\n", 1)[0].splitlines():
        if line.lower().startswith(b"to:"):
            value = line[3:].strip().decode()
            return value[value.find("<") + 1:value.rfind(">")] if "<" in value else value
    raise SystemExit("an .eml without To:")


def main():
    if not os.access(BINARY, os.X_OK):
        raise SystemExit(f"{BINARY} is missing: ninja -C build shiftsync")
    work = tempfile.mkdtemp(prefix="shiftsync-bench-mail-")
    smtp = None
    try:
        seed_data = os.path.join(work, "seed")
        queued = seed_and_queue(work, seed_data)
        if queued != ANNOUNCEMENTS:
            raise SystemExit(f"queued {queued} announcements, expected {ANNOUNCEMENTS}")
        # Everything pending is drained and timed: the announcements plus the seeding's emails.
        pending = outbox_statuses(seed_data)
        n = pending.get("pending", 0)
        if set(pending) != {"pending"} or n < ANNOUNCEMENTS:
            raise SystemExit(f"unexpected outbox before the drain: {pending}")
        wait_for_quiet_machine()
        load_before = os.getloadavg()
        data_a, data_b = os.path.join(work, "eml"), os.path.join(work, "smtp")
        shutil.copytree(seed_data, data_a)
        shutil.copytree(seed_data, data_b)

        # (a) .eml drop.
        drop = os.path.join(data_a, "mail")
        t_a = time_worker(work, data_a, drop, [], n)
        emls = sorted(os.path.join(drop, f) for f in os.listdir(drop) if f.endswith(".eml") and not f.startswith("."))
        sizes = [os.path.getsize(p) for p in emls]
        avg_size = round(sum(sizes) / len(sizes))
        messages = []
        for p in emls:
            with open(p, "rb") as f:
                body = f.read()
            messages.append((recipient_of(body), body))
        status_a = outbox_statuses(data_a)

        # (b) aiosmtpd on loopback.
        smtp_port = free_port()
        inbox = os.path.join(work, "inbox")
        smtp_log = open(os.path.join(work, "smtp.log"), "w")
        smtp = subprocess.Popen([PYTHON, SMTP_SERVER, "--port", str(smtp_port), "--dir", inbox],
                                stdout=smtp_log, stderr=smtp_log)
        wait_until(lambda: port_open(smtp_port), "aiosmtpd")
        t_b = time_worker(work, data_b, inbox, ["--smtp-url", f"smtp://127.0.0.1:{smtp_port}"], n)
        status_b = outbox_statuses(data_b)

        # References, same run, same disk, same server.
        t_plain = write_files_fsync(os.path.join(work, "ref-plain"), n, avg_size, "plain")
        t_pattern = write_files_fsync(os.path.join(work, "ref-pattern"), n, avg_size, "worker")
        t_sqlite = sqlite_commits(os.path.join(work, "ref.sqlite"), n)
        stop(smtp)
        smtp_log.close()
        inbox_ref = os.path.join(work, "inbox-ref")
        smtp = subprocess.Popen([PYTHON, SMTP_SERVER, "--port", str(smtp_port), "--dir", inbox_ref],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: port_open(smtp_port), "aiosmtpd (reference)")
        t_smtplib = smtplib_send(smtp_port, messages)
        wait_until(lambda: count_eml(inbox_ref) >= n, "aiosmtpd to store the reference messages")
    finally:
        stop(smtp)
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()

    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
    fs = subprocess.run(["df", "-T", tempfile.gettempdir()], capture_output=True, text=True).stdout.splitlines()[-1].split()[1]
    print(f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({cpu});"
          f" temp dir on {fs}; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after;"
          f" N = {n} messages ({ANNOUNCEMENTS} announcements: {MEMBERS} members x {POSTS} POST /mail to all;"
          f" plus {n - ANNOUNCEMENTS} invitation and welcome emails from the seeding), average .eml {avg_size} bytes.\n")
    print("| what | seconds | messages/s |")
    print("| --- | ---: | ---: |")
    rows = [("(a) `shiftsync worker` → .eml drop", t_a),
            ("(a) reference: Python, N files of the same size, write + fsync each", t_plain),
            ("(a) reference: Python, the worker's pattern (temp, fsync, rename, fsync dir)", t_pattern),
            ("(b) `shiftsync worker` → aiosmtpd on loopback", t_b),
            ("(b) reference: Python smtplib → the same aiosmtpd, one connection per message", t_smtplib),
            ("database share: Python sqlite3, N one-row UPDATE commits (WAL, synchronous=FULL)", t_sqlite)]
    for name, t in rows:
        print(f"| {name} | {t:.2f} | {n / t:.0f} |")
    print(f"\nworker / reference: (a) {t_plain / t_a * 100:.0f}% of plain write+fsync,"
          f" {t_pattern / t_a * 100:.0f}% of the same file pattern; (b) {t_smtplib / t_b * 100:.0f}% of smtplib."
          f" Outbox after the drain: (a) {status_a}, (b) {status_b}.")
    per = lambda t: t / n * 1000  # noqa: E731
    print(f"Per message: (a) worker {per(t_a):.2f} ms vs file pattern {per(t_pattern):.2f} + one commit"
          f" {per(t_sqlite):.2f} = {per(t_pattern) + per(t_sqlite):.2f} ms;"
          f" (b) worker {per(t_b):.2f} ms vs smtplib {per(t_smtplib):.2f} + one commit {per(t_sqlite):.2f}"
          f" = {per(t_smtplib) + per(t_sqlite):.2f} ms.")


if __name__ == "__main__":
    sys.exit(main())
