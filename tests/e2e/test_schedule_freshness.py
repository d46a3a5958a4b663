"""GET /schedule is served from a cache validated by the organisation's schedule revision:
every kind of change shows on the very next read, on this server and on any other server
sharing the database; ETags let clients revalidate for free."""
from __future__ import annotations

import pytest

from support import Actor, add_member, expect, make_org, make_shift

WEEK = "2027-05-10"  # a Monday


def schedule(actor: Actor) -> dict:
    return actor.client.ok("/schedule", params={"week": WEEK})


def employee_row(sched: dict, user_id: int) -> dict | None:
    return next((e for e in sched["employees"] if e["id"] == user_id), None)


def all_shift_ids(sched: dict) -> set[int]:
    ids = {s["id"] for e in sched["employees"] for day in e["days"] for s in day}
    return ids | {s["id"] for day in sched["open_shifts"] for s in day}


@pytest.fixture()
def fresh(server):
    org = make_org(server)
    schedule(org.owner)  # warm the cache
    return org


def test_shift_writes_show_at_once(fresh):
    o = fresh
    shift = make_shift(o.manager, o.employee.id, "2027-05-11T07:00:00Z", "2027-05-11T15:00:00Z")
    row = employee_row(schedule(o.employee), o.employee.id)
    assert [s["id"] for s in row["days"][1]] == [shift["id"]]
    assert row["hours"] == 8

    expect(o.manager.client.patch(f"/shifts/{shift['id']}", {"note": "bring keys"}), 200)
    assert employee_row(schedule(o.employee), o.employee.id)["days"][1][0]["note"] == "bring keys"

    expect(o.manager.client.patch(f"/shifts/{shift['id']}", {"user_id": None}), 200)
    sched = schedule(o.employee)
    assert employee_row(sched, o.employee.id)["hours"] == 0
    assert [s["id"] for s in sched["open_shifts"][1]] == [shift["id"]]

    expect(o.manager.client.delete(f"/shifts/{shift['id']}"), 204)
    assert shift["id"] not in all_shift_ids(schedule(o.employee))


def test_people_changes_show_at_once(fresh, server):
    o = fresh
    expect(o.owner.client.patch(f"/users/{o.employee.id}", {"name": "Renamed Person"}), 200)
    assert employee_row(schedule(o.manager), o.employee.id)["name"] == "Renamed Person"

    expect(o.manager.client.patch("/me", {"position": "Head barista"}), 200)  # positions are managers' to set
    assert employee_row(schedule(o.employee), o.manager.id)["position"] == "Head barista"

    newcomer = add_member(o.owner, "employee", name="Newcomer")
    assert employee_row(schedule(o.manager), newcomer.id) is not None

    future = make_shift(o.manager, newcomer.id, "2027-05-12T07:00:00Z", "2027-05-12T09:00:00Z")
    expect(o.owner.client.delete(f"/users/{newcomer.id}"), 204)
    sched = schedule(o.manager)
    assert employee_row(sched, newcomer.id) is None
    assert future["id"] in [s["id"] for s in sched["open_shifts"][2]]


def test_pattern_and_organisation_changes_show_at_once(fresh):
    o = fresh
    body = {"user_id": o.employee.id, "start_date": "2027-05-10", "end_date": "2027-05-16",
            "days": {"wednesday": {"start": "08:00", "end": "12:00"}}}
    pattern = expect(o.manager.client.post("/patterns", body), 201)
    row = employee_row(schedule(o.employee), o.employee.id)
    assert row["latest_pattern"]["id"] == pattern["id"]
    assert len(row["days"][2]) == 1 and row["hours"] == 4

    body["days"] = {"thursday": {"start": "08:00", "end": "10:00"}}
    expect(o.manager.client.put(f"/patterns/{pattern['id']}", body), 200)
    row = employee_row(schedule(o.employee), o.employee.id)
    assert row["days"][2] == [] and len(row["days"][3]) == 1 and row["hours"] == 2

    expect(o.manager.client.delete(f"/patterns/{pattern['id']}"), 204)
    row = employee_row(schedule(o.employee), o.employee.id)
    assert row["latest_pattern"] is None and row["hours"] == 0

    expect(o.owner.client.patch("/organization", {"week_start": "sunday"}), 200)
    assert schedule(o.employee)["week_start"] == "2027-05-09"


def test_etag_revalidation(fresh):
    o = fresh
    first = o.employee.client.get("/schedule", params={"week": WEEK})
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')

    again = o.employee.client.get("/schedule", params={"week": WEEK}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag

    make_shift(o.manager, o.employee.id, "2027-05-13T07:00:00Z", "2027-05-13T08:00:00Z")
    changed = o.employee.client.get("/schedule", params={"week": WEEK}, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert len(employee_row(changed.json(), o.employee.id)["days"][3]) == 1


def test_cache_never_crosses_organisations(server):
    a, b = make_org(server), make_org(server)
    schedule(a.owner)
    names_b = {e["name"] for e in schedule(b.owner)["employees"]}
    assert names_b == {x.user["name"] for x in (b.owner, b.manager, b.employee)}
    assert not names_b & {x.user["name"] for x in (a.owner, a.manager, a.employee)}


def test_a_second_server_on_the_same_database_never_serves_stale(server_factory):
    first = server_factory.start(name="first")
    org = make_org(first)
    assert employee_row(schedule(org.owner), org.employee.id)["hours"] == 0  # cached on the first server

    second = server_factory.start(name="second", data_dir=first.data_dir)
    manager_on_second = Actor(second, org.manager.email, org.manager.password, org.manager.token,
                              org.manager.user, org.manager.organization)
    make_shift(manager_on_second, org.employee.id, "2027-05-11T07:00:00Z", "2027-05-11T10:00:00Z")
    assert employee_row(schedule(org.owner), org.employee.id)["hours"] == 3
