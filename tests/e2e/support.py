"""Helpers for the end-to-end suite: a real shiftsync process and a small HTTP client.

Everything here follows docs/API.md. Tests import it with `from support import ...`.
"""
from __future__ import annotations

import http.cookiejar
import itertools
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import requests

REPO = Path(__file__).resolve().parents[2]
API = "/api/v1"
PROBLEM = "https://shiftsync.dev/problems/"
PROBLEM_CT = "application/problem+json"

# Every instant a test stores lies inside this window (at most 366 days, as GET /shifts wants).
WINDOW = {"from": "2026-12-01T00:00:00Z", "to": "2027-12-01T00:00:00Z"}

_counter = itertools.count(1)
_counter_lock = threading.Lock()


def unique(prefix: str = "x") -> str:
    with _counter_lock:
        n = next(_counter)
    return f"{prefix}{n}-{uuid.uuid4().hex[:8]}"


def new_email(prefix: str = "user") -> str:
    return f"{unique(prefix)}@example.com"


def new_password() -> str:
    # 20 characters, random: never on a common-password list.
    return "e2e-" + uuid.uuid4().hex[:16]


def binary_path() -> Path:
    configured = os.environ.get("SHIFTSYNC_BINARY")
    return Path(configured) if configured else REPO / "build" / "shiftsync"


_ROUTES: list[dict] | None = None


def server_routes() -> list[dict]:
    """The server's own route table, from `shiftsync routes --json` (which opens no database): one
    {method, pattern, access, pool, body, max_body_bytes, personal} per route, access being "public",
    "employee", "manager" or "owner"."""
    global _ROUTES
    if _ROUTES is None:
        out = subprocess.run([str(binary_path()), "routes", "--json"], check=True, capture_output=True, text=True,
                             timeout=60)
        _ROUTES = json.loads(out.stdout)
    return _ROUTES


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def describe(resp: requests.Response) -> str:
    req = resp.request
    body = resp.text
    if len(body) > 800:
        body = body[:800] + "..."
    return (f"{req.method} {req.url} -> {resp.status_code} "
            f"[{resp.headers.get('Content-Type')}] {body}")


def wait_until(predicate, timeout: float, interval: float = 0.02, what: str = "condition"):
    """Polls predicate() until it returns a truthy value; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


# --------------------------------------------------------------------------- the database

from e2e_database import (E2E_DATABASE, _names_database, database_options, query_database,  # noqa: E402,F401
                          use_postgres)


# --------------------------------------------------------------------------- server process


def stop_helper(proc: subprocess.Popen | None, timeout: float = 10.0) -> None:
    """SIGTERMs a helper process the tests started (an SMTP server, a stand-in) and waits for it,
    killing it if it lingers. A helper's exit code is not under test."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class ServerStartError(AssertionError):
    pass


