"""Weekly patterns: generation in the organisation's zone (DST), overnight, PUT, DELETE, overlaps."""
from __future__ import annotations

import datetime
import zoneinfo

import pytest

from support import (WINDOW, add_member, all_days, assert_problem, expect, list_shifts, make_org, make_shift,
                     register_owner)

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def set_days(days: dict) -> dict:
    return {k: v for k, v in days.items() if v is not None}


def window(first: str, last: str) -> dict:
    return {"from": f"{first}T00:00:00Z", "to": f"{last}T23:59:59Z"}


def create_pattern(actor, user_id, start_date, end_date, days, status=201, **extra):
    body = {"user_id": user_id, "start_date": start_date, "end_date": end_date, "days": days, **extra}
    return expect(actor.client.post("/patterns", body), status)


def spans(shifts):
    return [(s["start"], s["end"]) for s in shifts]


@pytest.fixture(scope="module")
def ny(server):
    return make_org(server, tz="America/New_York")


@pytest.fixture
def berlin_worker(org):
    return add_member(org.owner, "employee", position="Baker")


def test_pattern_is_stored_and_generates_shifts(org, berlin_worker):
    days = {"monday": {"start": "08:00", "end": "12:30"}, "thursday": {"start": "13:15", "end": "18:00"}}
    p = create_pattern(org.manager, berlin_worker.id, "2027-05-03", "2027-05-16", days)
    assert p["user_id"] == berlin_worker.id and p["start_date"] == "2027-05-03" and p["end_date"] == "2027-05-16"
    assert set_days(p["days"]) == days
    assert p["position"] == "Baker", "position defaults to the employee's"
    assert p["shift_count"] == 4
    got = org.employee.client.ok(f"/patterns/{p['id']}")
    assert {k: v for k, v in got.items() if k != "shift_count"} == {k: v for k, v in p.items() if k != "shift_count"}
    assert p["id"] in [x["id"] for x in org.employee.client.ok("/patterns")["patterns"]]
    assert [x["id"] for x in org.owner.client.ok("/patterns", params={"user_id": berlin_worker.id})["patterns"]] \
        == [p["id"]]
    shifts = list_shifts(org.owner, berlin_worker.id, window("2027-05-01", "2027-05-20"))
    assert spans(shifts) == [  # CEST, UTC+2
        ("2027-05-03T06:00:00Z", "2027-05-03T10:30:00Z"), ("2027-05-06T11:15:00Z", "2027-05-06T16:00:00Z"),
        ("2027-05-10T06:00:00Z", "2027-05-10T10:30:00Z"), ("2027-05-13T11:15:00Z", "2027-05-13T16:00:00Z")]
    assert all(s["pattern_id"] == p["id"] and s["position"] == "Baker" for s in shifts)


def test_explicit_pattern_position_goes_to_its_shifts(org, berlin_worker):
    p = create_pattern(org.manager, berlin_worker.id, "2027-05-24", "2027-05-24", all_days("08:00", "09:00"),
                       position="Oven")
    assert p["position"] == "Oven"
    shifts = list_shifts(org.owner, berlin_worker.id, window("2027-05-24", "2027-05-24"))
    assert [s["position"] for s in shifts] == ["Oven"]


def test_berlin_spring_forward_keeps_local_times(org, berlin_worker):
    p = create_pattern(org.manager, berlin_worker.id, "2027-03-22", "2027-04-04", all_days("08:00", "17:00"))
    assert p["shift_count"] == 14
    shifts = list_shifts(org.owner, berlin_worker.id, window("2027-03-20", "2027-04-06"))
    expected = [(f"2027-03-{d}T07:00:00Z", f"2027-03-{d}T16:00:00Z") for d in range(22, 28)]
    expected += [(f"2027-03-{d}T06:00:00Z", f"2027-03-{d}T15:00:00Z") for d in range(28, 32)]
    expected += [(f"2027-04-0{d}T06:00:00Z", f"2027-04-0{d}T15:00:00Z") for d in range(1, 5)]
    assert spans(shifts) == expected


def test_berlin_fall_back_keeps_local_times(org, berlin_worker):
    create_pattern(org.manager, berlin_worker.id, "2027-10-29", "2027-11-01", all_days("08:00", "17:00"))
    shifts = list_shifts(org.owner, berlin_worker.id, window("2027-10-28", "2027-11-02"))
    assert spans(shifts) == [
        ("2027-10-29T06:00:00Z", "2027-10-29T15:00:00Z"), ("2027-10-30T06:00:00Z", "2027-10-30T15:00:00Z"),
        ("2027-10-31T07:00:00Z", "2027-10-31T16:00:00Z"), ("2027-11-01T07:00:00Z", "2027-11-01T16:00:00Z")]


