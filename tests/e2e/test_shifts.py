"""Shifts: CRUD, open shifts, overlaps (also under concurrency), instants and queries."""
from __future__ import annotations

import threading

import pytest
import requests

from support import (API, WINDOW, add_member, assert_problem, describe, expect, fresh_day, list_shifts, make_shift)

SHIFT_KEYS = {"id", "user_id", "start", "end", "position", "note", "pattern_id"}


def test_shift_crud(org):
    c = org.manager.client
    d = fresh_day()
    s = make_shift(org.manager, org.employee.id, f"{d}T08:00:00Z", f"{d}T16:00:00Z")
    assert set(s) >= SHIFT_KEYS, s
    assert s["user_id"] == org.employee.id and s["start"] == f"{d}T08:00:00Z" and s["end"] == f"{d}T16:00:00Z"
    assert s["position"] == "Barista", "position defaults to the employee's"
    assert s["note"] == "" and s["pattern_id"] is None
    assert c.ok(f"/shifts/{s['id']}") == s
    assert s in list_shifts(org.owner, org.employee.id)

    changed = expect(c.patch(f"/shifts/{s['id']}", {"note": "Bring keys", "position": "Till",
                                                    "start": f"{d}T09:00:00Z"}), 200)
    assert changed == dict(s, note="Bring keys", position="Till", start=f"{d}T09:00:00Z")
    assert c.ok(f"/shifts/{s['id']}") == changed

    opened = expect(c.patch(f"/shifts/{s['id']}", {"user_id": None}), 200)
    assert opened["user_id"] is None and opened["start"] == f"{d}T09:00:00Z"
    assert c.ok(f"/shifts/{s['id']}") == opened

    expect(c.delete(f"/shifts/{s['id']}"), 204)
    assert_problem(c.get(f"/shifts/{s['id']}"), 404, "not-found")
    assert_problem(c.delete(f"/shifts/{s['id']}"), 404, "not-found")
    assert s["id"] not in [x["id"] for x in list_shifts(org.owner)]


def test_explicit_position_and_note(org):
    d = fresh_day()
    s = make_shift(org.owner, org.employee.id, f"{d}T08:00:00Z", f"{d}T09:00:00Z", position="Kitchen",
                   note='Say "hi"\nto the new one')
    got = org.employee.client.ok(f"/shifts/{s['id']}")
    assert got["position"] == "Kitchen" and got["note"] == 'Say "hi"\nto the new one'


def test_open_shifts(org):
    d = fresh_day()
    a = make_shift(org.manager, None, f"{d}T08:00:00Z", f"{d}T12:00:00Z", position="Cover")
    b = make_shift(org.manager, None, f"{d}T08:00:00Z", f"{d}T12:00:00Z")  # open shifts never clash
    assert a["user_id"] is None and b["user_id"] is None and a["position"] == "Cover"
    ids = [s["id"] for s in list_shifts(org.owner, window={"from": f"{d}T00:00:00Z", "to": f"{d}T23:00:00Z"})]
    assert a["id"] in ids and b["id"] in ids
    # assigning an open shift
    got = expect(org.manager.client.patch(f"/shifts/{a['id']}", {"user_id": org.employee.id}), 200)
    assert got["user_id"] == org.employee.id


@pytest.fixture
def worker(org):
    return add_member(org.owner, "employee", position="Runner")


def test_overlap_is_refused_with_the_conflicting_id(org, worker):
    c = org.manager.client
    d = fresh_day()
    a = make_shift(org.manager, worker.id, f"{d}T08:00:00Z", f"{d}T16:00:00Z")
    for start, end in [("15:00", "20:00"), ("07:00", "08:01"), ("09:00", "10:00"), ("07:00", "17:00"),
                       ("08:00", "16:00")]:
        r = c.post("/shifts", {"user_id": worker.id, "start": f"{d}T{start}:00Z", "end": f"{d}T{end}:00Z"})
        body = assert_problem(r, 409, "shift-overlap")
        assert body.get("conflicting_shift_id") == a["id"], body
    assert [s["id"] for s in list_shifts(org.owner, worker.id)] == [a["id"]]
    # touching on either side is fine
    b = make_shift(org.manager, worker.id, f"{d}T16:00:00Z", f"{d}T20:00:00Z")
    z = make_shift(org.manager, worker.id, f"{d}T04:00:00Z", f"{d}T08:00:00Z")
    # another person at the same time is fine
    make_shift(org.manager, org.employee.id, f"{d}T08:00:00Z", f"{d}T16:00:00Z")
    # moving a shift onto another is refused; moving it within its own time is not a clash with itself
    r = c.patch(f"/shifts/{b['id']}", {"start": f"{d}T15:00:00Z"})
    assert assert_problem(r, 409, "shift-overlap").get("conflicting_shift_id") == a["id"]
    assert c.ok(f"/shifts/{b['id']}") == b
    moved = expect(c.patch(f"/shifts/{a['id']}", {"end": f"{d}T15:00:00Z"}), 200)
    assert moved["end"] == f"{d}T15:00:00Z"
    # reassigning a shift to a person who is busy then is refused
    other = make_shift(org.manager, None, f"{d}T05:00:00Z", f"{d}T06:00:00Z")
    r = c.patch(f"/shifts/{other['id']}", {"user_id": worker.id})
    assert assert_problem(r, 409, "shift-overlap").get("conflicting_shift_id") == z["id"]
    assert c.ok(f"/shifts/{other['id']}")["user_id"] is None