class Server:
    """One shiftsync process on a loopback port with its own data directory."""

    def __init__(self, data_dir: Path, log_path: Path, args: Iterable[str] = (), env: dict | None = None,
                 port: int | None = None):
        self.binary = binary_path()
        # A fixed port survives restarts (a load balancer in front lists it); None: a free one each start.
        self.fixed_port = port
        self.data_dir = Path(data_dir)
        self.log_path = Path(log_path)
        self.args = list(args)
        self.env = dict(env or {})
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.exit_code: int | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return self.base

    def url(self, path: str) -> str:
        return self.base + path

    def _command(self, port: int) -> list[str]:
        cmd = [str(self.binary), "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", str(self.data_dir)]
        if "--public-url" not in self.args:
            cmd += ["--public-url", f"http://127.0.0.1:{port}"]
        if not _names_database(self.args):
            cmd += database_options(self.data_dir)[0]
        return cmd + self.args

    def _environment(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SHIFTSYNC_")}
        if not _names_database(self.args):
            env.update(database_options(self.data_dir)[1])
        env.update(self.env)
        return env

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_text()[-chars:]

    def start(self, timeout: float = 20.0) -> "Server":
        if not self.binary.exists():
            raise ServerStartError(f"no shiftsync binary at {self.binary} (set SHIFTSYNC_BINARY)")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        last_error = ""
        for _attempt in range(3):
            port = self.fixed_port or free_port()
            with open(self.log_path, "ab") as log:
                log.write(f"\n==== start {' '.join(self._command(port))}\n".encode())
                log.flush()
                proc = subprocess.Popen(self._command(port), stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, env=self._environment())
            self.proc, self.port, self.exit_code = proc, port, None
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    break
                try:
                    r = requests.get(self.url("/healthz"), timeout=0.5)
                    if r.status_code == 200:
                        return self
                except requests.RequestException:
                    pass
                time.sleep(0.02)
            if proc.poll() is None:
                proc.kill()
                proc.wait()
                raise ServerStartError(f"/healthz not 200 within {timeout}s; log:\n{self.log_tail()}")
            last_error = f"exited with {proc.returncode}; log:\n{self.log_tail()}"
            if "in use" not in self.log_tail(2000).lower():
                break  # not a port clash: retrying will not help
        raise ServerStartError(f"shiftsync did not start: {last_error}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> int:
        """Sends `sig` and waits for the exit; returns the exit code (kills on timeout and fails)."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError(f"shiftsync did not exit within {timeout}s of signal {sig}; "
                                     f"log:\n{self.log_tail()}")
        self.exit_code = self.proc.returncode
        return self.exit_code

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def client(self, token: str | None = None) -> "Client":
        return Client(self, token)


def run_expecting_failure(data_dir: Path, args: list[str], env: dict | None = None,
                          timeout: float = 20.0) -> tuple[int, str]:
    """Runs `shiftsync serve` that is expected to refuse to start; returns (exit code, output)."""
    port = free_port()
    database_args, database_env = database_options(data_dir)
    cmd = [str(binary_path()), "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", str(data_dir)]
    cmd += database_args + args
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SHIFTSYNC_")}
    full_env.update(database_env)
    full_env.update(env or {})
    try:
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              env=full_env, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"shiftsync kept running for {timeout}s although it should refuse to start: "
                             f"{(e.output or b'').decode(errors='replace')[-2000:]}")
    return done.returncode, done.stdout.decode(errors="replace")


# --------------------------------------------------------------------------- HTTP client

_NOTHING = object()


class Client:
    """requests with the base URL, the bearer token and no cookie jar (cookies are explicit)."""

    def __init__(self, server: Server, token: str | None = None):
        self.server = server
        self.token = token
        self.http = requests.Session()
        self.http.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))

    def request(self, method: str, path: str, *, json_body: Any = _NOTHING, data: Any = None,
                headers: dict | None = None, params: Any = None, token: Any = _NOTHING,
                raw_path: bool = False, timeout: float = 30.0) -> requests.Response:
        h: dict[str, str] = {}
        bearer = self.token if token is _NOTHING else token
        if bearer:
            h["Authorization"] = f"Bearer {bearer}"
        if json_body is not _NOTHING:
            data = json.dumps(json_body, ensure_ascii=False).encode()
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        url = self.server.url(path if raw_path else API + path)
        if isinstance(params, dict):
            # ':' may stay unencoded in a query (RFC 3986); percent-decoding of queries has a test
            # of its own (test_shifts.py), so a decoding bug does not hide everything else.
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params, safe=":",
                                                                        quote_via=urllib.parse.quote)
            params = None
        return self.http.request(method, url, data=data, headers=h, params=params, timeout=timeout,
                                 allow_redirects=False)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=_NOTHING, **kw):
        return self.request("POST", path, json_body=body, **kw)

    def put(self, path, body=_NOTHING, **kw):
        return self.request("PUT", path, json_body=body, **kw)

    def patch(self, path, body=_NOTHING, **kw):
        return self.request("PATCH", path, json_body=body, **kw)

    def delete(self, path, body=_NOTHING, **kw):
        return self.request("DELETE", path, json_body=body, **kw)

    # Reads that must succeed.
    def ok(self, path: str, params: Any = None) -> Any:
        r = self.get(path, params=params)
        assert r.status_code == 200, describe(r)
        return r.json()


def expect(resp: requests.Response, status: int | Iterable[int]) -> Any:
    statuses = {status} if isinstance(status, int) else set(status)
    assert resp.status_code in statuses, f"expected {sorted(statuses)}: {describe(resp)}"
    if resp.status_code == 204:
        assert resp.content == b"", describe(resp)
        return None
    if resp.content:
        return resp.json()
    return None


def _field_matches(actual: Any, expected: str) -> bool:
    if not isinstance(actual, str):
        return False
    return (actual == expected or actual.endswith("." + expected) or actual.startswith(expected + ".")
            or ("." + expected + ".") in actual or actual.endswith("[" + expected + "]"))


def assert_problem(resp: requests.Response, status: int | Iterable[int], slug: str | Iterable[str] | None = None,
                   field: str | Iterable[str] | None = None) -> dict:
    """A problem answer: the status, problem+json, the documented members, the type URL."""
    statuses = {status} if isinstance(status, int) else set(status)
    assert resp.status_code in statuses, f"expected {sorted(statuses)}: {describe(resp)}"
    content_type = resp.headers.get("Content-Type", "")
    assert content_type.split(";")[0].strip().lower() == PROBLEM_CT, describe(resp)
    body = resp.json()
    assert isinstance(body, dict), describe(resp)
    assert body.get("status") == resp.status_code, describe(resp)
    assert isinstance(body.get("title"), str) and body["title"], describe(resp)
    assert isinstance(body.get("type"), str) and body["type"].startswith(PROBLEM), describe(resp)
    if slug is not None:
        slugs = {slug} if isinstance(slug, str) else set(slug)
        assert body["type"] in {PROBLEM + s for s in slugs}, f"expected type {sorted(slugs)}: {describe(resp)}"
    if field is not None:
        fields = [field] if isinstance(field, str) else list(field)
        assert any(_field_matches(body.get("field"), f) for f in fields), \
            f"expected field {fields}: {describe(resp)}"
    return body


# --------------------------------------------------------------------------- people and organisations


@dataclass
class Actor:
    server: Server
    email: str
    password: str
    token: str
    user: dict
    organization: dict
    client: Client = field(init=False)

    def __post_init__(self):
        self.client = Client(self.server, self.token)

    @property
    def id(self) -> int:
        return self.user["id"]

    @property
    def role(self) -> str:
        return self.user["role"]

    def use_token(self, token: str) -> None:
        self.token = token
        self.client.token = token


def _actor_from(server: Server, resp: requests.Response, email: str, password: str, status: int) -> Actor:
    body = expect(resp, status)
    for key in ("token", "user", "organization"):
        assert key in body, describe(resp)
    return Actor(server, email, password, body["token"], body["user"], body["organization"])


def register_owner(server: Server, org_name: str | None = None, tz: str = "Europe/Berlin",
                   week_start: str | None = None, name: str | None = None, email: str | None = None,
                   password: str | None = None, position: str | None = None) -> Actor:
    email = email or new_email("owner")
    password = password or new_password()
    org = {"name": org_name or unique("Org "), "time_zone": tz}
    if week_start:
        org["week_start"] = week_start
    body = {"name": name or unique("Owner "), "email": email, "password": password, "organization": org}
    if position is not None:
        body["position"] = position
    return _actor_from(server, server.client().post("/auth/register", body), email, password, 201)


def invite(actor: Actor, email: str, role: str, position: str | None = None) -> dict:
    body = {"email": email, "role": role}
    if position is not None:
        body["position"] = position
    inv = expect(actor.client.post("/invitations", body), 201)
    assert isinstance(inv.get("token"), str) and inv["token"], inv
    return inv


def register_invited(server: Server, token: str, email: str, name: str | None = None,
                     password: str | None = None, position: str | None = None) -> Actor:
    password = password or new_password()
    body = {"name": name or unique("Person "), "email": email, "password": password, "invitation": token}
    if position is not None:
        body["position"] = position
    return _actor_from(server, server.client().post("/auth/register", body), email, password, 201)


def add_member(inviter: Actor, role: str, name: str | None = None, position: str | None = None) -> Actor:
    email = new_email(role)
    inv = invite(inviter, email, role, position)
    return register_invited(inviter.server, inv["token"], email, name=name)


def login(server: Server, email: str, password: str) -> Actor:
    resp = server.client().post("/auth/login", {"email": email, "password": password})
    return _actor_from(server, resp, email, password, 200)


@dataclass
class Org:
    owner: Actor
    manager: Actor
    employee: Actor

    def by_role(self, role: str) -> Actor:
        return {"owner": self.owner, "manager": self.manager, "employee": self.employee}[role]


def make_org(server: Server, tz: str = "Europe/Berlin", week_start: str | None = None) -> Org:
    owner = register_owner(server, tz=tz, week_start=week_start)
    manager = add_member(owner, "manager", position="Shift lead")
    employee = add_member(owner, "employee", position="Barista")
    return Org(owner, manager, employee)


# --------------------------------------------------------------------------- data helpers


def make_shift(actor: Actor, user_id: int | None, start: str, end: str, **extra) -> dict:
    body = {"user_id": user_id, "start": start, "end": end, **extra}
    return expect(actor.client.post("/shifts", body), 201)


def list_shifts(actor: Actor, user_id: int | None = None, window: dict | None = None) -> list[dict]:
    params = dict(window or WINDOW)
    if user_id is not None:
        params["user_id"] = user_id
    body = actor.client.ok("/shifts", params=params)
    assert isinstance(body.get("shifts"), list), body
    return body["shifts"]


def all_days(start: str, end: str) -> dict:
    names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    return {d: {"start": start, "end": end} for d in names}


def snapshot(actor: Actor, extra_paths: Iterable[str] = ()) -> dict:
    """Everything an organisation stores, as `actor` (a manager or owner) reads it."""
    c = actor.client
    snap = {
        "me": c.ok("/me"),
        "users": c.ok("/users", params={"include_inactive": "true"}),
        "organization": c.ok("/organization"),
        "invitations": c.ok("/invitations"),
        "shifts": c.ok("/shifts", params=WINDOW),
        "patterns": c.ok("/patterns"),
    }
    for p in extra_paths:
        snap[p] = c.ok(p)
    return snap


def expire_invitation_in_database(data_dir: Path, invitation_id: int) -> None:
    """Makes an invitation expired, as time would: expires_at = created_at (server stopped)."""
    changed = query_database(data_dir, f"UPDATE invitations SET expires_at = created_at - 1 "
                                       f"WHERE id = {int(invitation_id)} RETURNING id")
    assert changed == [(invitation_id,)], f"invitation {invitation_id} not in the database"


_days = itertools.count(0)


def fresh_day() -> str:
    """A different day of 2027 (Jan 1 .. Nov 30) on every call, so test shifts do not overlap."""
    import datetime
    with _counter_lock:
        n = next(_days) % 334
    return (datetime.date(2027, 1, 1) + datetime.timedelta(days=n)).isoformat()
