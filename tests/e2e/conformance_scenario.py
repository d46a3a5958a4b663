"""The long scenario behind test_openapi_conformance.py: one realistic run through every operation
in docs/openapi.json, with representative error answers, collecting what does not conform.

An owner registers a new organisation, invites a manager and an employee, they plan shifts and
weekly patterns, read the schedule, email colleagues and follow the outbox, sign out ...
(run_scenario). Scenario sends each request, checks the expected status (hard) and collects every
conformance problem (soft, so one run lists them all).
"""
from __future__ import annotations

import re
import urllib.parse
from typing import Any

import pictures
from mailbox import read_mails, wait_for_mails
from openapi_conformance import UNDECLARED, Conformance
from support import Client, assert_problem, describe, new_email, new_password, unique, wait_until

# The server runs with --max-body-bytes BODY_LIMIT; the scenario sends one body over it (413).
BODY_LIMIT = 16 * 1024
_NO_BODY = object()


class Scenario:
    """Sends requests, checks the expected status (hard), and collects every conformance problem
    (soft, so one run lists them all)."""

    def __init__(self, server, conf: Conformance):
        self.server = server
        self.conf = conf
        self.http = Client(server)
        self.problems: list[str] = []
        self.undeclared: set[str] = set()  # "METHOD /template -> status: location", deduplicated
        self.not_routed_checked: list[tuple[str, str]] = []
        self.problem_titles: dict[str, set[str]] = {}

    def call(self, method: str, path: str, status: int, *, token: str | None = None, body: Any = _NO_BODY,
             data: bytes | None = None, headers: dict | None = None, params: dict | None = None,
             slug: str | None = None, field: str | None = None, raw_path: bool = False):
        kw = {} if body is _NO_BODY else {"json_body": body}
        r = self.http.request(method, path, token=token, data=data, headers=headers, params=params,
                              raw_path=raw_path, **kw)
        if status >= 400:
            doc = assert_problem(r, status, slug, field)
            self.problem_titles.setdefault(doc["type"], set()).add(doc["title"])
        else:
            assert r.status_code == status, f"expected {status}: {describe(r)}"
        for problem in self.conf.check(r):
            if problem.endswith(UNDECLARED):
                self.undeclared.add(self._generalise(method, problem))
            else:
                self.problems.append(problem)
        if 200 <= r.status_code < 300:
            split = urllib.parse.urlsplit(r.request.url)
            target = split.path + ("?" + split.query if split.query else "")
            sent = None if body is _NO_BODY else body
            content_type = (headers or {}).get("Content-Type", "application/json")
            self.problems += self.conf.check_request(method, target, sent, content_type=content_type,
                                                     has_body=body is not _NO_BODY or data is not None)
        return r

    def _generalise(self, method: str, problem: str) -> str:
        head, _, rest = problem.partition(" -> ")
        path = head.split(" ", 1)[1]
        found = self.conf.match_path(path)
        template = found[0] if found else path
        return f"{method} {template} -> " + re.sub(r"\[\d+\]", "[*]", rest)

    def json(self, *args, **kw) -> Any:
        return self.call(*args, **kw).json()

    def not_routed(self, method: str, path: str, token: str, body: Any = _NO_BODY):
        kw = {} if body is _NO_BODY else {"json_body": body}
        r = self.http.request(method, path, token=token, raw_path=True, **kw)
        self.problems += self.conf.check_not_routed(r)
        try:
            doc = r.json()
            self.problem_titles.setdefault(doc["type"], set()).add(doc["title"])
        except (ValueError, KeyError, TypeError):
            pass  # check_not_routed has said what is wrong
        self.not_routed_checked.append((method, path))
        return r


def stranger_token(s: Scenario) -> str:
    """The owner of a fresh organisation of their own."""
    return s.json("POST", "/auth/register", 201, body={
        "name": "Far Away", "email": new_email("far"), "password": new_password(),
        "organization": {"name": unique("Far "), "time_zone": "UTC"}})["token"]


def _session_cookie(r) -> str | None:
    for h in r.raw.headers.getlist("Set-Cookie"):
        name, _, rest = h.partition("=")
        if name.strip() == "shiftsync_session":
            value = rest.split(";")[0]
            return value or None
    return None


