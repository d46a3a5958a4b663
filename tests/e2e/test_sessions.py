"""Login, logout, cookies, CSRF, throttling and session revocation."""
from __future__ import annotations

import datetime
import email.utils
import statistics
import time

import pytest

from support import (Client, add_member, all_days, assert_problem, describe, expect, list_shifts, login,
                     make_shift, new_email, new_password, register_owner)


def set_cookies(resp) -> list[str]:
    return resp.raw.headers.getlist("Set-Cookie")


def cookie_attributes(header: str) -> tuple[str, str, dict]:
    parts = [p.strip() for p in header.split(";")]
    name, _, value = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip()
    return name, value, attrs


def session_cookie(resp) -> tuple[str, dict]:
    found = [cookie_attributes(h) for h in set_cookies(resp)]
    found = [(v, a) for n, v, a in found if n == "shiftsync_session"]
    assert len(found) == 1, f"expected one shiftsync_session cookie: {set_cookies(resp)}"
    return found[0]


def cookie_is_cleared(value: str, attrs: dict) -> bool:
    if "max-age" in attrs:
        return attrs["max-age"].lstrip("-").isdigit() and int(attrs["max-age"]) <= 0
    if "expires" in attrs:
        return email.utils.parsedate_to_datetime(attrs["expires"]) < datetime.datetime.now(datetime.timezone.utc)
    return value == ""


def cookie_client(server, token: str) -> Client:
    c = Client(server, None)
    c.http.headers["Cookie"] = f"shiftsync_session={token}"
    return c


def comparable(problem: dict) -> dict:
    return {k: v for k, v in problem.items() if k not in ("instance", "request_id")}


# --------------------------------------------------------------------------- login and cookies


def test_login_answers_with_token_user_org_and_cookie(server):
    owner = register_owner(server)
    r = server.client().post("/auth/login", {"email": owner.email, "password": owner.password})
    body = expect(r, 200)
    assert body["user"]["id"] == owner.id and body["user"]["email"] == owner.email
    assert body["organization"]["id"] == owner.organization["id"]
    value, attrs = session_cookie(r)
    assert value == body["token"]
    assert "httponly" in attrs, attrs
    assert attrs.get("samesite", "").lower() == "lax", attrs
    assert attrs.get("path") == "/", attrs
    assert "secure" not in attrs, "Secure only with --secure-cookies"
    assert server.client(body["token"]).ok("/me")["id"] == owner.id


def test_register_sets_the_cookie_too(server):
    email, password = new_email("cookie"), new_password()
    r = server.client().post("/auth/register", {"name": "C", "email": email, "password": password,
                                                "organization": {"name": "C", "time_zone": "UTC"}})
    body = expect(r, 201)
    value, attrs = session_cookie(r)
    assert value == body["token"] and "httponly" in attrs and attrs.get("samesite", "").lower() == "lax"


def test_secure_cookies_flag(server_factory):
    srv = server_factory.start(args=["--secure-cookies", "true"])
    owner = register_owner(srv)
    r = srv.client().post("/auth/login", {"email": owner.email, "password": owner.password})
    expect(r, 200)
    _, attrs = session_cookie(r)
    assert "secure" in attrs, attrs


def test_login_is_case_insensitive_on_email(server):
    owner = register_owner(server, email=new_email("LoginCase"))
    assert login(server, owner.email.upper(), owner.password).id == owner.id


def test_invalid_credentials_look_the_same(server_factory):
    srv = server_factory.start()
    owner = register_owner(srv)
    removed = add_member(owner, "employee")
    expect(owner.client.delete(f"/users/{removed.id}"), 204)
    c = srv.client()
    answers = [
        c.post("/auth/login", {"email": owner.email, "password": "wrong-" + new_password()}),
        c.post("/auth/login", {"email": new_email("nobody"), "password": new_password()}),
        c.post("/auth/login", {"email": removed.email, "password": removed.password}),
    ]
    bodies = [comparable(assert_problem(r, 401, "invalid-credentials")) for r in answers]
    assert bodies[0] == bodies[1] == bodies[2], bodies
    for r in answers:
        assert not [h for h in set_cookies(r) if "shiftsync_session=" in h and "=;" not in h.replace(" ", "")], \
            describe(r)


def test_unknown_and_known_emails_cost_the_same_time(server_factory):
    srv = server_factory.start()
    owner = register_owner(srv)
    c = srv.client()

    def timed(email):
        t = time.perf_counter()
        r = c.post("/auth/login", {"email": email, "password": "wrong-" + new_password()})
        assert_problem(r, 401, "invalid-credentials")
        return time.perf_counter() - t

    # Interleaved, so that a burst of load from other processes on the machine falls on both kinds
    # alike; four of each stay under the account limit of five.
    known, unknown = [], []
    for _ in range(4):
        known.append(timed(owner.email))
        unknown.append(timed(new_email("ghost")))
    # Hashing dominates a known-email failure; an unknown email must pay for a hash as well.
    assert statistics.median(unknown) > 0.4 * statistics.median(known), (known, unknown)