def test_overnight_pattern_across_spring_forward(org, berlin_worker):
    days = {"friday": {"start": "22:00", "end": "06:00"}, "saturday": {"start": "22:00", "end": "06:00"},
            "sunday": {"start": "22:00", "end": "06:00"}}
    p = create_pattern(org.manager, berlin_worker.id, "2027-03-05", "2027-03-14", days)
    assert p["shift_count"] == 6
    create_pattern(org.manager, berlin_worker.id, "2027-03-26", "2027-03-28", days)
    shifts = list_shifts(org.owner, berlin_worker.id, window("2027-03-26", "2027-03-29"))
    assert spans(shifts) == [
        ("2027-03-26T21:00:00Z", "2027-03-27T05:00:00Z"),   # 8 hours
        ("2027-03-27T21:00:00Z", "2027-03-28T04:00:00Z"),   # 7 hours: the clocks jump at 02:00
        ("2027-03-28T20:00:00Z", "2027-03-29T04:00:00Z")]   # 8 hours, CEST


def test_end_equal_to_start_is_refused(org, berlin_worker):
    # docs/API.md: "an end equal to the start is refused (422)" and nothing is created.
    before = list_shifts(org.owner, berlin_worker.id, window("2027-06-07", "2027-06-08"))
    r = org.manager.client.post("/patterns", {"user_id": berlin_worker.id, "start_date": "2027-06-07",
                                              "end_date": "2027-06-07",
                                              "days": {"monday": {"start": "08:00", "end": "08:00"}}})
    assert_problem(r, 422, "invalid-input", "days.monday")
    assert list_shifts(org.owner, berlin_worker.id, window("2027-06-07", "2027-06-08")) == before


@pytest.mark.parametrize("first,last,expected", [
    ("2027-03-08", "2027-03-17",   # spring forward on Sunday 2027-03-14
     [(f"2027-03-{d:02d}T14:00:00Z", f"2027-03-{d:02d}T22:00:00Z") for d in range(8, 14)]
     + [(f"2027-03-{d:02d}T13:00:00Z", f"2027-03-{d:02d}T21:00:00Z") for d in range(14, 18)]),
    ("2027-11-03", "2027-11-09",   # fall back on Sunday 2027-11-07
     [(f"2027-11-{d:02d}T13:00:00Z", f"2027-11-{d:02d}T21:00:00Z") for d in range(3, 7)]
     + [(f"2027-11-{d:02d}T14:00:00Z", f"2027-11-{d:02d}T22:00:00Z") for d in range(7, 10)]),
])
def test_new_york_dst(ny, first, last, expected):
    w = add_member(ny.owner, "employee")
    create_pattern(ny.manager, w.id, first, last, all_days("09:00", "17:00"))
    assert spans(list_shifts(ny.owner, w.id, window(first, last))) == expected


def test_new_york_skipped_and_repeated_wall_times(ny):
    w = add_member(ny.owner, "employee")
    # 02:30 does not exist on 2027-03-14: it resolves to 03:30 EDT, the same distance past the gap.
    create_pattern(ny.manager, w.id, "2027-03-14", "2027-03-14", {"sunday": {"start": "02:30", "end": "04:00"}})
    # 01:30 happens twice on 2027-11-07: the first (EDT) one is meant.
    create_pattern(ny.manager, w.id, "2027-11-07", "2027-11-07", {"sunday": {"start": "01:30", "end": "03:00"}})
    assert spans(list_shifts(ny.owner, w.id, window("2027-03-13", "2027-03-15"))) == [
        ("2027-03-14T07:30:00Z", "2027-03-14T08:00:00Z")]
    assert spans(list_shifts(ny.owner, w.id, window("2027-11-06", "2027-11-08"))) == [
        ("2027-11-07T05:30:00Z", "2027-11-07T08:00:00Z")]


