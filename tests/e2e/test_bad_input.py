"""Bad input on every write route: each answer is a 4xx problem, and nothing changed.

The server here runs with --max-body-bytes 8192 so oversized bodies stay small on the wire.
Every case reads the organisation back (GET of users, organisation, invitations, shifts,
patterns and the caller's /me) before and after, and compares.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

import pytest

from support import (add_member, all_days, assert_problem, describe, expect, invite, make_org, make_shift,
                     new_email, new_password, snapshot)

BODY_LIMIT = 8192
HUGE_ID = "999999999"


class World:
    pass


@pytest.fixture(scope="module")
def world(module_factory):
    w = World()
    w.server = module_factory.start(args=["--max-body-bytes", str(BODY_LIMIT)], name="badinput")
    w.a = make_org(w.server)
    w.b = make_org(w.server)
    w.me = add_member(w.a.owner, "employee")          # the caller of the /me routes
    w.target = add_member(w.a.owner, "employee")      # the person PATCH/DELETE /users work on
    w.shift = make_shift(w.a.owner, w.a.employee.id, "2027-01-04T08:00:00Z", "2027-01-04T16:00:00Z", note="keep")
    w.pattern = expect(w.a.owner.client.post("/patterns", {
        "user_id": w.a.employee.id, "start_date": "2027-01-11", "end_date": "2027-01-17",
        "days": {"monday": {"start": "08:00", "end": "16:00"}}}), 201)
    w.invited_email = new_email("pending")
    w.invitation = invite(w.a.owner, w.invited_email, "employee")
    w.b_shift = make_shift(w.b.owner, w.b.employee.id, "2027-01-04T08:00:00Z", "2027-01-04T16:00:00Z")
    w.b_pattern = expect(w.b.owner.client.post("/patterns", {
        "user_id": w.b.employee.id, "start_date": "2027-01-11", "end_date": "2027-01-17",
        "days": {"monday": {"start": "08:00", "end": "16:00"}}}), 201)
    w.b_invitation = invite(w.b.owner, new_email("b-pending"), "employee")
    return w


@dataclass
class Route:
    method: str
    path: str
    actor: str                                    # "anonymous", "owner", "manager", "me"
    valid: Callable[[World], Any] | None = None   # a valid body; None: the route takes none
    target: Callable[[World], Any] | None = None  # the id in {id}
    other_org: Callable[[World], Any] | None = None


ROUTES = {
    "register": Route("POST", "/auth/register", "anonymous", lambda w: {
        "name": "Valid Name", "email": new_email("reg"), "password": new_password(),
        "organization": {"name": "Valid Org", "time_zone": "Europe/Berlin"}}),
    "register-invited": Route("POST", "/auth/register", "anonymous", lambda w: {
        "name": "Valid Name", "email": w.invited_email, "password": new_password(),
        "invitation": w.invitation["token"]}),
    "me-patch": Route("PATCH", "/me", "me", lambda w: {"name": "Valid Name"}),
    "me-delete": Route("DELETE", "/me", "me", lambda w: {"current_password": w.me.password}),
    "user-patch": Route("PATCH", "/users/{id}", "owner", lambda w: {"name": "Valid Name"},
                        lambda w: w.target.id, lambda w: w.b.employee.id),
    "user-delete": Route("DELETE", "/users/{id}", "owner", None, lambda w: w.target.id, lambda w: w.b.employee.id),
    "org-patch": Route("PATCH", "/organization", "owner", lambda w: {"name": "Valid Org"}),
    "invitation-post": Route("POST", "/invitations", "manager", lambda w: {"email": new_email("inv"),
                                                                           "role": "employee"}),
    "invitation-delete": Route("DELETE", "/invitations/{id}", "manager", None, lambda w: w.invitation["id"],
                               lambda w: w.b_invitation["id"]),
    "shift-post": Route("POST", "/shifts", "manager", lambda w: {
        "user_id": w.a.employee.id, "start": "2027-02-01T08:00:00Z", "end": "2027-02-01T16:00:00Z"}),
    "shift-patch": Route("PATCH", "/shifts/{id}", "manager", lambda w: {"note": "changed"},
                         lambda w: w.shift["id"], lambda w: w.b_shift["id"]),
    "shift-delete": Route("DELETE", "/shifts/{id}", "manager", None, lambda w: w.shift["id"],
                          lambda w: w.b_shift["id"]),
    "pattern-post": Route("POST", "/patterns", "manager", lambda w: {
        "user_id": w.a.employee.id, "start_date": "2027-02-08", "end_date": "2027-02-14",
        "days": all_days("08:00", "16:00")}),
    "pattern-put": Route("PUT", "/patterns/{id}", "manager", lambda w: {
        "user_id": w.a.employee.id, "start_date": "2027-02-15", "end_date": "2027-02-21",
        "days": all_days("08:00", "16:00")}, lambda w: w.pattern["id"], lambda w: w.b_pattern["id"]),
    "pattern-delete": Route("DELETE", "/patterns/{id}", "manager", None, lambda w: w.pattern["id"],
                            lambda w: w.b_pattern["id"]),
}


@dataclass
class Case:
    route: str
    label: str
    status: Any
    slug: Any = None
    field: Any = None
    body: Any = None          # callable(valid_body, world) -> bad body, or None for the valid body
    raw: bytes | None = None  # raw bytes instead of JSON
    content_type: str = "application/json"
    path_id: Any = None       # callable(world) -> id text, replacing the target


def with_(**changes):
    def f(body, w):
        b = json.loads(json.dumps(body))
        for k, v in changes.items():
            b[k] = v(w) if callable(v) else v
        return b
    return f


def without(*keys):
    def f(body, w):
        return {k: v for k, v in body.items() if k not in keys}
    return f


def nested(key, **changes):
    def f(body, w):
        b = json.loads(json.dumps(body))
        for k, v in changes.items():
            if v is DROP:
                b[key].pop(k, None)
            else:
                b[key][k] = v
        return b
    return f


def day(monday):
    return with_(days={"monday": monday})


DROP = object()
LONG = "x" * 101
INVALID = ("invalid-input",)

BAD_EMAILS = ["not-an-email", "a@b", "a b@example.com", "@example.com", "user@", "user@@example.com",
              "user@example..com", ("a" * 250) + "@example.com", "user@exa mple.com"]
BAD_INSTANTS = ["tomorrow", "2027-02-30T08:00:00Z", "2027-13-01T08:00:00Z", "2027-02-01 08:00",
                "2027-02-01T08:00:00", "2027-02-01T25:00:00Z", "2027-02-01", "", "2027-02-01T08:00:00+25:00"]
BAD_DATES = ["2027-02-30", "2027/02/08", "tomorrow", "27-02-08", "2027-2-8", "", "2027-02-08T00:00:00Z"]
BAD_TIMES = ["24:00", "8:00", "08:60", "08:00:00", "", "noon", "-1:00", "0800"]


def generic_cases(route_name: str) -> list[Case]:
    r = ROUTES[route_name]
    cases = []
    if r.valid is not None:
        cases += [
            Case(route_name, "malformed-json", 400, "malformed-request", raw=b'{"name": '),
            Case(route_name, "trailing-garbage", 400, "malformed-request", raw=b'{"name": "a"}}'),
            Case(route_name, "single-quotes", 400, "malformed-request", raw=b"{'name': 'a'}"),
            Case(route_name, "not-an-object", (400, 422), ("malformed-request", "invalid-input"), raw=b"[]"),
            Case(route_name, "json-null", (400, 422), ("malformed-request", "invalid-input"), raw=b"null"),
            Case(route_name, "json-string", (400, 422), ("malformed-request", "invalid-input"), raw=b'"hello"'),
            Case(route_name, "empty-body", (400, 422), ("malformed-request", "invalid-input"), raw=b""),
            Case(route_name, "invalid-utf8", (400, 422), ("malformed-request", "invalid-input"),
                 raw=b'{"name": "\xff\xfe\xfd"}'),
            Case(route_name, "deep-nesting", (400, 413, 422), ("malformed-request", "payload-too-large",
                                                               "invalid-input"), raw=b"[" * 4000 + b"]" * 4000),
            Case(route_name, "text-plain", 415, "unsupported-media-type", content_type="text/plain"),
            Case(route_name, "form-encoded", 415, "unsupported-media-type",
                 content_type="application/x-www-form-urlencoded"),
            Case(route_name, "oversized", 413, "payload-too-large", body=with_(padding="p" * (BODY_LIMIT + 4000))),
            Case(route_name, "unknown-field", 422, INVALID, "unexpected_field", body=with_(unexpected_field=1)),
        ]
    else:
        cases.append(Case(route_name, "text-body", 415, "unsupported-media-type", raw=b"hello",
                          content_type="text/plain"))
    if r.target is not None:
        cases += [
            Case(route_name, "no-such-id", 404, "not-found", path_id=lambda w: HUGE_ID),
            Case(route_name, "other-org-id", 404, "not-found", path_id=lambda w, r=r: str(r.other_org(w))),
            Case(route_name, "id-not-a-number", (400, 404), ("malformed-request", "not-found"),
                 path_id=lambda w: "abc"),
            Case(route_name, "id-zero", (400, 404), ("malformed-request", "not-found"), path_id=lambda w: "0"),
            Case(route_name, "id-negative", (400, 404), ("malformed-request", "not-found"), path_id=lambda w: "-1"),
            Case(route_name, "id-fraction", (400, 404), ("malformed-request", "not-found"), path_id=lambda w: "1.5"),
            Case(route_name, "id-overflow", (400, 404), ("malformed-request", "not-found"),
                 path_id=lambda w: "9" * 30),
        ]
    return cases


def specific_cases() -> list[Case]:
    c: list[Case] = []
    add = c.append
    # --- register (new organisation)
    for f in ("name", "email", "password"):
        add(Case("register", f"missing-{f}", 422, INVALID, f, body=without(f)))
    for f, v in [("name", 123), ("email", True), ("password", 123456789012345), ("position", 5),
                 ("organization", "Org"), ("name", None), ("invitation", 7)]:
        add(Case("register", f"{f}-wrong-type-{type(v).__name__}", 422, INVALID, f, body=with_(**{f: v})))
    for label, v in [("empty", ""), ("blank", "   "), ("too-long", LONG), ("nul", "a\u0000b"), ("newline", "a\nb"),
                     ("escape", "a\u001bb")]:
        add(Case("register", f"name-{label}", 422, INVALID, "name", body=with_(name=v)))
    for i, e in enumerate(BAD_EMAILS):
        add(Case("register", f"bad-email-{i}", 422, INVALID, "email", body=with_(email=e)))
    add(Case("register", "position-too-long", 422, INVALID, "position", body=with_(position=LONG)))
    add(Case("register", "org-missing-name", 422, INVALID, "name", body=nested("organization", name=DROP)))
    add(Case("register", "org-missing-zone", 422, INVALID, "time_zone", body=nested("organization", time_zone=DROP)))
    add(Case("register", "org-name-too-long", 422, INVALID, "name", body=nested("organization", name=LONG)))
    for label, v in [("unknown", "Mars/Olympus"), ("empty", ""), ("number", 5), ("lowercase", "europe/berlin"),
                     ("traversal", "../../etc/passwd")]:
        add(Case("register", f"zone-{label}", 422, INVALID, "time_zone", body=nested("organization", time_zone=v)))
    for label, v in [("funday", "funday"), ("number", 1), ("empty", "")]:
        add(Case("register", f"week-start-{label}", 422, INVALID, "week_start",
                 body=nested("organization", week_start=v)))
    add(Case("register", "org-unknown-field", 422, INVALID, "plan", body=nested("organization", plan="gold")))
    add(Case("register", "role-field", 422, INVALID, "role", body=with_(role="owner")))
    add(Case("register", "both-org-and-invitation", 422, INVALID,
             body=with_(invitation=lambda w: w.invitation["token"])))
    add(Case("register", "neither-org-nor-invitation", 422, INVALID, body=without("organization")))
    add(Case("register", "unknown-invitation", (404, 410, 422), ("not-found", "invitation-gone", "invalid-input"),
             body=lambda b, w: dict(without("organization")(b, w), invitation="no-such-token")))
    add(Case("register", "common-password", 422, INVALID, "password", body=with_(password="password1234")))
    add(Case("register", "short-password", 422, INVALID, "password", body=with_(password="Xk3#pq9Lw2!")))
    add(Case("register", "long-password", 422, INVALID, "password", body=with_(password="Zq9" + "x" * 126)))
    # --- register with an invitation
    add(Case("register-invited", "email-mismatch", 422, INVALID, "email", body=with_(email=new_email("mismatch"))))
    add(Case("register-invited", "missing-name", 422, INVALID, "name", body=without("name")))
    add(Case("register-invited", "common-password", 422, INVALID, "password", body=with_(password="qwertyuiop123")))
    add(Case("register-invited", "invitation-wrong-type", 422, INVALID, "invitation", body=with_(invitation=7)))
    add(Case("register-invited", "role-field", 422, INVALID, "role", body=with_(role="owner")))
    # --- PATCH /me
    for f, v in [("name", 5), ("position", []), ("email", 5), ("password", 5), ("current_password", 5)]:
        add(Case("me-patch", f"{f}-wrong-type", 422, INVALID, f, body=lambda b, w, f=f, v=v: {f: v}))
    for label, v in [("empty", ""), ("too-long", LONG), ("nul", "a\u0000b")]:
        add(Case("me-patch", f"name-{label}", 422, INVALID, "name", body=lambda b, w, v=v: {"name": v}))
    add(Case("me-patch", "position-too-long", 422, INVALID, "position", body=lambda b, w: {"position": LONG}))
    for i, e in enumerate(BAD_EMAILS[:4]):
        add(Case("me-patch", f"bad-email-{i}", 422, INVALID, "email",
                 body=lambda b, w, e=e: {"email": e, "current_password": w.me.password}))
    add(Case("me-patch", "email-taken", 409, "email-taken",
             body=lambda b, w: {"email": w.a.owner.email.upper(), "current_password": w.me.password}))
    add(Case("me-patch", "short-password", 422, INVALID, "password",
             body=lambda b, w: {"password": "short", "current_password": w.me.password}))
    add(Case("me-patch", "common-password", 422, INVALID, "password",
             body=lambda b, w: {"password": "password1234", "current_password": w.me.password}))
    add(Case("me-patch", "password-without-current", 422, INVALID, "current_password",
             body=lambda b, w: {"password": new_password()}))
    add(Case("me-patch", "email-without-current", 422, INVALID, "current_password",
             body=lambda b, w: {"email": new_email("mv")}))
    add(Case("me-patch", "wrong-current-password", (401, 403, 422), None,
             body=lambda b, w: {"password": new_password(), "current_password": "wrong-" + new_password()}))
    for f, v in [("role", "owner"), ("active", False), ("id", 1), ("organization_id", 2)]:
        add(Case("me-patch", f"field-{f}", 422, INVALID, f, body=lambda b, w, f=f, v=v: {f: v}))
    # --- DELETE /me
    add(Case("me-delete", "missing-current-password", 422, INVALID, "current_password", body=lambda b, w: {}))
    add(Case("me-delete", "current-password-wrong-type", 422, INVALID, "current_password",
             body=with_(current_password=5)))
    add(Case("me-delete", "wrong-current-password", (401, 403, 422), None,
             body=with_(current_password="wrong-password-123")))
    add(Case("me-delete", "no-body", (400, 415, 422), None, raw=b"", content_type=""))
    # --- PATCH /users/{id}
    for f, v in [("name", 5), ("position", False), ("role", 1), ("active", "yes"), ("active", None)]:
        add(Case("user-patch", f"{f}-wrong-type-{type(v).__name__}", 422, INVALID, f,
                 body=lambda b, w, f=f, v=v: {f: v}))
    for label, v in [("empty", ""), ("blank", " \t "), ("too-long", LONG)]:
        add(Case("user-patch", f"name-{label}", 422, INVALID, "name", body=lambda b, w, v=v: {"name": v}))
    add(Case("user-patch", "position-too-long", 422, INVALID, "position", body=lambda b, w: {"position": LONG}))
    for v in ("admin", "Owner", "", "superuser"):
        add(Case("user-patch", f"role-{v or 'empty'}", 422, INVALID, "role", body=lambda b, w, v=v: {"role": v}))
    add(Case("user-patch", "email-field", 422, INVALID, "email", body=lambda b, w: {"email": new_email("u")}))
    add(Case("user-patch", "password-field", 422, INVALID, "password", body=lambda b, w: {"password": "x" * 20}))
    # --- PATCH /organization
    for f, v in [("name", 5), ("time_zone", 5), ("week_start", 1), ("name", None)]:
        add(Case("org-patch", f"{f}-wrong-type-{type(v).__name__}", 422, INVALID, f,
                 body=lambda b, w, f=f, v=v: {f: v}))
    for label, v in [("empty", ""), ("too-long", LONG)]:
        add(Case("org-patch", f"name-{label}", 422, INVALID, "name", body=lambda b, w, v=v: {"name": v}))
    for v in ("Mars/Olympus", "", "Europe/Berlinn", "GMT+25"):
        add(Case("org-patch", f"zone-{v or 'empty'}", 422, INVALID, "time_zone",
                 body=lambda b, w, v=v: {"time_zone": v}))
    for v in ("funday", "", "mon", "8"):
        add(Case("org-patch", f"week-start-{v or 'empty'}", 422, INVALID, "week_start",
                 body=lambda b, w, v=v: {"week_start": v}))
    add(Case("org-patch", "id-field", 422, INVALID, "id", body=lambda b, w: {"id": 5}))
    # --- POST /invitations
    for f in ("email", "role"):
        add(Case("invitation-post", f"missing-{f}", 422, INVALID, f, body=without(f)))
    for f, v in [("email", 5), ("role", 1), ("position", 2), ("role", None)]:
        add(Case("invitation-post", f"{f}-wrong-type-{type(v).__name__}", 422, INVALID, f, body=with_(**{f: v})))
    for i, e in enumerate(BAD_EMAILS):
        add(Case("invitation-post", f"bad-email-{i}", 422, INVALID, "email", body=with_(email=e)))
    for v in ("admin", "", "Employee"):
        add(Case("invitation-post", f"role-{v or 'empty'}", 422, INVALID, "role", body=with_(role=v)))
    add(Case("invitation-post", "position-too-long", 422, INVALID, "position", body=with_(position=LONG)))
    add(Case("invitation-post", "email-taken", 409, "email-taken", body=with_(email=lambda w: w.a.employee.email)))
    add(Case("invitation-post", "email-taken-other-case", 409, "email-taken",
             body=with_(email=lambda w: w.b.owner.email.upper())))
    add(Case("invitation-post", "token-field", 422, INVALID, "token", body=with_(token="chosen")))
    # --- POST /shifts
    for f in ("user_id", "start", "end"):
        add(Case("shift-post", f"missing-{f}", 422, INVALID, f, body=without(f)))
    for f, v in [("user_id", "1"), ("user_id", 1.5), ("user_id", True), ("start", 123), ("end", None),
                 ("note", 5), ("position", 5), ("start", None)]:
        add(Case("shift-post", f"{f}-wrong-type-{type(v).__name__}", 422, INVALID, f, body=with_(**{f: v})))
    for i, v in enumerate(BAD_INSTANTS):
        add(Case("shift-post", f"bad-start-{i}", 422, INVALID, "start", body=with_(start=v)))
        add(Case("shift-post", f"bad-end-{i}", 422, INVALID, "end", body=with_(end=v)))
    add(Case("shift-post", "end-before-start", 422, INVALID, ("end", "start"), body=with_(end="2027-02-01T07:00:00Z")))
    add(Case("shift-post", "end-equals-start", 422, INVALID, ("end", "start"),
             body=with_(end="2027-02-01T08:00:00Z")))
    add(Case("shift-post", "longer-than-24h", 422, INVALID, ("end", "start"),
             body=with_(end="2027-02-02T08:00:01Z")))
    add(Case("shift-post", "note-too-long", 422, INVALID, "note", body=with_(note="n" * 1001)))
    add(Case("shift-post", "note-nul", 422, INVALID, "note", body=with_(note="a\u0000b")))
    add(Case("shift-post", "position-too-long", 422, INVALID, "position", body=with_(position=LONG)))
    add(Case("shift-post", "pattern-id-field", 422, INVALID, "pattern_id", body=with_(pattern_id=1)))
    add(Case("shift-post", "id-field", 422, INVALID, "id", body=with_(id=1)))
    for label, v in [("no-such-user", int(HUGE_ID)), ("zero", 0), ("negative", -1),
                     ("other-org-user", lambda w: w.b.employee.id)]:
        add(Case("shift-post", f"user-{label}", (404, 422), ("not-found", "invalid-input"),
                 body=with_(user_id=v)))
    # --- PATCH /shifts/{id}
    add(Case("shift-patch", "end-before-existing-start", 422, INVALID, ("end", "start"),
             body=lambda b, w: {"end": "2027-01-04T07:00:00Z"}))
    add(Case("shift-patch", "start-after-existing-end", 422, INVALID, ("end", "start"),
             body=lambda b, w: {"start": "2027-01-04T17:00:00Z"}))
    add(Case("shift-patch", "longer-than-24h", 422, INVALID, ("end", "start"),
             body=lambda b, w: {"end": "2027-01-05T09:00:00Z"}))
    for i, v in enumerate(BAD_INSTANTS[:5]):
        add(Case("shift-patch", f"bad-start-{i}", 422, INVALID, "start", body=lambda b, w, v=v: {"start": v}))
    add(Case("shift-patch", "note-too-long", 422, INVALID, "note", body=lambda b, w: {"note": "n" * 1001}))
    add(Case("shift-patch", "user-wrong-type", 422, INVALID, "user_id", body=lambda b, w: {"user_id": "x"}))
    add(Case("shift-patch", "pattern-id-field", 422, INVALID, "pattern_id", body=lambda b, w: {"pattern_id": 1}))
    for label, v in [("no-such-user", int(HUGE_ID)), ("other-org-user", lambda w: w.b.employee.id)]:
        add(Case("shift-patch", f"user-{label}", (404, 422), ("not-found", "invalid-input"),
                 body=lambda b, w, v=v: {"user_id": v(w) if callable(v) else v}))
    # --- POST and PUT /patterns
    for route in ("pattern-post", "pattern-put"):
        for f in ("user_id", "start_date", "end_date", "days"):
            add(Case(route, f"missing-{f}", 422, INVALID, f, body=without(f)))
        for f, v in [("user_id", "1"), ("start_date", 20270208), ("end_date", None), ("days", []), ("days", "monday"),
                     ("position", 3)]:
            add(Case(route, f"{f}-wrong-type-{type(v).__name__}", 422, INVALID, f, body=with_(**{f: v})))
        for i, v in enumerate(BAD_DATES):
            add(Case(route, f"bad-start-date-{i}", 422, INVALID, "start_date", body=with_(start_date=v)))
            add(Case(route, f"bad-end-date-{i}", 422, INVALID, "end_date", body=with_(end_date=v)))
        for i, v in enumerate(BAD_TIMES):
            add(Case(route, f"bad-start-time-{i}", 422, INVALID, "start", body=day({"start": v, "end": "17:00"})))
            add(Case(route, f"bad-end-time-{i}", 422, INVALID, "end", body=day({"start": "08:00", "end": v})))
        add(Case(route, "end-date-before-start-date", 422, INVALID, ("end_date", "start_date"),
                 body=with_(start_date="2027-02-14", end_date="2027-02-08")))
        add(Case(route, "range-over-366-days", 422, INVALID, ("end_date", "start_date"),
                 body=with_(start_date="2027-02-08", end_date="2028-04-01")))
        add(Case(route, "no-day-set", 422, INVALID, "days", body=with_(days={})))
        add(Case(route, "all-days-null", 422, INVALID, "days",
                 body=with_(days={d: None for d in all_days("08:00", "09:00")})))
        add(Case(route, "unknown-weekday", 422, INVALID, ("funday", "days"),
                 body=with_(days={"funday": {"start": "08:00", "end": "09:00"}})))
        add(Case(route, "capitalised-weekday", 422, INVALID, ("Monday", "days"),
                 body=with_(days={"Monday": {"start": "08:00", "end": "09:00"}})))
        add(Case(route, "day-missing-end", 422, INVALID, "end", body=day({"start": "08:00"})))
        add(Case(route, "day-as-string", 422, INVALID, ("monday", "days"), body=day("08:00-17:00")))
        add(Case(route, "day-times-as-numbers", 422, INVALID, "start", body=day({"start": 800, "end": 1700})))
        add(Case(route, "day-extra-key", 422, INVALID, ("break", "monday", "days"),
                 body=day({"start": "08:00", "end": "17:00", "break": 30})))
        add(Case(route, "position-too-long", 422, INVALID, "position", body=with_(position=LONG)))
        for label, v in [("no-such-user", int(HUGE_ID)), ("zero", 0), ("other-org-user", lambda w: w.b.employee.id)]:
            add(Case(route, f"user-{label}", (404, 422), ("not-found", "invalid-input"), body=with_(user_id=v)))
    return c


CASES = [case for name in ROUTES for case in generic_cases(name)] + specific_cases()


def _actor(w: World, who: str):
    return {"owner": w.a.owner, "manager": w.a.manager, "me": w.me}.get(who)


def _email_is_registered(w: World, email: str) -> bool:
    r = w.a.owner.client.post("/invitations", {"email": email, "role": "employee"})
    if r.status_code == 409:
        return True
    inv = expect(r, 201)
    expect(w.a.owner.client.delete(f"/invitations/{inv['id']}"), 204)
    return False


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.route}:{c.label}")
def test_bad_input_is_refused_and_changes_nothing(world, case):
    w = world
    route = ROUTES[case.route]
    valid = route.valid(w) if route.valid else None
    path = route.path
    if "{id}" in path:
        path = path.replace("{id}", case.path_id(w) if case.path_id else str(route.target(w)))
    if case.raw is not None:
        data = case.raw
    elif case.body is not None:
        data = json.dumps(case.body(valid, w), ensure_ascii=False).encode()
    elif valid is not None:
        data = json.dumps(valid).encode()
    else:
        data = None
    headers = {"Content-Type": case.content_type} if (data is not None and case.content_type) else {}
    actor = _actor(w, route.actor)
    client = actor.client if actor else w.server.client()
    me_before = actor.client.ok("/me") if actor else None
    before = snapshot(w.a.owner)
    before_b = snapshot(w.b.owner)

    r = client.request(route.method, path, data=data, headers=headers)
    assert 400 <= r.status_code < 500, describe(r)
    assert_problem(r, case.status, case.slug, case.field)
    assert "token" not in r.json()

    assert snapshot(w.a.owner) == before, "the organisation changed"
    assert snapshot(w.b.owner) == before_b, "the other organisation changed"
    if actor:
        assert actor.client.ok("/me") == me_before, "the caller's session or account changed"
    if case.route == "register":
        # the valid body's address is fresh: whatever was sent, it must still be free
        assert not _email_is_registered(w, valid["email"]), "a refused registration created the account"


def test_the_valid_bodies_are_valid(world):
    """The control for the cases above: each route's valid body is accepted (run last: it changes data)."""
    w = world
    for name in ["register", "me-patch", "user-patch", "org-patch", "invitation-post", "shift-post",
                 "shift-patch", "pattern-post", "pattern-put", "register-invited"]:
        route = ROUTES[name]
        path = route.path.replace("{id}", str(route.target(w))) if route.target else route.path
        actor = _actor(w, route.actor)
        client = actor.client if actor else w.server.client()
        r = client.request(route.method, path, json_body=route.valid(w))
        assert r.status_code in (200, 201), f"{name}: {describe(r)}"
    for name in ["shift-delete", "pattern-delete", "user-delete", "me-delete"]:
        route = ROUTES[name]
        path = route.path.replace("{id}", str(route.target(w))) if route.target else route.path
        body = route.valid(w) if route.valid else None
        kw = {"json_body": body} if body is not None else {}
        r = _actor(w, route.actor).client.request(route.method, path, **kw)
        assert r.status_code == 204, f"{name}: {describe(r)}"
    inv = invite(w.a.owner, new_email("last"), "employee")
    expect(w.a.manager.client.delete(f"/invitations/{inv['id']}"), 204)


