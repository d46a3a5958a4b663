"""People: removal semantics, reactivation, and awkward but valid text stored exactly."""
from __future__ import annotations

import pytest

from support import (add_member, all_days, assert_problem, expect, invite, login, make_org, make_shift, new_email,
                     new_password, register_invited, register_owner)

PAST = {"from": "2024-01-01T00:00:00Z", "to": "2024-12-31T00:00:00Z"}


def _ids(users):
    return [u["id"] for u in users["users"]]


@pytest.mark.parametrize("how", ["by-owner", "by-manager", "self"])
def test_removing_a_person(server, how):
    o = make_org(server)
    e = o.employee
    c = o.manager.client
    second_session = login(server, e.email, e.password)
    past = make_shift(o.manager, e.id, "2024-01-10T08:00:00Z", "2024-01-10T16:00:00Z", note="history")
    future = make_shift(o.manager, e.id, "2027-04-01T08:00:00Z", "2027-04-01T16:00:00Z", note="future")
    pattern = expect(c.post("/patterns", {"user_id": e.id, "start_date": "2027-04-05", "end_date": "2027-04-06",
                                          "days": all_days("09:00", "17:00")}), 201)
    generated = [s for s in c.ok("/shifts", params={"from": "2027-04-05T00:00:00Z", "to": "2027-04-07T00:00:00Z",
                                                    "user_id": e.id})["shifts"]]
    assert len(generated) == 2

    if how == "by-owner":
        expect(o.owner.client.delete(f"/users/{e.id}"), 204)
    elif how == "by-manager":
        expect(o.manager.client.delete(f"/users/{e.id}"), 204)
    else:
        expect(e.client.delete("/me", {"current_password": e.password}), 204)

    # every session ends and signing in fails like a wrong password
    assert_problem(e.client.get("/me"), 401, "unauthenticated")
    assert_problem(second_session.client.get("/me"), 401, "unauthenticated")
    assert_problem(server.client().post("/auth/login", {"email": e.email, "password": e.password}),
                   401, "invalid-credentials")
    # gone from lists and the schedule unless asked for
    assert e.id not in _ids(c.ok("/users"))
    assert e.id not in _ids(c.ok("/users", params={"include_inactive": "false"}))
    inactive = [u for u in c.ok("/users", params={"include_inactive": "true"})["users"] if u["id"] == e.id]
    assert len(inactive) == 1 and inactive[0]["active"] is False
    sched = c.ok("/schedule", params={"week": "2027-04-05"})
    assert e.id not in [p["id"] for p in sched["employees"]]
    # past shifts stay; future ones become open shifts, without the pattern
    assert c.ok(f"/shifts/{past['id']}") == past
    assert c.ok(f"/shifts/{future['id']}") == dict(future, user_id=None)
    for g in generated:
        assert c.ok(f"/shifts/{g['id']}") == dict(g, user_id=None, pattern_id=None)
    open_ids = [s["id"] for day in sched["open_shifts"] for s in day]
    assert sorted(open_ids) == sorted(g["id"] for g in generated)
    # the pattern stays as a record
    assert c.ok(f"/patterns/{pattern['id']}")["id"] == pattern["id"]
    # the email stays reserved
    assert_problem(c.post("/invitations", {"email": e.email, "role": "employee"}), 409, "email-taken")
    r = server.client().post("/auth/register", {"name": "Again", "email": e.email, "password": new_password(),
                                                "organization": {"name": "Again", "time_zone": "UTC"}})
    assert_problem(r, 409, "email-taken")
    # an inactive person cannot be scheduled
    r = c.post("/shifts", {"user_id": e.id, "start": "2027-04-20T08:00:00Z", "end": "2027-04-20T10:00:00Z"})
    assert_problem(r, 409, "conflict")
    assert c.ok("/shifts", params={"from": "2027-04-20T00:00:00Z", "to": "2027-04-21T00:00:00Z"})["shifts"] == []

    # reactivation
    back = expect(c.patch(f"/users/{e.id}", {"active": True}), 200)
    assert back["active"] is True
    assert e.id in _ids(c.ok("/users"))
    again = login(server, e.email, e.password)
    assert again.client.ok("/me")["active"] is True
    assert_problem(e.client.get("/me"), 401, "unauthenticated")  # old sessions stay ended


AWKWARD = [
    "Robert'); DROP TABLE users;--",
    "Zoë Ğ 日本 🙂",
    "O\"Brien \\ the <b>bold</b> & co",
    "e\u0301 (decomposed) vs \u00e9",
    "100% _done_ [x] {y} $z `w`",
    "日" * 100,
]


@pytest.mark.parametrize("text", AWKWARD, ids=[f"awkward-{i}" for i in range(len(AWKWARD))])
def test_awkward_names_round_trip(server, text):
    owner = register_owner(server, name=text, org_name=text, position=text)
    assert owner.user["name"] == text and owner.user["position"] == text and owner.organization["name"] == text
    c = owner.client
    me = c.ok("/me")
    assert me["name"] == text and me["position"] == text
    assert c.ok("/organization")["name"] == text
    assert [u["name"] for u in c.ok("/users")["users"]] == [text]
    email = new_email("awk")
    inv = invite(owner, email, "employee", position=text)
    person = register_invited(server, inv["token"], email, name=text)
    assert person.user["position"] == text
    s = make_shift(owner, person.id, "2027-05-01T08:00:00Z", "2027-05-01T09:00:00Z", position=text, note=text)
    assert c.ok(f"/shifts/{s['id']}")["note"] == text
    assert c.ok(f"/shifts/{s['id']}")["position"] == text
    sched = c.ok("/schedule", params={"week": "2027-05-01"})
    assert sorted(p["name"] for p in sched["employees"]) == [text, text]
    # and sign in still works afterwards (the users table is intact)
    assert login(server, owner.email, owner.password).id == owner.id


def test_multiline_notes_and_long_text_round_trip(server):
    o = make_org(server)
    notes = ['He said "hi"\nand left.\tTab, backslash \\ and </script>',
             "🙂" * 1000,
             "line 1\nline 2\n\nline 4",
             ""]
    for i, note in enumerate(notes):
        s = make_shift(o.manager, None, f"2027-05-0{i + 2}T08:00:00Z", f"2027-05-0{i + 2}T09:00:00Z", note=note)
        assert s["note"] == note
        assert o.employee.client.ok(f"/shifts/{s['id']}")["note"] == note
    name = "Ж" * 100
    assert expect(o.owner.client.patch(f"/users/{o.employee.id}", {"name": name}), 200)["name"] == name
    assert o.employee.client.ok("/me")["name"] == name


def test_email_is_stored_as_typed(server):
    email = f"O'Brien+Tag.{new_password()[4:10]}@Example.COM"
    owner = register_owner(server, email=email)
    assert owner.user["email"] == email
    assert owner.client.ok("/me")["email"] == email
    assert login(server, email, owner.password).id == owner.id


def test_json_escapes_are_decoded(server):
    o = make_org(server)
    raw = b'{"name": "Caf\\u00e9 \\ud83d\\ude42 \\"q\\""}'
    r = o.owner.client.request("PATCH", f"/users/{o.employee.id}", data=raw,
                               headers={"Content-Type": "application/json"})
    assert expect(r, 200)["name"] == 'Café 🙂 "q"'
    assert o.owner.client.ok(f"/users/{o.employee.id}")["name"] == 'Café 🙂 "q"'
