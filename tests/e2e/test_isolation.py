"""A second organisation sees nothing of the first: 404 by id, absent from every list."""
from __future__ import annotations

import pytest

from support import WINDOW, all_days, assert_problem, expect, fresh_day, invite, make_shift, new_email, snapshot


@pytest.fixture(scope="module")
def a_data(org):
    d = fresh_day()
    shift = make_shift(org.owner, org.employee.id, f"{d}T08:00:00Z", f"{d}T10:00:00Z", note="A's")
    d = fresh_day()
    open_shift = make_shift(org.owner, None, f"{d}T08:00:00Z", f"{d}T10:00:00Z")
    d = fresh_day()
    pattern = expect(org.owner.client.post("/patterns", {"user_id": org.employee.id, "start_date": d,
                                                         "end_date": d, "days": all_days("13:00", "14:00")}), 201)
    inv = invite(org.owner, new_email("a-inv"), "employee")
    return {"users": org.employee.id, "shifts": shift["id"], "open": open_shift["id"], "patterns": pattern["id"],
            "invitations": inv["id"], "manager": org.manager.id, "owner": org.owner.id}


def _attempts():
    cases = []
    for role in ("owner", "manager", "employee"):
        cases += [(role, "GET", "users"), (role, "GET", "shifts"), (role, "GET", "open"), (role, "GET", "patterns")]
    for role in ("owner", "manager"):
        cases += [(role, "PATCH", "users"), (role, "DELETE", "users"), (role, "PATCH", "shifts"),
                  (role, "DELETE", "shifts"), (role, "PATCH", "open"), (role, "DELETE", "open"),
                  (role, "PUT", "patterns"), (role, "DELETE", "patterns"), (role, "DELETE", "invitations")]
    cases += [("owner", "GET", "owner"), ("owner", "PATCH", "owner"), ("owner", "DELETE", "owner"),
              ("owner", "PATCH", "manager")]
    return cases


BODIES = {
    ("PATCH", "users"): {"name": "Hijacked"},
    ("PATCH", "owner"): {"role": "employee"},
    ("PATCH", "manager"): {"role": "employee"},
    ("PATCH", "shifts"): {"note": "hijacked"},
    ("PATCH", "open"): {"note": "hijacked"},
}


@pytest.mark.parametrize("role,method,kind", _attempts())
def test_other_organisation_gets_404_by_id(org, other_org, a_data, role, method, kind):
    before = snapshot(org.owner)
    actor = other_org.by_role(role)
    collection = {"open": "shifts", "owner": "users", "manager": "users"}.get(kind, kind)
    path = f"/{collection}/{a_data[kind]}"
    body = BODIES.get((method, kind))
    if method == "PUT":
        d = fresh_day()
        body = {"user_id": other_org.employee.id, "start_date": d, "end_date": d, "days": all_days("08:00", "09:00")}
    kw = {"json_body": body} if body is not None else {}
    r = actor.client.request(method, path, **kw)
    assert_problem(r, 404, "not-found")
    assert snapshot(org.owner) == before


def test_lists_never_show_the_other_organisation(org, other_org, a_data):
    d = fresh_day()
    make_shift(other_org.owner, other_org.employee.id, f"{d}T08:00:00Z", f"{d}T10:00:00Z")
    a_user_ids = {u["id"] for u in org.owner.client.ok("/users", params={"include_inactive": "true"})["users"]}
    for role in ("owner", "manager", "employee"):
        c = other_org.by_role(role).client
        users = c.ok("/users", params={"include_inactive": "true"})["users"]
        assert {u["id"] for u in users} == {other_org.owner.id, other_org.manager.id, other_org.employee.id}
        assert not a_user_ids & {u["id"] for u in users}
        shifts = c.ok("/shifts", params=WINDOW)["shifts"]
        assert shifts and all(s["id"] not in (a_data["shifts"], a_data["open"]) for s in shifts)
        assert all(s["user_id"] in (None, other_org.owner.id, other_org.manager.id, other_org.employee.id)
                   for s in shifts)
        assert a_data["patterns"] not in [p["id"] for p in c.ok("/patterns")["patterns"]]
        sched = c.ok("/schedule", params={"week": "2027-03-22"})
        assert not a_user_ids & {e["id"] for e in sched["employees"]}
    invs = other_org.owner.client.ok("/invitations")["invitations"]
    assert a_data["invitations"] not in [i["id"] for i in invs]


def test_filtering_by_another_organisations_user_shows_nothing(org, other_org, a_data):
    c = other_org.owner.client
    r = c.get("/shifts", params=dict(WINDOW, user_id=org.employee.id))
    if r.status_code == 200:
        assert r.json()["shifts"] == []
    else:
        assert_problem(r, 404, "not-found")
    r = c.get("/patterns", params={"user_id": org.employee.id})
    if r.status_code == 200:
        assert r.json()["patterns"] == []
    else:
        assert_problem(r, 404, "not-found")


def test_shift_for_another_organisations_user_is_refused(org, other_org):
    before_a, before_b = snapshot(org.owner), snapshot(other_org.owner)
    d = fresh_day()
    r = other_org.owner.client.post("/shifts", {"user_id": org.employee.id, "start": f"{d}T08:00:00Z",
                                                "end": f"{d}T10:00:00Z"})
    assert_problem(r, (404, 422))
    s = make_shift(other_org.owner, other_org.employee.id, f"{d}T08:00:00Z", f"{d}T10:00:00Z")
    before_b = snapshot(other_org.owner)
    r = other_org.owner.client.patch(f"/shifts/{s['id']}", {"user_id": org.employee.id})
    assert_problem(r, (404, 422))
    assert snapshot(org.owner) == before_a
    assert snapshot(other_org.owner) == before_b


def test_pattern_for_another_organisations_user_is_refused(org, other_org):
    before_a, before_b = snapshot(org.owner), snapshot(other_org.owner)
    d = fresh_day()
    r = other_org.owner.client.post("/patterns", {"user_id": org.employee.id, "start_date": d, "end_date": d,
                                                  "days": all_days("08:00", "09:00")})
    assert_problem(r, (404, 422))
    assert snapshot(org.owner) == before_a
    assert snapshot(other_org.owner) == before_b