# --------------------------------------------------------------------------- login (own server: throttling)


@pytest.fixture(scope="module")
def login_world(module_factory):
    srv = module_factory.start(args=["--max-body-bytes", str(BODY_LIMIT)], name="login")
    o = make_org(srv)
    return srv, o.owner


LOGIN_CASES = [
    ("malformed-json", b'{"email": ', "application/json", 400, "malformed-request", None),
    ("not-an-object", b"[]", "application/json", (400, 422), ("malformed-request", "invalid-input"), None),
    ("text-plain", None, "text/plain", 415, "unsupported-media-type", None),
    ("oversized", "oversized", "application/json", 413, "payload-too-large", None),
    ("missing-email", {"password": "x" * 12}, "application/json", 422, "invalid-input", "email"),
    ("missing-password", {"email": "a@example.com"}, "application/json", 422, "invalid-input", "password"),
    ("email-wrong-type", {"email": 5, "password": "x" * 12}, "application/json", 422, "invalid-input", "email"),
    ("password-wrong-type", {"email": "a@example.com", "password": 5}, "application/json", 422, "invalid-input",
     "password"),
    ("unknown-field", {"email": "a@example.com", "password": "x" * 12, "remember": True}, "application/json", 422,
     "invalid-input", "remember"),
]


@pytest.mark.parametrize("label,body,ctype,status,slug,field", LOGIN_CASES, ids=[c[0] for c in LOGIN_CASES])
def test_bad_login_input(login_world, label, body, ctype, status, slug, field):
    srv, owner = login_world
    if body is None:
        data = json.dumps({"email": owner.email, "password": owner.password}).encode()
    elif body == "oversized":
        data = json.dumps({"email": owner.email, "password": owner.password, "pad": "p" * (BODY_LIMIT + 100)}).encode()
    elif isinstance(body, bytes):
        data = body
    else:
        data = json.dumps(body).encode()
    r = srv.client().request("POST", "/auth/login", data=data, headers={"Content-Type": ctype})
    body_json = assert_problem(r, status, slug, field)
    assert "token" not in body_json
    assert not [h for h in r.raw.headers.getlist("Set-Cookie") if h.startswith("shiftsync_session=") and
                not h.startswith("shiftsync_session=;")], r.headers


def test_body_over_one_mebibyte_on_the_default_server(server, org):
    padding = "p" * (1024 * 1024 + 10)
    r = org.manager.client.post("/shifts", {"user_id": None, "start": "2027-02-01T08:00:00Z",
                                            "end": "2027-02-01T09:00:00Z", "note": padding})
    assert_problem(r, 413, "payload-too-large")
    assert [s for s in org.owner.client.ok("/shifts", params={"from": "2027-02-01T00:00:00Z",
                                                              "to": "2027-02-02T00:00:00Z"})["shifts"]] == []


def test_body_under_the_default_limit_is_read(server, org):
    r = org.manager.client.post("/shifts", {"user_id": None, "start": "2027-02-01T08:00:00Z",
                                            "end": "2027-02-01T09:00:00Z", "note": "n" * (1000 * 1000)})
    assert_problem(r, 422, "invalid-input", "note")