def test_five_failures_throttle_that_email(server_factory):
    srv = server_factory.start()
    owner = register_owner(srv)
    other = add_member(owner, "employee")
    c = srv.client()
    for _ in range(5):
        assert_problem(c.post("/auth/login", {"email": owner.email, "password": "bad-" + new_password()}),
                       401, "invalid-credentials")
    r = c.post("/auth/login", {"email": owner.email, "password": "bad-" + new_password()})
    assert_problem(r, 429, "too-many-requests")
    retry = r.headers.get("Retry-After")
    assert retry is not None and retry.isdigit() and 0 < int(retry) <= 15 * 60, r.headers
    # even the right password waits out the window
    r = c.post("/auth/login", {"email": owner.email, "password": owner.password})
    assert_problem(r, 429, "too-many-requests")
    assert "token" not in r.json()
    # another email from the same address is not affected
    assert login(srv, other.email, other.password).id == other.id
    # an existing session keeps working
    assert owner.client.ok("/me")["id"] == owner.id


def test_twenty_failures_throttle_the_address(server_factory):
    srv = server_factory.start()
    owner = register_owner(srv)
    c = srv.client()
    for _ in range(20):
        r = c.post("/auth/login", {"email": new_email("spray"), "password": new_password()})
        assert_problem(r, 401, "invalid-credentials")
    r = c.post("/auth/login", {"email": owner.email, "password": owner.password})
    assert_problem(r, 429, "too-many-requests")
    assert r.headers.get("Retry-After", "").isdigit(), r.headers


# --------------------------------------------------------------------------- logout and revocation


def test_logout_revokes_only_that_token(server):
    owner = register_owner(server)
    second = login(server, owner.email, owner.password)
    r = owner.client.post("/auth/logout")
    expect(r, 204)
    value, attrs = session_cookie(r)
    assert cookie_is_cleared(value, attrs), set_cookies(r)
    assert_problem(owner.client.get("/me"), 401, "unauthenticated")
    assert_problem(owner.client.post("/auth/logout"), 401, "unauthenticated")
    assert second.client.ok("/me")["id"] == owner.id


def test_password_change_ends_every_session(server):
    owner = register_owner(server)
    other_session = login(server, owner.email, owner.password)
    new = new_password()
    r = owner.client.patch("/me", {"password": new, "current_password": owner.password})
    expect(r, (200, 204))
    assert_problem(owner.client.get("/me"), 401, "unauthenticated")
    assert_problem(other_session.client.get("/me"), 401, "unauthenticated")
    r = server.client().post("/auth/login", {"email": owner.email, "password": owner.password})
    assert_problem(r, 401, "invalid-credentials")
    assert login(server, owner.email, new).id == owner.id


def test_email_change_ends_every_session(server):
    owner = register_owner(server)
    other_session = login(server, owner.email, owner.password)
    new = new_email("moved")
    expect(owner.client.patch("/me", {"email": new, "current_password": owner.password}), (200, 204))
    assert_problem(owner.client.get("/me"), 401, "unauthenticated")
    assert_problem(other_session.client.get("/me"), 401, "unauthenticated")
    again = login(server, new, owner.password)
    assert again.client.ok("/me")["email"] == new
    r = server.client().post("/auth/login", {"email": owner.email, "password": owner.password})
    assert_problem(r, 401, "invalid-credentials")


@pytest.mark.parametrize("change", ["password", "email"])
def test_sensitive_changes_need_the_current_password(server, change):
    owner = register_owner(server)
    value = new_password() if change == "password" else new_email("nope")
    before = owner.client.ok("/me")
    r = owner.client.patch("/me", {change: value})
    assert_problem(r, 422, "invalid-input", field="current_password")
    r = owner.client.patch("/me", {change: value, "current_password": "wrong-" + new_password()})
    assert_problem(r, (401, 403, 422))
    assert owner.client.ok("/me") == before, "still signed in and unchanged"
    assert login(server, owner.email, owner.password).id == owner.id


def test_name_change_keeps_the_session(server):
    owner = register_owner(server)
    body = expect(owner.client.patch("/me", {"name": "Renamed Person", "position": "Chef"}), 200)
    assert body["name"] == "Renamed Person" and body["position"] == "Chef"
    me = owner.client.ok("/me")
    assert me["name"] == "Renamed Person" and me["position"] == "Chef"


# --------------------------------------------------------------------------- CSRF


@pytest.fixture(scope="module")
def csrf_org(server):
    owner = register_owner(server)
    manager = add_member(owner, "manager")
    employee = add_member(owner, "employee")
    return owner, manager, employee


_day = iter(range(1, 400))