def test_pattern_only_generates_shifts_that_start_after_now(org, berlin_worker):
    zone = zoneinfo.ZoneInfo("Europe/Berlin")
    today = datetime.datetime.now(zone).date()
    first, last = today - datetime.timedelta(days=3), today + datetime.timedelta(days=10)

    def expected_count(now):
        n, d = 0, first
        while d <= last:
            if datetime.datetime.combine(d, datetime.time(8, 0), zone) >= now:
                n += 1
            d += datetime.timedelta(days=1)
        return n

    before = datetime.datetime.now(datetime.timezone.utc)
    p = create_pattern(org.manager, berlin_worker.id, first.isoformat(), last.isoformat(), all_days("08:00", "09:00"))
    after = datetime.datetime.now(datetime.timezone.utc)
    assert p["shift_count"] in {expected_count(before), expected_count(after)}
    shifts = list_shifts(org.owner, berlin_worker.id,
                         {"from": f"{first}T00:00:00Z", "to": f"{last + datetime.timedelta(days=1)}T00:00:00Z"})
    assert len(shifts) == p["shift_count"]
    assert all(s["start"] > before.strftime("%Y-%m-%dT%H:%M:%SZ") for s in shifts), shifts


def test_put_replaces_future_shifts_and_leaves_detached_ones(org, berlin_worker):
    c = org.manager.client
    body = {"user_id": berlin_worker.id, "start_date": "2027-07-05", "end_date": "2027-07-18",
            "days": {"monday": {"start": "08:00", "end": "12:00"}, "wednesday": {"start": "08:00", "end": "12:00"}}}
    p = expect(c.post("/patterns", body), 201)
    w = window("2027-07-01", "2027-07-31")
    shifts = list_shifts(org.owner, berlin_worker.id, w)
    assert len(shifts) == 4
    detached = expect(c.patch(f"/shifts/{shifts[0]['id']}", {"note": "swapped with Sam"}), 200)
    assert detached["pattern_id"] is None, "editing a generated shift detaches it"

    body2 = dict(body, days={"tuesday": {"start": "10:00", "end": "14:00"},
                             "thursday": {"start": "10:00", "end": "14:00"}}, position="Counter")
    replaced = expect(c.put(f"/patterns/{p['id']}", body2), 200)
    assert replaced["id"] == p["id"] and set_days(replaced["days"]) == body2["days"]
    assert replaced["position"] == "Counter"
    got = c.ok(f"/patterns/{p['id']}")
    assert set_days(got["days"]) == body2["days"] and got["position"] == "Counter"
    after = list_shifts(org.owner, berlin_worker.id, w)
    assert detached in after, "a detached shift stays as it was"
    generated = [s for s in after if s["id"] != detached["id"]]
    assert spans(generated) == [
        ("2027-07-06T08:00:00Z", "2027-07-06T12:00:00Z"), ("2027-07-08T08:00:00Z", "2027-07-08T12:00:00Z"),
        ("2027-07-13T08:00:00Z", "2027-07-13T12:00:00Z"), ("2027-07-15T08:00:00Z", "2027-07-15T12:00:00Z")]
    assert all(s["pattern_id"] == p["id"] and s["position"] == "Counter" for s in generated)
    old_ids = {s["id"] for s in shifts[1:]}
    assert not old_ids & {s["id"] for s in after}, "the old generated shifts are gone"


def test_delete_removes_its_future_shifts_only(org, berlin_worker):
    c = org.manager.client
    p = create_pattern(org.manager, berlin_worker.id, "2027-08-02", "2027-08-08", all_days("08:00", "09:00"))
    w = window("2027-08-01", "2027-08-09")
    shifts = list_shifts(org.owner, berlin_worker.id, w)
    assert len(shifts) == 7
    detached = expect(c.patch(f"/shifts/{shifts[3]['id']}", {"end": shifts[3]["end"].replace("07:00", "07:30")}),
                      200)
    manual = make_shift(org.manager, berlin_worker.id, "2027-08-02T12:00:00Z", "2027-08-02T13:00:00Z")
    expect(c.delete(f"/patterns/{p['id']}"), 204)
    assert_problem(c.get(f"/patterns/{p['id']}"), 404, "not-found")
    assert_problem(c.delete(f"/patterns/{p['id']}"), 404, "not-found")
    assert p["id"] not in [x["id"] for x in c.ok("/patterns")["patterns"]]
    assert list_shifts(org.owner, berlin_worker.id, w) == [manual, detached]


