"""Health, readiness, the OpenAPI document, request ids, routing errors and request logs."""
from __future__ import annotations

import json
import re
import socket
import uuid

import pytest
import requests

from support import API, REPO, assert_problem, describe, expect, register_owner, wait_until

ROUTE_RE = re.compile(r"`(GET|POST|PUT|PATCH|DELETE) (/[^`\s?]*)")


def documented_routes() -> list[tuple[str, str]]:
    """(method, path) for every route docs/API.md lists."""
    text = (REPO / "docs" / "API.md").read_text()
    routes = []
    for method, path in ROUTE_RE.findall(text):
        if path.startswith(API + "/") or path in ("/healthz", "/readyz"):
            if (method, path) not in routes:
                routes.append((method, path))
    return routes


ROUTES = documented_routes()


def test_api_md_lists_the_routes_we_expect():
    # Guards the parser above: if it found nothing, the OpenAPI test would prove nothing.
    paths = {p for _, p in ROUTES}
    assert len(ROUTES) >= 25, ROUTES
    for p in ("/healthz", "/readyz", API + "/auth/register", API + "/shifts/{id}", API + "/patterns/{id}",
              API + "/schedule", API + "/invitations/{id}", API + "/users/{id}", API + "/me"):
        assert p in paths, p


def test_healthz(server):
    r = requests.get(server.url("/healthz"), timeout=5)
    assert r.status_code == 200, describe(r)
    assert r.headers["Content-Type"].startswith("application/json"), describe(r)
    assert r.json() == {"status": "ok"}


def test_readyz(server):
    r = requests.get(server.url("/readyz"), timeout=5)
    assert r.status_code == 200, describe(r)
    assert r.json() == {"status": "ready"}


def test_api_answers_are_never_sniffed(server, org):
    # JSON bodies, successes and problems alike, must not be taken for HTML or script by a browser.
    answers = [requests.get(server.url(path), timeout=5)
               for path in ("/healthz", API + "/openapi.json", API + "/me", API + "/no-such-route")]
    answers.append(org.owner.client.get("/me"))
    answers.append(org.owner.client.post("/shifts", {}))
    for r in answers:
        assert r.headers.get("X-Content-Type-Options") == "nosniff", describe(r)
        assert len(r.headers.get("X-Content-Type-Options").split(",")) == 1, describe(r)


