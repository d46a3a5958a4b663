"""Saves that change nothing change nothing (defect 2), and positions are the managers' (defect 10)."""
from __future__ import annotations

from support import add_member, assert_problem, expect, register_owner

WEEK = {"from": "2031-05-01T00:00:00Z", "to": "2031-06-01T00:00:00Z"}
PATTERN_DAYS = {"monday": {"start": "08:00", "end": "16:00"}, "saturday": {"start": "22:00", "end": "06:00"}}


def outbox_ids(actor) -> set[int]:
    return {m["id"] for m in expect(actor.client.get("/mail", params={"limit": 100}), 200)["messages"]}


def schedule_etag(actor, week: str) -> str:
    r = actor.client.get("/schedule", params={"week": week})
    expect(r, 200)
    return r.headers["ETag"]


def test_saving_a_shift_unchanged_keeps_its_pattern_and_sends_nothing(server):
    owner = register_owner(server, tz="Europe/Berlin")
    worker = add_member(owner, "employee", position="Baker")
    pattern = expect(owner.client.post("/patterns", {"user_id": worker.id, "start_date": "2031-05-05",
                                                      "end_date": "2031-05-11", "days": PATTERN_DAYS}), 201)
    shifts = expect(owner.client.get("/shifts", params=WEEK), 200)["shifts"]
    shift = [s for s in shifts if s["pattern_id"] == pattern["id"]][0]
    emails = outbox_ids(owner)
    etag = schedule_etag(owner, "2031-05-05")

    # What the editor sends when saved untouched: every field as it was.
    same = {k: shift[k] for k in ("user_id", "start", "end", "position", "note")}
    saved = expect(owner.client.patch(f"/shifts/{shift['id']}", same), 200)
    assert saved == shift
    assert expect(owner.client.patch(f"/shifts/{shift['id']}", {}), 200) == shift

    assert owner.client.ok(f"/shifts/{shift['id']}")["pattern_id"] == pattern["id"]
    assert outbox_ids(owner) == emails, "an unchanged save queued an email"
    assert schedule_etag(owner, "2031-05-05") == etag, "an unchanged save raised the schedule revision"

    # A real change still detaches it and tells the employee.
    changed = expect(owner.client.patch(f"/shifts/{shift['id']}", {"note": "Keys at the bar"}), 200)
    assert changed["pattern_id"] is None
    assert len(outbox_ids(owner) - emails) == 1
    assert schedule_etag(owner, "2031-05-05") != etag


def test_saving_a_pattern_unchanged_regenerates_nothing_and_sends_nothing(server):
    owner = register_owner(server)
    worker = add_member(owner, "employee", position="Baker")
    body = {"user_id": worker.id, "start_date": "2031-05-05", "end_date": "2031-05-18", "days": PATTERN_DAYS}
    pattern = expect(owner.client.post("/patterns", body), 201)
    before = expect(owner.client.get("/shifts", params=WEEK), 200)["shifts"]
    emails = outbox_ids(owner)
    etag = schedule_etag(owner, "2031-05-05")

    replaced = expect(owner.client.put(f"/patterns/{pattern['id']}", dict(body, position="Baker")), 200)
    assert replaced["shift_count"] == 0
    assert expect(owner.client.get("/shifts", params=WEEK), 200)["shifts"] == before
    assert outbox_ids(owner) == emails
    assert schedule_etag(owner, "2031-05-05") == etag


def test_employees_cannot_change_their_own_position(server):
    owner = register_owner(server)
    worker = add_member(owner, "employee", position="Baker")
    before = worker.client.ok("/me")
    assert_problem(worker.client.patch("/me", {"name": "Renamed", "position": "Head baker"}), 403, "forbidden",
                   field="position")
    after = worker.client.ok("/me")
    assert after == before, "a refused request changed something"
    # Sending it back unchanged (a form sends every field) is fine.
    assert expect(worker.client.patch("/me", {"name": "Renamed", "position": "Baker"}), 200)["name"] == "Renamed"
    # Managers and owners set it, the employee's on the Team page and their own on the profile.
    assert expect(owner.client.patch(f"/users/{worker.id}", {"position": "Head baker"}), 200)["position"] == \
        "Head baker"
    manager = add_member(owner, "manager", position="Shift lead")
    assert expect(manager.client.patch("/me", {"position": "Floor lead"}), 200)["position"] == "Floor lead"
    assert expect(owner.client.patch("/me", {"position": "Founder"}), 200)["position"] == "Founder"
