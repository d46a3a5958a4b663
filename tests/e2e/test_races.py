"""Concurrent requests that race for the same rule: exactly one wins, and the data shows it."""
from __future__ import annotations

import threading

import requests

from support import API, add_member, assert_problem, describe, invite, make_org, new_email, new_password, unique


def race(n: int, send) -> list[requests.Response]:
    """Runs send(i) in n threads released together; returns the responses in order."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        barrier.wait(timeout=30)
        try:
            results[i] = send(i)
        except requests.RequestException as e:
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    errors = [r for r in results if not isinstance(r, requests.Response)]
    assert not errors, errors
    return results


def statuses(results):
    return sorted(r.status_code for r in results)


def test_parallel_overlapping_patterns_leave_exactly_one(server):
    o = make_org(server)
    url = server.url(API + "/patterns")
    headers = {"Authorization": f"Bearer {o.manager.token}"}

    def send(i):
        body = {"user_id": o.employee.id, "start_date": "2027-08-02", "end_date": "2027-08-08",
                "days": {"monday": {"start": f"{8 + i % 4:02d}:00", "end": "18:00"}}}
        return requests.post(url, json=body, headers=headers, timeout=60)

    results = race(10, send)
    assert statuses(results) == [201] + [409] * 9, [describe(r) for r in results]
    patterns = o.owner.client.ok("/patterns", params={"user_id": o.employee.id})["patterns"]
    assert len(patterns) == 1
    shifts = o.owner.client.ok("/shifts", params={"from": "2027-08-01T00:00:00Z", "to": "2027-08-09T00:00:00Z",
                                                  "user_id": o.employee.id})["shifts"]
    assert [s["pattern_id"] for s in shifts] == [patterns[0]["id"]]


def test_parallel_registrations_with_one_email_make_one_account(server):
    email = new_email("race")

    def send(i):
        return requests.post(server.url(API + "/auth/register"), timeout=60, json={
            "name": f"Racer {i}", "email": email if i % 2 else email.upper(), "password": new_password(),
            "organization": {"name": unique("Race org "), "time_zone": "UTC"}})

    results = race(8, send)
    assert statuses(results) == [201] + [409] * 7, [describe(r) for r in results]
    for r in results:
        if r.status_code == 409:
            assert_problem(r, 409, "email-taken")


def test_parallel_use_of_one_invitation_makes_one_account(server):
    o = make_org(server)
    email = new_email("race-inv")
    inv = invite(o.owner, email, "employee")

    def send(i):
        return requests.post(server.url(API + "/auth/register"), timeout=60, json={
            "name": f"Racer {i}", "email": email, "password": new_password(), "invitation": inv["token"]})

    results = race(6, send)
    assert statuses(results)[0] == 201 and statuses(results).count(201) == 1, [describe(r) for r in results]
    for r in results:
        if r.status_code != 201:
            assert_problem(r, (409, 410), ("invitation-gone", "email-taken"))
    users = o.owner.client.ok("/users")["users"]
    assert [u["email"] for u in users].count(email) == 1


def test_two_owners_leaving_at_once_leave_one_owner(server):
    o = make_org(server)
    second = add_member(o.owner, "owner")
    owners = [o.owner, second]

    def send(i):
        a = owners[i]
        return requests.delete(server.url(API + "/me"), json={"current_password": a.password}, timeout=60,
                               headers={"Authorization": f"Bearer {a.token}"})

    results = race(2, send)
    assert statuses(results) == [204, 409], [describe(r) for r in results]
    stayer = owners[[r.status_code for r in results].index(409)]
    users = stayer.client.ok("/users")["users"]
    assert [u["id"] for u in users if u["role"] == "owner" and u["active"]] == [stayer.id]


def test_two_owners_removing_each_other_cannot_leave_none(server):
    o = make_org(server)
    second = add_member(o.owner, "owner")

    def send(i):
        actor, target = (o.owner, second) if i == 0 else (second, o.owner)
        return requests.delete(server.url(API + f"/users/{target.id}"), timeout=60,
                               headers={"Authorization": f"Bearer {actor.token}"})

    results = race(2, send)
    assert 204 in statuses(results), [describe(r) for r in results]
    # whoever won, someone is still an active owner and can sign in
    remaining = []
    for a in (o.owner, second):
        r = a.client.get("/me")
        if r.status_code == 200 and r.json()["role"] == "owner" and r.json()["active"]:
            remaining.append(a)
    assert len(remaining) >= 1, [describe(r) for r in results]