def test_fifty_parallel_overlapping_posts_leave_exactly_one(server, org, worker):
    d = fresh_day()
    url = server.url(API + "/shifts")
    headers = {"Authorization": f"Bearer {org.manager.token}"}
    barrier = threading.Barrier(50)
    results: list = [None] * 50

    def post(i):
        body = {"user_id": worker.id, "start": f"{d}T08:{i:02d}:00Z", "end": f"{d}T12:{i:02d}:00Z"}
        barrier.wait(timeout=30)
        try:
            results[i] = requests.post(url, json=body, headers=headers, timeout=60)
        except requests.RequestException as e:  # pragma: no cover - reported below
            results[i] = e

    threads = [threading.Thread(target=post, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    errors = [r for r in results if not isinstance(r, requests.Response)]
    assert not errors, errors
    created = [r for r in results if r.status_code == 201]
    refused = [r for r in results if r.status_code == 409]
    assert len(created) == 1, [describe(r) for r in results if r.status_code not in (409,)][:5]
    assert len(refused) == 49, [describe(r) for r in results if r.status_code not in (201, 409)][:5]
    winner = created[0].json()
    for r in refused:
        assert_problem(r, 409, "shift-overlap")
    stored = list_shifts(org.owner, worker.id)
    assert [s["id"] for s in stored] == [winner["id"]]
    assert stored[0] == winner


@pytest.mark.parametrize("start,end", [
    ("T10:00:00Z", "T09:00:00Z"),      # end before start
    ("T10:00:00Z", "T10:00:00Z"),      # empty
    ("T08:00:00Z", "+1T08:00:01Z"),    # a second over 24 hours
    ("T08:00:00Z", "+2T08:00:00Z"),
])
def test_bad_shift_lengths_are_refused(org, start, end):
    d = fresh_day()
    d2 = _plus(d, int(end[1])) if end.startswith("+") else d
    end_value = d2 + end[2:] if end.startswith("+") else d + end
    before = list_shifts(org.owner)
    r = org.manager.client.post("/shifts", {"user_id": org.employee.id, "start": d + start, "end": end_value})
    assert_problem(r, 422, "invalid-input", field=("end", "start"))
    assert list_shifts(org.owner) == before


def _plus(day: str, n: int) -> str:
    import datetime
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=n)).isoformat()


def test_exactly_24_hours_is_allowed(org):
    d = fresh_day()
    s = make_shift(org.manager, None, f"{d}T08:00:00Z", f"{_plus(d, 1)}T08:00:00Z")
    assert s["end"] == f"{_plus(d, 1)}T08:00:00Z"