def _normalise(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def test_openapi_document_lists_every_documented_route(server):
    r = requests.get(server.url(API + "/openapi.json"), timeout=5)
    assert r.status_code == 200, describe(r)
    assert r.headers["Content-Type"].startswith("application/json"), describe(r)
    doc = r.json()
    assert doc.get("openapi") == "3.1.0"
    assert isinstance(doc.get("info"), dict) and doc["info"].get("title")
    assert isinstance(doc.get("paths"), dict) and doc["paths"]
    server_prefixes = [""]
    for s in doc.get("servers", []) or []:
        url = s.get("url", "")
        if url.endswith(API):
            server_prefixes.append(API)
    present = {}
    for key, item in doc["paths"].items():
        for prefix in server_prefixes:
            present.setdefault(_normalise(prefix + key), set()).update(k.upper() for k in item)
    missing = [(m, p) for m, p in ROUTES if m not in present.get(_normalise(p), set())]
    assert not missing, f"routes in docs/API.md missing from openapi.json: {missing}"


def test_openapi_is_the_committed_document(server):
    committed = REPO / "docs" / "openapi.json"
    if not committed.exists():
        pytest.skip("docs/openapi.json is not committed yet")
    served = requests.get(server.url(API + "/openapi.json"), timeout=5).json()
    assert served == json.loads(committed.read_text())


def test_request_id_is_echoed(server):
    rid = "e2e-" + uuid.uuid4().hex
    r = requests.get(server.url("/healthz"), headers={"X-Request-Id": rid}, timeout=5)
    assert r.headers.get("X-Request-Id") == rid, r.headers
    # also on an error answer
    r = requests.get(server.url(API + "/me"), headers={"X-Request-Id": rid}, timeout=5)
    assert r.status_code == 401, describe(r)
    assert r.headers.get("X-Request-Id") == rid, r.headers
    # and one is generated when none is sent
    r = requests.get(server.url("/healthz"), timeout=5)
    assert r.headers.get("X-Request-Id"), r.headers


def test_unknown_route_is_404_problem(server, org):
    c = org.owner.client
    assert_problem(c.get("/no-such-route"), 404, "not-found")
    assert_problem(c.get("/api/v2/shifts", raw_path=True), 404, "not-found")
    # (paths outside /api may be the web app's, so they are not checked here)
    assert_problem(c.get("/shifts/1/extra"), 404, "not-found")


@pytest.mark.parametrize("method,path", [
    ("DELETE", API + "/organization"),
    ("PUT", API + "/shifts"),
    ("POST", API + "/schedule"),
    ("PUT", API + "/me"),
    ("POST", "/healthz"),
    ("POST", API + "/users/1"),
])
def test_wrong_method_is_405_problem(server, org, method, path):
    r = org.owner.client.request(method, path, raw_path=True, json_body={})
    assert_problem(r, 405, "method-not-allowed")


PUBLIC = {("POST", API + "/auth/register"), ("POST", API + "/auth/login"), ("GET", API + "/openapi.json"),
          ("POST", API + "/auth/logout"), ("GET", "/healthz"), ("GET", "/readyz"),
          ("GET", API + "/invitations/lookup")}  # the token in the query is the credential


@pytest.mark.parametrize("method,path", [r for r in ROUTES if r not in PUBLIC])
@pytest.mark.parametrize("token", [None, "not-a-token", "a.b.c"])
def test_protected_routes_need_a_session(server, method, path, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    kw = {}
    if method in ("POST", "PUT", "PATCH", "DELETE"):
        kw["json"] = {}
    r = requests.request(method, server.url(path.replace("{id}", "1")), headers=headers, timeout=5, **kw)
    assert_problem(r, 401, "unauthenticated")


def test_oversized_headers_get_431(server):
    r = requests.get(server.url("/healthz"), headers={"X-Padding": "a" * (32 * 1024)}, timeout=10)
    assert_problem(r, 431, "header-too-large")


def test_garbage_request_line_gets_400(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(b"THIS IS NOT HTTP\r\n\r\n")
        data = b""
        try:
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            pass
    assert data.startswith(b"HTTP/1.1 400"), data[:200]


def test_server_still_healthy_after_bad_requests(server):
    assert requests.get(server.url("/healthz"), timeout=5).status_code == 200


def _log_line_with(server, marker: str) -> dict | None:
    """The JSON object of the log line mentioning `marker` (a timestamp/level prefix is allowed)."""
    for line in server.log_text().splitlines():
        if marker in line and "{" in line:
            try:
                obj = json.loads(line[line.index("{"):])
            except ValueError:
                continue
            if isinstance(obj, dict):
                return obj
    return None


def test_each_request_is_logged_once_with_its_id(server):
    # docs/ARCHITECTURE.md: one log line per request: method, path (never the query string),
    # status, duration, request id, client address.
    rid = "e2e-log-" + uuid.uuid4().hex
    secret = "qs-" + uuid.uuid4().hex
    requests.get(server.url("/healthz") + "?token=" + secret, headers={"X-Request-Id": rid}, timeout=5)
    line = wait_until(lambda: _log_line_with(server, rid), 5, what="the request's log line")
    assert rid in line.values(), line
    assert line.get("method") == "GET" and line.get("path") == "/healthz" and line.get("status") == 200, line
    assert "127.0.0.1" in json.dumps(line), line
    lines = [l for l in server.log_text().splitlines() if rid in l]
    assert len(lines) == 1, lines
    assert secret not in server.log_text(), "the query string reached the log"


def test_passwords_never_reach_the_log(server):
    password = "e2e-secret-" + uuid.uuid4().hex
    owner = register_owner(server, password=password)
    rid = "e2e-login-" + uuid.uuid4().hex
    r = server.client().post("/auth/login", {"email": owner.email, "password": password},
                             headers={"X-Request-Id": rid})
    expect(r, 200)
    wait_until(lambda: _log_line_with(server, rid), 5, what="the login's log line")
    assert password not in server.log_text()
