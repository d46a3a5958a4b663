"""GET /schedule: weeks in the organisation's zone, DST days, people, hours, patterns, open shifts."""
from __future__ import annotations

import datetime
import zoneinfo

import pytest

from support import add_member, assert_problem, expect, make_org, make_shift


def ids(shift_lists):
    return [[s["id"] for s in day] for day in shift_lists]


def check_shape(sched, week_start, tz):
    assert sched["week_start"] == week_start
    assert sched["time_zone"] == tz
    assert len(sched["days"]) == 7 and len(sched["open_shifts"]) == 7
    first = datetime.date.fromisoformat(week_start)
    assert [d["date"] for d in sched["days"]] == [(first + datetime.timedelta(days=i)).isoformat() for i in range(7)]
    for a, b in zip(sched["days"], sched["days"][1:]):
        assert a["end"] == b["start"], "days are contiguous"
    for e in sched["employees"]:
        assert {"id", "name", "position", "role", "picture_url", "days", "hours", "latest_pattern"} <= set(e), e
        assert len(e["days"]) == 7


def hours_of(sched):
    return [d["hours"] for d in sched["days"]]


@pytest.fixture(scope="module")
def spring(server):
    o = make_org(server)
    e, m = o.employee, o.manager
    s = {
        "previous_sunday": make_shift(o.owner, e.id, "2027-03-21T22:00:00Z", "2027-03-22T02:00:00Z"),
        "monday": make_shift(o.owner, e.id, "2027-03-22T07:00:00Z", "2027-03-22T16:00:00Z"),
        "tuesday_early": make_shift(o.owner, e.id, "2027-03-22T23:30:00Z", "2027-03-23T00:30:00Z"),
        "saturday_night": make_shift(o.owner, e.id, "2027-03-27T21:00:00Z", "2027-03-28T04:00:00Z"),
        "sunday": make_shift(o.owner, e.id, "2027-03-28T06:00:00Z", "2027-03-28T10:30:00Z"),
        "open": make_shift(o.owner, None, "2027-03-24T10:00:00Z", "2027-03-24T12:00:00Z"),
        "next_monday": make_shift(o.owner, e.id, "2027-03-28T22:00:00Z", "2027-03-29T02:00:00Z"),
    }
    pattern = expect(o.owner.client.post("/patterns", {
        "user_id": m.id, "start_date": "2027-03-22", "end_date": "2027-03-28",
        "days": {"monday": {"start": "08:00", "end": "09:00"}}}), 201)
    removed = add_member(o.owner, "employee", name="Zed Removed")
    expect(o.owner.client.delete(f"/users/{removed.id}"), 204)
    return o, s, pattern, removed


@pytest.mark.parametrize("role", ["employee", "manager", "owner"])
def test_spring_forward_week(spring, role):
    o, s, pattern, removed = spring
    sched = o.by_role(role).client.ok("/schedule", params={"week": "2027-03-24"})
    check_shape(sched, "2027-03-22", "Europe/Berlin")
    assert hours_of(sched) == [24, 24, 24, 24, 24, 24, 23]
    assert sched["days"][0]["start"] == "2027-03-21T23:00:00Z"
    assert sched["days"][6]["start"] == "2027-03-27T23:00:00Z"
    assert sched["days"][6]["end"] == "2027-03-28T22:00:00Z"

    people = sched["employees"]
    names = [p["name"] for p in people]
    assert names == sorted(names, key=str.casefold) or names == sorted(names)
    assert {p["id"] for p in people} == {o.owner.id, o.manager.id, o.employee.id}, "active people only"
    emp = next(p for p in people if p["id"] == o.employee.id)
    assert ids(emp["days"]) == [[s["monday"]["id"]], [s["tuesday_early"]["id"]], [], [], [],
                                [s["saturday_night"]["id"]], [s["sunday"]["id"]]]
    assert emp["hours"] == pytest.approx(9 + 1 + 7 + 4.5)
    assert emp["latest_pattern"] is None
    mgr = next(p for p in people if p["id"] == o.manager.id)
    assert mgr["latest_pattern"] is not None and mgr["latest_pattern"]["id"] == pattern["id"]
    assert mgr["hours"] == pytest.approx(1)
    assert [len(d) for d in mgr["days"]] == [1, 0, 0, 0, 0, 0, 0]
    assert ids(sched["open_shifts"]) == [[], [], [s["open"]["id"]], [], [], [], []]
    assert removed.id not in {p["id"] for p in people}


def test_autumn_week_has_a_25_hour_day(spring):
    o = spring[0]
    sched = o.employee.client.ok("/schedule", params={"week": "2027-10-31"})
    check_shape(sched, "2027-10-25", "Europe/Berlin")
    assert hours_of(sched) == [24, 24, 24, 24, 24, 24, 25]
    assert sched["days"][6]["start"] == "2027-10-30T22:00:00Z"
    assert sched["days"][6]["end"] == "2027-10-31T23:00:00Z"