def _fresh_day() -> str:
    # a distinct day in 2027 for each shift made here, so nothing overlaps
    n = next(_day)
    month, day = divmod(n - 1, 28)
    return f"2027-{month % 12 + 1:02d}-{day + 1:02d}"


def _csrf_operation(op, owner, manager, employee):
    """(method, path, body, read) where read() returns what the operation would change."""
    c = owner.client
    if op == "patch-me":
        return "PATCH", "/me", {"name": "Changed " + new_password()}, lambda: c.ok(f"/users/{manager.id}")
    if op == "post-shift":
        d = _fresh_day()
        return ("POST", "/shifts", {"user_id": employee.id, "start": f"{d}T08:00:00Z", "end": f"{d}T10:00:00Z"},
                lambda: list_shifts(owner, employee.id))
    if op in ("patch-shift", "delete-shift"):
        d = _fresh_day()
        s = make_shift(owner, employee.id, f"{d}T08:00:00Z", f"{d}T10:00:00Z")
        read = lambda: expect(c.get(f"/shifts/{s['id']}"), (200, 404))
        if op == "patch-shift":
            return "PATCH", f"/shifts/{s['id']}", {"note": "csrf"}, read
        return "DELETE", f"/shifts/{s['id']}", None, read
    if op == "put-pattern":
        d = _fresh_day()
        body = {"user_id": employee.id, "start_date": d, "end_date": d, "days": all_days("08:00", "09:00")}
        p = expect(c.post("/patterns", body), 201)
        body2 = dict(body, days=all_days("10:00", "11:00"))
        return ("PUT", f"/patterns/{p['id']}", body2,
                lambda: (c.ok(f"/patterns/{p['id']}"), list_shifts(owner, employee.id)))
    if op == "post-invitation":
        return ("POST", "/invitations", {"email": new_email("csrf"), "role": "employee"},
                lambda: c.ok("/invitations"))
    raise AssertionError(op)


OPS = ["patch-me", "post-shift", "patch-shift", "delete-shift", "put-pattern", "post-invitation"]


@pytest.mark.parametrize("op", OPS)
def test_cookie_changes_need_the_csrf_header(server, csrf_org, op):
    owner, manager, employee = csrf_org
    token = login(server, manager.email, manager.password).token
    cc = cookie_client(server, token)
    method, path, body, read = _csrf_operation(op, owner, manager, employee)
    kw = {"json_body": body} if body is not None else {}
    before = read()
    for headers in ({}, {"X-Requested-With": ""},
                    {"X-Requested-With": "shiftsync", "Origin": "http://evil.example"},
                    {"X-Requested-With": "shiftsync", "Origin": "null"}):
        r = cc.request(method, path, headers=headers, **kw)
        assert_problem(r, 403, "csrf-check-failed")
        assert read() == before, f"{headers} changed data"
    # reads need no header
    assert cc.ok("/me")["id"] == manager.id
    # with the header (and our own origin) the change goes through
    r = cc.request(method, path, headers={"X-Requested-With": "shiftsync", "Origin": server.origin}, **kw)
    expect(r, (200, 201, 204))
    assert read() != before


def test_cookie_change_without_origin_but_with_header_works(server, csrf_org):
    owner, manager, employee = csrf_org
    token = login(server, manager.email, manager.password).token
    cc = cookie_client(server, token)
    r = cc.request("PATCH", "/me", json_body={"position": "Night lead"}, headers={"X-Requested-With": "x"})
    assert expect(r, 200)["position"] == "Night lead"


def test_cookie_logout_needs_the_csrf_header(server, csrf_org):
    _, manager, _ = csrf_org
    token = login(server, manager.email, manager.password).token
    cc = cookie_client(server, token)
    assert_problem(cc.post("/auth/logout"), 403, "csrf-check-failed")
    assert cc.ok("/me")["id"] == manager.id, "the session survived"
    expect(cc.post("/auth/logout", headers={"X-Requested-With": "shiftsync"}), 204)
    assert_problem(cc.get("/me"), 401, "unauthenticated")


def test_bearer_needs_no_csrf_header_even_with_a_foreign_origin(server, csrf_org):
    _, manager, _ = csrf_org
    r = manager.client.patch("/me", {"position": "Bearer lead"}, headers={"Origin": "http://evil.example"})
    assert expect(r, 200)["position"] == "Bearer lead"


def test_bearer_wins_over_the_cookie(server, csrf_org):
    owner, manager, _ = csrf_org
    cookie_token = login(server, owner.email, owner.password).token
    c = manager.client
    c2 = Client(server, manager.token)
    c2.http.headers["Cookie"] = f"shiftsync_session={cookie_token}"
    assert c2.ok("/me")["id"] == manager.id
    # and the bearer request needs no CSRF header although a cookie came along
    r = c2.patch("/me", {"position": "Both present"})
    assert expect(r, 200)["id"] == manager.id
    assert owner.client.ok("/me")["position"] != "Both present"
    assert c.ok("/me")["position"] == "Both present"