def run_scenario(s: Scenario) -> dict:
    ids: dict[str, Any] = {}
    conf = s.conf

    # ------------------------------------------------------------ public routes
    s.call("GET", "/healthz", 200, raw_path=True)
    s.call("GET", "/readyz", 200, raw_path=True)
    served = s.json("GET", "/openapi.json", 200)
    if served != conf.doc:
        s.problems.append("GET /api/v1/openapi.json: the served document differs from docs/openapi.json "
                          "(a stale binary?)")

    # ------------------------------------------------------------ registration and invitations
    owner_email, owner_pw = new_email("owner"), new_password()
    r = s.call("POST", "/auth/register", 201, body={
        "name": "Ada Owner", "email": owner_email, "password": owner_pw, "position": "Head chef",
        "organization": {"name": unique("Cafe "), "time_zone": "Europe/Berlin", "week_start": "monday"}})
    owner = r.json()["token"]
    owner_id = r.json()["user"]["id"]
    owner_cookie = _session_cookie(r)
    assert owner_cookie, f"no session cookie: {r.headers}"

    invitations = {}
    for who, role, position in (("manager", "manager", "Shift lead"), ("employee", "employee", "Barista"),
                                ("leaver", "employee", "Runner"), ("quitter", "employee", "Dishes"),
                                ("withdrawn", "employee", "")):
        email = new_email(who)
        inv = s.json("POST", "/invitations", 201, token=owner,
                      body={"email": email, "role": role, "position": position})
        invitations[who] = (email, inv)
    listed = s.json("GET", "/invitations", 200, token=owner)
    assert {i["id"] for i in listed["invitations"]} == {inv["id"] for _, inv in invitations.values()}, listed
    s.call("DELETE", f"/invitations/{invitations['withdrawn'][1]['id']}", 204, token=owner)
    s.call("DELETE", f"/invitations/{invitations['withdrawn'][1]['id']}", 404, token=owner, slug="not-found")

    email, inv = invitations["manager"]
    preview = s.json("GET", "/invitations/lookup", 200, params={"token": inv["token"]})
    assert preview["email"] == email and preview["role"] == "manager", preview
    s.call("GET", "/invitations/lookup", 410, slug="invitation-gone",
           params={"token": invitations["withdrawn"][1]["token"]})
    s.call("GET", "/invitations/lookup", 400, slug="malformed-request", params={"token": ""})

    tokens, passwords, uid = {"owner": owner}, {"owner": owner_pw}, {"owner": owner_id}
    emails = {"owner": owner_email}
    for who in ("manager", "employee", "leaver", "quitter"):
        email, inv = invitations[who]
        pw = new_password()
        body = {"name": f"{who.title()} {unique()}", "email": email, "password": pw, "invitation": inv["token"]}
        if who == "employee":
            body["position"] = "Barista"
        got = s.json("POST", "/auth/register", 201, body=body)
        tokens[who], passwords[who], uid[who], emails[who] = got["token"], pw, got["user"]["id"], email
    manager, employee = tokens["manager"], tokens["employee"]

    # registration errors
    email, inv = invitations["withdrawn"]
    s.call("POST", "/auth/register", 410, slug="invitation-gone",
           body={"name": "Late Comer", "email": email, "password": new_password(), "invitation": inv["token"]})
    s.call("POST", "/auth/register", 409, slug="email-taken", body={
        "name": "Copy Cat", "email": owner_email.upper(), "password": new_password(),
        "organization": {"name": unique("Org "), "time_zone": "Europe/Berlin"}})
    s.call("POST", "/auth/register", 422, slug="invalid-input", field="password", body={
        "name": "No Password", "email": new_email(), "organization": {"name": "X", "time_zone": "UTC"}})
    s.call("POST", "/auth/register", 415, slug="unsupported-media-type", data=b"name=x",
           headers={"Content-Type": "application/x-www-form-urlencoded"})
    s.call("POST", "/auth/register", 400, slug="malformed-request", data=b'{"name": ',
           headers={"Content-Type": "application/json"})
    s.call("POST", "/auth/register", 403, slug="csrf-check-failed", headers={"Origin": "https://evil.example"},
           body={"name": "Cross Site", "email": new_email(), "password": new_password(),
                 "organization": {"name": "X", "time_zone": "UTC"}})

    # invitation errors
    s.call("POST", "/invitations", 409, token=manager, slug="email-taken",
           body={"email": emails["employee"], "role": "employee"})
    s.call("POST", "/invitations", 403, token=employee, slug="forbidden",
           body={"email": new_email(), "role": "employee"})
    s.call("POST", "/invitations", 422, token=manager, slug="invalid-input", field="role",
           body={"email": new_email(), "role": "boss"})
    s.call("GET", "/invitations", 403, token=employee, slug="forbidden")
    s.call("GET", "/invitations", 401, slug="unauthenticated")

    # ------------------------------------------------------------ login, throttling
    second = s.json("POST", "/auth/login", 200, body={"email": owner_email, "password": owner_pw})["token"]
    s.call("POST", "/auth/login", 401, slug="invalid-credentials",
           body={"email": owner_email, "password": "wrong-" + new_password()})
    s.call("POST", "/auth/login", 422, slug="invalid-input", field="password", body={"email": owner_email})
    s.call("POST", "/auth/login", 403, slug="csrf-check-failed", headers={"Origin": "https://evil.example"},
           body={"email": owner_email, "password": owner_pw})
    target = new_email("throttled")
    for _ in range(5):
        s.call("POST", "/auth/login", 401, slug="invalid-credentials",
               body={"email": target, "password": new_password()})
    r = s.call("POST", "/auth/login", 429, slug="too-many-requests",
               body={"email": target, "password": new_password()})
    assert r.headers.get("Retry-After", "").isdigit(), describe(r)

    # ------------------------------------------------------------ me
    me = s.json("GET", "/me", 200, token=employee)
    assert me["id"] == uid["employee"] and me.get("email") == emails["employee"], me
    s.call("GET", "/me", 401, slug="unauthenticated")
    s.call("GET", "/me", 401, token="not-a-token", slug="unauthenticated")
    s.call("PATCH", "/me", 200, token=employee, body={"name": "Grace Employee", "position": "Barista"})
    s.call("PATCH", "/me", 422, token=employee, slug="invalid-input", field="nickname", body={"nickname": "G"})
    s.call("PATCH", "/me", 422, token=employee, slug="invalid-input", field="current_password",
           body={"email": new_email()})
    s.call("PATCH", "/me", 409, token=employee, slug="email-taken",
           body={"email": emails["manager"], "current_password": passwords["employee"]})
    # cookie authentication: the CSRF header is required for changes
    cookie = {"Cookie": f"shiftsync_session={owner_cookie}"}
    s.call("PATCH", "/me", 403, headers=cookie, body={"position": "Chef"}, slug="csrf-check-failed")
    s.call("PATCH", "/me", 200, headers=dict(cookie, **{"X-Requested-With": "shiftsync"}),
           body={"position": "Chef"})
    s.call("POST", "/auth/logout", 403, headers=cookie, slug="csrf-check-failed")
    # a new password ends every session; sign in again
    new_pw = new_password()
    s.call("PATCH", "/me", 200, token=employee, body={"password": new_pw, "current_password": passwords["employee"]})
    s.call("GET", "/me", 401, token=employee, slug="unauthenticated")
    passwords["employee"] = new_pw
    employee = tokens["employee"] = s.json("POST", "/auth/login", 200,
                                           body={"email": emails["employee"], "password": new_pw})["token"]

    # ------------------------------------------------------------ people
    as_employee = s.json("GET", "/users", 200, token=employee)["users"]
    assert not [u for u in as_employee if u["id"] != uid["employee"] and "email" in u], as_employee
    as_manager = s.json("GET", "/users", 200, token=manager, params={"include_inactive": "true"})["users"]
    assert all("email" in u for u in as_manager), as_manager
    s.call("GET", "/users", 200, token=owner, params={"include_inactive": "false"})
    s.call("GET", "/users", 400, token=owner, params={"include_inactive": "maybe"}, slug="malformed-request")
    s.call("GET", f"/users/{uid['employee']}", 200, token=employee)
    s.call("GET", f"/users/{uid['manager']}", 200, token=manager)
    s.call("GET", "/users/999999", 404, token=owner, slug="not-found")
    s.call("PATCH", f"/users/{uid['employee']}", 200, token=manager, body={"position": "Senior barista"})
    s.call("PATCH", f"/users/{uid['manager']}", 403, token=employee, body={"name": "Nope"}, slug="forbidden")
    s.call("PATCH", f"/users/{uid['owner']}", 403, token=manager, body={"role": "employee"}, slug="forbidden")
    s.call("PATCH", f"/users/{uid['employee']}", 422, token=owner, body={"role": "boss"}, slug="invalid-input",
           field="role")
    s.call("PATCH", "/users/999999", 404, token=owner, body={"name": "Nobody"}, slug="not-found")

    # ------------------------------------------------------------ password reset (on the leaver, removed next)
    s.json("POST", "/auth/password-reset", 202, body={"email": emails["leaver"]})
    s.json("POST", "/auth/password-reset", 202, body={"email": new_email("nobody")})
    s.call("POST", "/auth/password-reset", 422, slug="invalid-input", field="email", body={"email": "not an email"})
    s.call("POST", "/auth/password-reset", 400, slug="malformed-request", data=b'{"email": ',
           headers={"Content-Type": "application/json"})
    s.call("POST", "/auth/password-reset/confirm", 422, slug="invalid-input", field="token",
           body={"token": "a" * 43, "password": new_password()})
    s.json("POST", f"/users/{uid['leaver']}/password-reset", 202, token=manager)
    s.call("POST", f"/users/{uid['owner']}/password-reset", 403, token=manager, slug="forbidden")
    s.call("POST", f"/users/{uid['leaver']}/password-reset", 404, token=stranger_token(s), slug="not-found")

    def reset_tokens(mails):
        found = [re.search(r"reset-password\?token=([A-Za-z0-9_-]+)", m.text) for m in mails
                 if emails["leaver"].lower() in m.to.lower() and m.subject.startswith("Choose a new password")]
        return [f.group(1) for f in found if f]
    wait_for_mails(s.server.data_dir / "mail", lambda ms: len(reset_tokens(ms)) >= 2, what="two reset emails")
    reset_token = reset_tokens(read_mails(s.server.data_dir / "mail"))[0]
    s.call("POST", "/auth/password-reset/confirm", 422, slug="invalid-input", field="password",
           body={"token": reset_token, "password": "short"})
    passwords["leaver"] = new_password()
    s.call("POST", "/auth/password-reset/confirm", 204, body={"token": reset_token, "password": passwords["leaver"]})
    s.call("POST", "/auth/password-reset/confirm", 410, slug="reset-link-gone", field="token",
           body={"token": reset_token, "password": new_password()})
    s.call("DELETE", f"/users/{uid['leaver']}", 204, token=manager)
    s.call("GET", "/me", 401, token=tokens["leaver"], slug="unauthenticated")
    s.call("POST", "/auth/login", 401, slug="invalid-credentials",
           body={"email": emails["leaver"], "password": passwords["leaver"]})
    back = s.json("PATCH", f"/users/{uid['leaver']}", 200, token=manager, body={"active": True})
    assert back["active"] is True, back
    s.call("DELETE", f"/users/{uid['owner']}", 403, token=owner, slug="forbidden")  # use DELETE /me
    s.call("DELETE", "/users/999999", 404, token=owner, slug="not-found")

    # removing oneself
    s.call("DELETE", "/me", 422, token=tokens["quitter"], body={"current_password": "wrong-" + new_password()},
           slug="invalid-input", field="current_password")
    s.call("DELETE", "/me", 204, token=tokens["quitter"], body={"current_password": passwords["quitter"]})
    s.call("DELETE", "/me", 409, token=owner, body={"current_password": owner_pw}, slug="conflict")

    # ------------------------------------------------------------ pictures
    as_jpeg, as_png = {"Content-Type": "image/jpeg"}, {"Content-Type": "image/png"}
    mine = s.json("PUT", "/me/picture", 200, token=employee, data=pictures.jpeg(gps=True), headers=as_jpeg)
    r = s.call("GET", mine["picture_url"], 200, token=manager, raw_path=True)
    s.call("GET", mine["picture_url"], 304, token=manager, raw_path=True, headers={"If-None-Match": r.headers["ETag"]})
    s.call("GET", f"/users/{uid['employee']}/picture", 200, token=employee, params={"size": "512"})
    s.call("GET", f"/users/{uid['employee']}/picture", 400, token=employee, params={"size": "7"},
           slug="malformed-request")
    s.call("GET", f"/users/{uid['employee']}/picture", 404, token=stranger_token(s), slug="not-found")
    s.call("PUT", f"/users/{uid['employee']}/picture", 200, token=manager, data=pictures.png(), headers=as_png)
    s.call("PUT", f"/users/{uid['manager']}/picture", 403, token=employee, data=pictures.png(), headers=as_png,
           slug="forbidden")
    s.call("PUT", "/me/picture", 422, token=employee, data=pictures.SVG, headers=as_png, slug="invalid-picture",
           field="picture")
    s.call("PUT", "/me/picture", 415, token=employee, data=pictures.SVG, headers={"Content-Type": "image/svg+xml"},
           slug="unsupported-media-type")
    s.call("PUT", "/me/picture", 413, token=employee, data=pictures.jpeg() + bytes(10 * 1024 * 1024),
           headers=as_jpeg, slug="payload-too-large")
    s.call("DELETE", f"/users/{uid['employee']}/picture", 200, token=manager)
    s.call("DELETE", f"/users/{uid['manager']}/picture", 403, token=employee, slug="forbidden")
    s.call("GET", f"/users/{uid['employee']}/picture", 404, token=employee, slug="not-found")
    s.call("PUT", "/me/picture", 200, token=employee, data=pictures.webp(), headers={"Content-Type": "image/webp"})
    s.call("DELETE", "/me/picture", 200, token=employee)
    form, form_type = pictures.sign_up_form({
        "name": "Form Owner", "email": new_email("form"), "password": new_password(),
        "organization.name": unique("Form "), "organization.time_zone": "UTC"}, ("image/png", pictures.png()))
    assert s.json("POST", "/auth/register", 201, data=form, headers={"Content-Type": form_type})["user"]["picture_url"]
    form, form_type = pictures.sign_up_form({
        "name": "Form Owner", "email": new_email("form"), "password": new_password(),
        "organization.name": unique("Form "), "organization.time_zone": "UTC"}, ("image/png", pictures.HTML))
    s.call("POST", "/auth/register", 422, data=form, headers={"Content-Type": form_type}, slug="invalid-picture",
           field="picture")

    # ------------------------------------------------------------ organisation
    org = s.json("GET", "/organization", 200, token=employee)
    assert org["time_zone"] == "Europe/Berlin", org
    s.call("PATCH", "/organization", 200, token=owner, body={"name": unique("Cafe "), "week_start": "sunday"})
    s.call("PATCH", "/organization", 200, token=owner, body={"week_start": "monday"})
    s.call("PATCH", "/organization", 403, token=manager, body={"name": "Mine now"}, slug="forbidden")
    s.call("PATCH", "/organization", 422, token=owner, body={"time_zone": "Mars/Olympus"}, slug="invalid-input",
           field="time_zone")

    # ------------------------------------------------------------ shifts
    emp = uid["employee"]
    a = s.json("POST", "/shifts", 201, token=manager,
               body={"user_id": emp, "start": "2027-01-04T08:00:00Z", "end": "2027-01-04T16:00:00Z",
                     "note": "Opening: count the till."})
    opened = s.json("POST", "/shifts", 201, token=manager,
                    body={"user_id": None, "start": "2027-01-05T15:00:00+01:00", "end": "2027-01-05T21:00:00+01:00",
                          "position": "Waiter"})
    assert opened["start"] == "2027-01-05T14:00:00Z" and opened["user_id"] is None, opened
    r = s.call("POST", "/shifts", 409, token=manager, slug="shift-overlap",
               body={"user_id": emp, "start": "2027-01-04T12:00:00Z", "end": "2027-01-04T20:00:00Z"})
    assert r.json().get("conflicting_shift_id") == a["id"], describe(r)
    s.call("POST", "/shifts", 403, token=employee, slug="forbidden",
           body={"user_id": emp, "start": "2027-01-06T08:00:00Z", "end": "2027-01-06T09:00:00Z"})
    s.call("POST", "/shifts", 422, token=manager, slug="invalid-input",
           body={"user_id": emp, "start": "2027-01-06T08:00:00Z", "end": "2027-01-06T07:00:00Z"})
    s.call("POST", "/shifts", 415, token=manager, slug="unsupported-media-type", data=b"user_id=1",
           headers={"Content-Type": "text/plain"})
    s.call("POST", "/shifts", 400, token=manager, slug="malformed-request", data=b"{]",
           headers={"Content-Type": "application/json"})
    s.call("POST", "/shifts", 413, token=manager, slug="payload-too-large",
           body={"user_id": None, "start": "2027-01-06T08:00:00Z", "end": "2027-01-06T09:00:00Z",
                 "note": "n" * (BODY_LIMIT + 1000)})
    s.call("POST", "/shifts", 401, slug="unauthenticated",
           body={"user_id": None, "start": "2027-01-06T08:00:00Z", "end": "2027-01-06T09:00:00Z"})
    window = {"from": "2027-01-01T00:00:00Z", "to": "2027-02-01T00:00:00Z"}
    listed = s.json("GET", "/shifts", 200, token=employee, params=window)["shifts"]
    assert {a["id"], opened["id"]} <= {x["id"] for x in listed}, listed
    s.call("GET", "/shifts", 200, token=manager, params=dict(window, user_id=emp))
    s.call("GET", "/shifts", 400, token=manager, params={"to": window["to"]}, slug="malformed-request")
    s.call("GET", "/shifts", 422, token=manager, slug="invalid-input",
           params={"from": "2027-01-01T00:00:00Z", "to": "2028-06-01T00:00:00Z"})
    s.call("GET", f"/shifts/{a['id']}", 200, token=employee)
    s.call("GET", "/shifts/999999", 404, token=employee, slug="not-found")
    s.call("PATCH", f"/shifts/{a['id']}", 200, token=manager, body={"note": "Bring keys", "position": "Till"})
    assigned = s.json("PATCH", f"/shifts/{opened['id']}", 200, token=manager, body={"user_id": emp})
    assert assigned["user_id"] == emp, assigned
    s.call("PATCH", f"/shifts/{opened['id']}", 409, token=manager, slug="shift-overlap",
           body={"start": "2027-01-04T10:00:00Z", "end": "2027-01-04T18:00:00Z"})
    s.call("PATCH", f"/shifts/{opened['id']}", 422, token=manager, slug="invalid-input",
           body={"end": "2027-01-05T10:00:00Z"})
    s.call("PATCH", f"/shifts/{a['id']}", 403, token=employee, body={"note": "mine"}, slug="forbidden")
    s.call("PATCH", "/shifts/999999", 404, token=manager, body={"note": "x"}, slug="not-found")
    s.call("DELETE", f"/shifts/{opened['id']}", 415, token=manager, data=b"please", slug="unsupported-media-type",
           headers={"Content-Type": "text/plain"})
    s.call("DELETE", f"/shifts/{opened['id']}", 204, token=manager)
    s.call("DELETE", f"/shifts/{opened['id']}", 404, token=manager, slug="not-found")
    s.call("DELETE", f"/shifts/{a['id']}", 403, token=employee, slug="forbidden")
    ids["shift"] = a["id"]

    # ------------------------------------------------------------ weekly patterns
    week = {"monday": {"start": "08:00", "end": "16:00"}, "tuesday": {"start": "08:00", "end": "16:00"},
            "wednesday": None, "thursday": {"start": "22:00", "end": "06:00"},
            "friday": {"start": "08:00", "end": "16:00"}}
    p = s.json("POST", "/patterns", 201, token=manager, body={
        "user_id": emp, "start_date": "2027-03-01", "end_date": "2027-04-04", "days": week, "position": "Barista"})
    assert p["shift_count"] == 20, p
    s.call("POST", "/patterns", 409, token=manager, slug="shift-overlap", body={
        "user_id": emp, "start_date": "2027-03-01", "end_date": "2027-03-07",
        "days": {"monday": {"start": "09:00", "end": "10:00"}}})
    s.call("POST", "/patterns", 422, token=manager, slug="invalid-input", body={
        "user_id": emp, "start_date": "2027-05-01", "end_date": "2027-05-07",
        "days": {"monday": {"start": "09:00", "end": "09:00"}}})
    s.call("POST", "/patterns", 403, token=employee, slug="forbidden", body={
        "user_id": emp, "start_date": "2027-05-01", "end_date": "2027-05-07",
        "days": {"monday": {"start": "09:00", "end": "10:00"}}})
    kept = s.json("POST", "/patterns", 201, token=owner, body={
        "user_id": uid["manager"], "start_date": "2027-03-01", "end_date": "2027-03-31",
        "days": {"saturday": {"start": "10:00", "end": "18:00"}}})
    s.call("GET", "/patterns", 200, token=employee)
    mine = s.json("GET", "/patterns", 200, token=manager, params={"user_id": emp})["patterns"]
    assert [x["id"] for x in mine] == [p["id"]], mine
    s.call("GET", "/patterns", 400, token=manager, params={"user_id": "x"}, slug="malformed-request")
    s.call("GET", f"/patterns/{p['id']}", 200, token=employee)
    s.call("GET", "/patterns/999999", 404, token=employee, slug="not-found")
    replaced = s.json("PUT", f"/patterns/{p['id']}", 200, token=manager, body={
        "user_id": emp, "start_date": "2027-03-01", "end_date": "2027-04-04",
        "days": {"monday": {"start": "07:00", "end": "15:00"}, "sunday": {"start": "20:00", "end": "02:00"}}})
    assert replaced["id"] == p["id"] and replaced["shift_count"] == 10, replaced
    s.call("PUT", f"/patterns/{p['id']}", 403, token=employee, slug="forbidden", body={
        "user_id": emp, "start_date": "2027-03-01", "end_date": "2027-04-04",
        "days": {"monday": {"start": "07:00", "end": "15:00"}}})
    s.call("PUT", "/patterns/999999", 404, token=manager, slug="not-found", body={
        "user_id": emp, "start_date": "2027-03-01", "end_date": "2027-04-04",
        "days": {"monday": {"start": "07:00", "end": "15:00"}}})
    s.call("PUT", f"/patterns/{p['id']}", 422, token=manager, slug="invalid-input", body={
        "user_id": emp, "start_date": "2027-03-01", "end_date": "2028-04-04",
        "days": {"monday": {"start": "07:00", "end": "15:00"}}})
    # an open shift in the schedule week, then the schedule
    s.call("POST", "/shifts", 201, token=manager,
           body={"user_id": None, "start": "2027-03-02T17:00:00Z", "end": "2027-03-02T22:00:00Z"})
    sched = s.json("GET", "/schedule", 200, token=employee, params={"week": "2027-03-03"})
    assert sched["week_start"] == "2027-03-01" and any(sched["open_shifts"]), sched
    assert any(e["latest_pattern"] for e in sched["employees"]), sched["employees"]
    dst = s.json("GET", "/schedule", 200, token=manager, params={"week": "2027-03-28"})
    assert sorted(d["hours"] for d in dst["days"])[0] == 23, dst["days"]
    s.call("GET", "/schedule", 200, token=owner)
    s.call("GET", "/schedule", 400, token=owner, params={"week": "2027-02-30"}, slug="malformed-request")
    s.call("GET", "/schedule", 401, slug="unauthenticated")
    s.call("DELETE", f"/patterns/{p['id']}", 403, token=employee, slug="forbidden")
    s.call("DELETE", f"/patterns/{p['id']}", 204, token=manager)
    s.call("DELETE", f"/patterns/{p['id']}", 404, token=manager, slug="not-found")
    ids["pattern"] = kept["id"]

    # ------------------------------------------------------------ mail (no relay: .eml files in DATA_DIR/mail)
    quiet = s.json("PATCH", "/me", 200, token=employee, body={"email_notifications": False})
    assert quiet["email_notifications"] is False and "email" in quiet, quiet
    colleague = s.json("GET", f"/users/{uid['manager']}", 200, token=owner)
    assert colleague["email_notifications"] is True, colleague
    hidden = s.json("GET", f"/users/{uid['manager']}", 200, token=employee)
    assert "email" not in hidden and "email_notifications" not in hidden, hidden
    sent = s.json("POST", "/mail", 202, token=manager, body={
        "to": [emp, uid["manager"], emp], "subject": "Staff meeting on Friday",
        "message": "Friday 15:00 in the back room.\nCoffee is on me."})
    assert sent["skipped_user_ids"] == [emp] and len(sent["message_ids"]) == 1, sent
    everyone = s.json("POST", "/mail", 202, token=owner, body={"to": "all", "subject": "Inventory",
                                                                "message": "Please count the cups."})
    assert everyone["message_ids"] and emp in everyone["skipped_user_ids"], everyone
    s.call("PATCH", "/me", 200, token=employee, body={"email_notifications": True})
    s.call("POST", "/mail", 403, token=employee, slug="forbidden", body={"to": "all", "subject": "Hi", "message": "x"})
    s.call("POST", "/mail", 422, token=manager, slug="invalid-input", field="to",
           body={"to": "everyone", "subject": "Hi", "message": "x"})
    s.call("POST", "/mail", 422, token=manager, slug="invalid-input", field="to",
           body={"to": [], "subject": "Hi", "message": "x"})
    s.call("POST", "/mail", 422, token=manager, slug="invalid-input", field="to",
           body={"to": [uid["quitter"]], "subject": "Hi", "message": "x"})
    s.call("POST", "/mail", 422, token=manager, slug="invalid-input", field="subject",
           body={"to": "all", "subject": "s" * 201, "message": "x"})
    s.call("POST", "/mail", 422, token=manager, slug="invalid-input", field="message",
           body={"to": "all", "subject": "Hi"})
    s.call("POST", "/mail", 400, token=manager, slug="malformed-request", data=b'{"to": ',
           headers={"Content-Type": "application/json"})
    s.call("POST", "/mail", 415, token=manager, slug="unsupported-media-type", data=b"to=all",
           headers={"Content-Type": "text/plain"})

    def outbox_sent():
        page = s.json("GET", "/mail", 200, token=manager, params={"limit": 100})["messages"]
        return page if all(m["status"] == "sent" for m in page) else None
    outbox = wait_until(outbox_sent, 20, 0.1, "the outbox to be delivered as .eml files")
    kinds = {m["kind"] for m in outbox}
    assert {"announcement", "invitation", "welcome", "shift_assigned"} <= kinds, kinds
    assert any(m["recipient_user_id"] is None for m in outbox if m["kind"] == "invitation"), outbox
    assert [m["id"] for m in outbox] == sorted((m["id"] for m in outbox), reverse=True), "not newest first"
    assert list((s.server.data_dir / "mail").glob("*.eml")), "no .eml files in DATA_DIR/mail"
    first = s.json("GET", "/mail", 200, token=owner, params={"limit": 2})
    assert len(first["messages"]) == 2 and first["next_cursor"], first
    older = s.json("GET", "/mail", 200, token=owner, params={"cursor": first["next_cursor"], "limit": 2})
    assert all(m["id"] < first["messages"][-1]["id"] for m in older["messages"]), older
    last = s.json("GET", "/mail", 200, token=owner, params={"limit": len(outbox)})
    assert len(last["messages"]) == len(outbox) and last["next_cursor"] is None, last
    s.call("GET", "/mail", 403, token=employee, slug="forbidden")
    s.call("GET", "/mail", 400, token=manager, params={"limit": 501}, slug="malformed-request", field="limit")
    s.call("GET", "/mail", 400, token=manager, params={"limit": 0}, slug="malformed-request", field="limit")
    s.call("GET", "/mail", 400, token=manager, params={"cursor": "not a cursor"}, slug="malformed-request",
           field="cursor")
    s.call("GET", "/mail", 400, token=manager, params={"before": "x"}, slug="malformed-request")
    s.call("GET", "/mail", 400, token=manager, params={"status": "dead"}, slug="malformed-request")
    delivered = sent["message_ids"][0]
    s.call("POST", f"/mail/{delivered}/retry", 409, token=manager, slug="conflict")
    s.call("POST", f"/mail/{delivered}/retry", 403, token=employee, slug="forbidden")
    s.call("POST", "/mail/999999/retry", 404, token=manager, slug="not-found")
    stranger = s.json("POST", "/auth/register", 201, body={
        "name": "Other Owner", "email": new_email("other"), "password": new_password(),
        "organization": {"name": unique("Other "), "time_zone": "UTC"}})["token"]
    s.call("POST", f"/mail/{delivered}/retry", 404, token=stranger, slug="not-found")
    assert delivered not in {m["id"] for m in s.json("GET", "/mail", 200, token=stranger)["messages"]}
    ids["mail"] = delivered

    # ------------------------------------------------------------ every protected operation without a session
    for (method, template), op in sorted(conf.operations.items()):
        if op.op.get("security", conf.doc.get("security")) == []:
            continue
        path = template.replace("{id}", "1")
        kw = {"body": {}} if method in ("POST", "PUT", "PATCH", "DELETE") else {}
        s.call(method, path, 401, raw_path=True, slug="unauthenticated", **kw)

    # ------------------------------------------------------------ undocumented methods on documented paths
    concrete = {"/api/v1/users/{id}": f"/api/v1/users/{uid['employee']}",
                "/api/v1/users/{id}/picture": f"/api/v1/users/{uid['employee']}/picture",
                "/api/v1/users/{id}/password-reset": f"/api/v1/users/{uid['employee']}/password-reset",
                "/api/v1/invitations/{id}": "/api/v1/invitations/999999",
                "/api/v1/shifts/{id}": f"/api/v1/shifts/{ids['shift']}",
                "/api/v1/patterns/{id}": f"/api/v1/patterns/{ids['pattern']}",
                "/api/v1/mail/{id}/retry": f"/api/v1/mail/{ids['mail']}/retry"}
    templates = sorted({t for (_, t) in conf.operations})
    for template in templates:
        path = concrete.get(template, template)
        assert "{" not in path, f"no concrete path for {template}: add one to this test"
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if (method, template) not in conf.operations:
                s.not_routed(method, path, token=owner, body={} if method != "GET" else _NO_BODY)
    s.not_routed("GET", "/api/v1/no-such-route", token=owner)
    s.not_routed("GET", "/api/v1/shifts/1/extra", token=owner)

    # ------------------------------------------------------------ sign out
    r = s.call("POST", "/auth/logout", 204, token=second)
    assert _session_cookie(r) is None, f"the cookie was not cleared: {r.headers}"
    s.call("GET", "/me", 401, token=second, slug="unauthenticated")
    s.call("POST", "/auth/logout", 401, token=second, slug="unauthenticated")
    s.call("POST", "/auth/logout", 401, slug="unauthenticated")
    return ids