def test_ordinary_week(spring):
    o = spring[0]
    sched = o.owner.client.ok("/schedule", params={"week": "2027-06-13"})
    check_shape(sched, "2027-06-07", "Europe/Berlin")
    assert hours_of(sched) == [24] * 7
    assert sched["days"][0]["start"] == "2027-06-06T22:00:00Z"
    assert all(e["hours"] == 0 and e["days"] == [[]] * 7 for e in sched["employees"])


def test_new_york_week_starting_on_sunday(server):
    o = make_org(server, tz="America/New_York", week_start="sunday")
    spring = o.manager.client.ok("/schedule", params={"week": "2027-03-17"})
    check_shape(spring, "2027-03-14", "America/New_York")
    assert hours_of(spring) == [23, 24, 24, 24, 24, 24, 24]
    assert spring["days"][0]["start"] == "2027-03-14T05:00:00Z"
    assert spring["days"][0]["end"] == "2027-03-15T04:00:00Z"
    autumn = o.manager.client.ok("/schedule", params={"week": "2027-11-07"})
    check_shape(autumn, "2027-11-07", "America/New_York")
    assert hours_of(autumn) == [25, 24, 24, 24, 24, 24, 24]
    assert autumn["days"][0]["start"] == "2027-11-07T04:00:00Z"
    assert autumn["days"][0]["end"] == "2027-11-08T05:00:00Z"


def test_week_start_sunday_after_changing_the_organisation(server):
    o = make_org(server)
    sh = make_shift(o.owner, o.employee.id, "2027-03-21T08:00:00Z", "2027-03-21T10:00:00Z")  # a Sunday
    before = o.owner.client.ok("/schedule", params={"week": "2027-03-24"})
    check_shape(before, "2027-03-22", "Europe/Berlin")
    body = expect(o.owner.client.patch("/organization", {"week_start": "sunday"}), 200)
    assert body["week_start"] == "sunday"
    assert o.employee.client.ok("/organization")["week_start"] == "sunday"
    sched = o.employee.client.ok("/schedule", params={"week": "2027-03-24"})
    check_shape(sched, "2027-03-21", "Europe/Berlin")
    assert hours_of(sched) == [24] * 7
    emp = next(p for p in sched["employees"] if p["id"] == o.employee.id)
    assert ids(emp["days"])[0] == [sh["id"]]
    assert emp["hours"] == pytest.approx(2)
    dst = o.employee.client.ok("/schedule", params={"week": "2027-03-28"})
    check_shape(dst, "2027-03-28", "Europe/Berlin")
    assert hours_of(dst)[0] == 23


def test_latest_pattern_is_by_end_date_then_id(server):
    o = make_org(server)
    c = o.owner.client
    a, b = o.employee, o.manager
    later = expect(c.post("/patterns", {"user_id": a.id, "start_date": "2027-04-05", "end_date": "2027-04-30",
                                        "days": {"monday": {"start": "08:00", "end": "09:00"}}}), 201)
    expect(c.post("/patterns", {"user_id": a.id, "start_date": "2027-04-05", "end_date": "2027-04-11",
                                "days": {"tuesday": {"start": "08:00", "end": "09:00"}}}), 201)
    expect(c.post("/patterns", {"user_id": b.id, "start_date": "2027-04-05", "end_date": "2027-04-11",
                                "days": {"monday": {"start": "08:00", "end": "09:00"}}}), 201)
    same_end_newer = expect(c.post("/patterns", {"user_id": b.id, "start_date": "2027-04-05",
                                                 "end_date": "2027-04-11",
                                                 "days": {"tuesday": {"start": "08:00", "end": "09:00"}}}), 201)
    sched = c.ok("/schedule", params={"week": "2027-04-07"})
    people = {p["id"]: p for p in sched["employees"]}
    assert people[a.id]["latest_pattern"]["id"] == later["id"]
    assert people[b.id]["latest_pattern"]["id"] == same_end_newer["id"]
    assert people[o.owner.id]["latest_pattern"] is None


def test_default_week_is_the_current_one(server):
    o = make_org(server)
    sched = o.employee.client.ok("/schedule")
    first = datetime.date.fromisoformat(sched["week_start"])
    assert first.weekday() == 0, "monday by default"
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Berlin")).date()
    dates = [d["date"] for d in sched["days"]]
    assert today.isoformat() in dates or (today - datetime.timedelta(days=1)).isoformat() in dates


@pytest.mark.parametrize("week", ["2027-13-01", "2027-02-30", "next-week", "2027-3-1", "2027-03-01T00:00:00Z"])
def test_bad_week_parameter(server, spring, week):
    o = spring[0]
    r = o.owner.client.get("/schedule", params={"week": week})
    assert_problem(r, (400, 422), ("malformed-request", "invalid-input"))