def test_overlapping_pattern_creates_nothing(org, berlin_worker):
    c = org.manager.client
    manual = make_shift(org.manager, berlin_worker.id, "2027-09-08T09:00:00Z", "2027-09-08T10:00:00Z")
    patterns_before = c.ok("/patterns", params={"user_id": berlin_worker.id})
    shifts_before = list_shifts(org.owner, berlin_worker.id)
    r = c.post("/patterns", {"user_id": berlin_worker.id, "start_date": "2027-09-06", "end_date": "2027-09-12",
                             "days": all_days("08:00", "17:00")})
    body = assert_problem(r, 409, "shift-overlap")
    assert body.get("conflicting_shift_id") == manual["id"]
    assert c.ok("/patterns", params={"user_id": berlin_worker.id}) == patterns_before
    assert list_shifts(org.owner, berlin_worker.id) == shifts_before


def test_pattern_overlapping_another_pattern_is_refused(org, berlin_worker):
    c = org.manager.client
    create_pattern(org.manager, berlin_worker.id, "2027-09-20", "2027-09-26", all_days("08:00", "12:00"))
    before = (c.ok("/patterns", params={"user_id": berlin_worker.id}), list_shifts(org.owner, berlin_worker.id))
    r = c.post("/patterns", {"user_id": berlin_worker.id, "start_date": "2027-09-26", "end_date": "2027-10-02",
                             "days": all_days("11:00", "13:00")})
    assert_problem(r, 409, "shift-overlap")
    assert (c.ok("/patterns", params={"user_id": berlin_worker.id}), list_shifts(org.owner, berlin_worker.id)) \
        == before


def test_put_into_an_overlap_changes_nothing(org, berlin_worker):
    c = org.manager.client
    make_shift(org.manager, berlin_worker.id, "2027-10-13T09:00:00Z", "2027-10-13T10:00:00Z")
    body = {"user_id": berlin_worker.id, "start_date": "2027-10-04", "end_date": "2027-10-10",
            "days": all_days("08:00", "17:00")}
    p = expect(c.post("/patterns", body), 201)
    before = (c.ok(f"/patterns/{p['id']}"), list_shifts(org.owner, berlin_worker.id))
    r = c.put(f"/patterns/{p['id']}", dict(body, start_date="2027-10-11", end_date="2027-10-17"))
    assert_problem(r, 409, "shift-overlap")
    assert (c.ok(f"/patterns/{p['id']}"), list_shifts(org.owner, berlin_worker.id)) == before


def test_new_time_zone_applies_to_new_patterns_only(server):
    o = make_org(server)  # Europe/Berlin
    s = make_shift(o.owner, o.employee.id, "2027-05-04T06:00:00Z", "2027-05-04T14:00:00Z")
    body = expect(o.owner.client.patch("/organization", {"time_zone": "America/New_York"}), 200)
    assert body["time_zone"] == "America/New_York"
    assert o.owner.client.ok("/organization")["time_zone"] == "America/New_York"
    assert o.owner.client.ok(f"/shifts/{s['id']}") == s, "existing shifts keep their instants"
    create_pattern(o.manager, o.employee.id, "2027-05-05", "2027-05-05", all_days("08:00", "16:00"))
    assert spans(list_shifts(o.owner, o.employee.id, window("2027-05-05", "2027-05-06"))) == [
        ("2027-05-05T12:00:00Z", "2027-05-05T20:00:00Z")]


def test_patterns_of_a_removed_person_cannot_be_edited(server):
    o = make_org(server)
    body = {"user_id": o.employee.id, "start_date": "2027-04-05", "end_date": "2027-04-11",
            "days": all_days("08:00", "16:00")}
    p = expect(o.manager.client.post("/patterns", body), 201)
    expect(o.owner.client.delete(f"/users/{o.employee.id}"), 204)
    got = o.manager.client.ok(f"/patterns/{p['id']}")
    assert got["id"] == p["id"], "the pattern stays as a record"
    assert_problem(o.manager.client.put(f"/patterns/{p['id']}", dict(body, days=all_days("09:00", "10:00"))),
                   409, "conflict")
    assert o.manager.client.ok(f"/patterns/{p['id']}") == got
    r = o.manager.client.post("/patterns", dict(body, start_date="2027-04-12", end_date="2027-04-18"))
    assert_problem(r, (409, 422), ("conflict", "invalid-input"))


def test_a_pattern_may_cover_366_days(org, berlin_worker):
    # 2027-01-04 .. 2028-01-04 is 366 days counted inclusively; "at most 366 days" allows it
    # in either reading. (The refused side of the limit is in test_bad_input.py.)
    p = create_pattern(org.manager, berlin_worker.id, "2027-01-04", "2028-01-04",
                       {"wednesday": {"start": "05:00", "end": "05:30"}})
    assert p["shift_count"] == 52