@pytest.mark.parametrize("given,stored", [
    ("2027-03-30T08:00:00+02:00", "2027-03-30T06:00:00Z"),
    ("2027-03-30T08:00:00-05:00", "2027-03-30T13:00:00Z"),
    ("2027-03-30T08:00:00+00:00", "2027-03-30T08:00:00Z"),
    ("2027-03-30T08:00:00.999Z", "2027-03-30T08:00:00Z"),
    ("2027-03-30T01:30:00+05:30", "2027-03-29T20:00:00Z"),
])
def test_instants_with_offsets_come_back_in_utc(org, given, stored):
    import datetime
    end = (datetime.datetime.fromisoformat(stored.replace("Z", "+00:00")) + datetime.timedelta(hours=1))
    s = make_shift(org.manager, None, given, end.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert s["start"] == stored
    assert org.manager.client.ok(f"/shifts/{s['id']}")["start"] == stored
    expect(org.manager.client.delete(f"/shifts/{s['id']}"), 204)


def test_shift_queries(org):
    c = org.employee.client
    w = add_member(org.owner, "employee")
    d = fresh_day()
    s2 = make_shift(org.manager, w.id, f"{d}T12:00:00Z", f"{d}T14:00:00Z")
    s1 = make_shift(org.manager, w.id, f"{d}T08:00:00Z", f"{d}T10:00:00Z")

    def ids(frm, to, **extra):
        body = c.ok("/shifts", params={"from": frm, "to": to, "user_id": w.id, **extra})
        return [s["id"] for s in body["shifts"]]

    assert ids(f"{d}T00:00:00Z", f"{d}T23:00:00Z") == [s1["id"], s2["id"]], "ordered by start"
    assert ids(f"{d}T10:00:00Z", f"{d}T12:00:00Z") == [], "[from, to) excludes touching shifts"
    assert ids(f"{d}T09:59:59Z", f"{d}T12:00:01Z") == [s1["id"], s2["id"]]
    everyone = c.ok("/shifts", params={"from": f"{d}T00:00:00Z", "to": f"{d}T23:00:00Z"})["shifts"]
    assert {s1["id"], s2["id"]} <= {s["id"] for s in everyone}
    starts = [s["start"] for s in everyone]
    assert starts == sorted(starts)


@pytest.mark.parametrize("params,status", [
    ({}, (400, 422)),
    ({"from": "2027-01-01T00:00:00Z"}, (400, 422)),
    ({"to": "2027-01-01T00:00:00Z"}, (400, 422)),
    ({"from": "yesterday", "to": "2027-01-01T00:00:00Z"}, 400),
    ({"from": "2027-01-01T00:00:00Z", "to": "2027-01-01T00:00:00Z", "user_id": "abc"}, 400),
    ({"from": "2026-01-01T00:00:00Z", "to": "2027-01-03T00:00:00Z"}, (400, 422)),   # over 366 days
    ({"from": "2027-02-01T00:00:00Z", "to": "2027-01-01T00:00:00Z"}, (400, 422)),   # reversed
])
def test_bad_shift_queries(org, params, status):
    r = org.manager.client.get("/shifts", params=params)
    assert_problem(r, status, ("malformed-request", "invalid-input"))


def test_window_of_366_days_is_allowed(org):
    org.manager.client.ok("/shifts", params={"from": "2027-01-01T00:00:00Z", "to": "2028-01-02T00:00:00Z"})


def test_query_parameters_are_percent_decoded(org):
    """Browsers (URLSearchParams) and HTTP libraries send ':' as %3A and '+' as %2B."""
    d = fresh_day()
    s = make_shift(org.manager, org.employee.id, f"{d}T08:00:00Z", f"{d}T10:00:00Z")
    r = org.manager.client.get(f"/shifts?from={d}T00%3A00%3A00Z&to={d}T23%3A00%3A00%2B00%3A00"
                               f"&user_id={org.employee.id}")
    assert [x["id"] for x in expect(r, 200)["shifts"]] == [s["id"]]
    # offsets in a query need '+' encoded as %2B
    who = f"&user_id={org.employee.id}"
    r = org.manager.client.get(f"/shifts?from={d}T09:00:00%2B02:00&to={d}T12:30:00%2B02:00" + who)
    assert [x["id"] for x in expect(r, 200)["shifts"]] == [s["id"]]
    r = org.manager.client.get(f"/shifts?from={d}T12:00:00%2B02:00&to={d}T12:30:00%2B02:00" + who)
    assert expect(r, 200)["shifts"] == [], "10:00Z touches the shift's end: not included"
    r = org.manager.client.get(f"/shifts?%66rom={d}T00:00:00Z&to={d}T23:00:00Z&user_id={org.employee.id}")
    assert [x["id"] for x in expect(r, 200)["shifts"]] == [s["id"]], "names are decoded too"
    r = org.manager.client.get(f"/users?include_inactive=%74rue")
    assert expect(r, 200)["users"]


def test_x_request_id_must_be_sane(server):
    # docs/ARCHITECTURE.md: the caller's id if it is 1-64 safe characters, else a new one
    for bad in ["a" * 65, "has space", "semi;colon", "quote\"d"]:
        r = requests.get(server.url("/healthz"), headers={"X-Request-Id": bad}, timeout=5)
        assert r.headers.get("X-Request-Id") and r.headers["X-Request-Id"] != bad, (bad, r.headers)
    ok = "a" * 64
    assert requests.get(server.url("/healthz"), headers={"X-Request-Id": ok}, timeout=5).headers["X-Request-Id"] == ok
