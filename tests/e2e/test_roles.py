"""Every route as employee, manager and owner, against the roles table of docs/API.md."""
from __future__ import annotations

import pytest

from support import (add_member, all_days, assert_problem, expect, fresh_day, invite, login, make_org, make_shift,
                     new_email, register_owner)

ROLES = ["employee", "manager", "owner"]
F = "forbidden"

# action -> expected status for (employee, manager, owner); F = 403 forbidden.
MATRIX = {
    "get-me": (200, 200, 200),
    "list-users": (200, 200, 200),
    "get-user": (200, 200, 200),
    "get-organization": (200, 200, 200),
    "list-shifts": (200, 200, 200),
    "get-shift": (200, 200, 200),
    "list-patterns": (200, 200, 200),
    "get-pattern": (200, 200, 200),
    "schedule": (200, 200, 200),
    "list-invitations": (F, 200, 200),
    "lookup-invitation": (200, 200, 200),
    "invite-employee": (F, 201, 201),
    "invite-manager": (F, 201, 201),
    "invite-owner": (F, F, 201),
    "withdraw-invitation": (F, 204, 204),
    "create-shift": (F, 201, 201),
    "create-open-shift": (F, 201, 201),
    "update-shift": (F, 200, 200),
    "delete-shift": (F, 204, 204),
    "create-pattern": (F, 201, 201),
    "replace-pattern": (F, 200, 200),
    "delete-pattern": (F, 204, 204),
    "update-organization": (F, F, 200),
    "rename-employee": (F, 200, 200),
    "rename-manager": (F, 200, 200),
    "rename-owner": (F, F, 200),
    "employee-to-manager": (F, 200, 200),
    "manager-to-employee": (F, F, 200),
    "employee-to-owner": (F, F, 200),
    "manager-to-owner": (F, F, 200),
    "owner-to-manager": (F, F, 200),
    "remove-employee": (F, 204, 204),
    "remove-manager": (F, 204, 204),
    "remove-owner": (F, F, 204),
    "reactivate-employee": (F, 200, 200),
    "send-reset-employee": (F, 202, 202),
    "send-reset-manager": (F, 202, 202),
    "send-reset-owner": (F, F, 202),
}


@pytest.fixture(scope="module")
def world(server):
    o = make_org(server)
    d = fresh_day()
    shift = make_shift(o.owner, o.employee.id, f"{d}T08:00:00Z", f"{d}T09:00:00Z")
    d = fresh_day()
    pattern = expect(o.owner.client.post("/patterns", {"user_id": o.employee.id, "start_date": d, "end_date": d,
                                                       "days": all_days("12:00", "13:00")}), 201)
    return o, shift, pattern


def _user(o, uid):
    return o.owner.client.ok(f"/users/{uid}", params=None)


def _user_incl(o, uid):
    users = o.owner.client.ok("/users", params={"include_inactive": "true"})["users"]
    return [u for u in users if u["id"] == uid]


def prepare(action: str, o, shift, pattern):
    """(method, path, body, read): read() shows what the action would change (None for reads)."""
    c = o.owner.client
    e = o.employee
    reads = {
        "get-me": "/me", "list-users": "/users", "get-user": f"/users/{e.id}", "get-organization": "/organization",
        "list-shifts": "/shifts?from=2027-01-01T00:00:00Z&to=2027-12-01T00:00:00Z",
        "get-shift": f"/shifts/{shift['id']}", "list-patterns": "/patterns", "get-pattern": f"/patterns/{pattern['id']}",
        "schedule": "/schedule?week=2027-03-22", "list-invitations": "/invitations",
    }
    if action in reads:
        return "GET", reads[action], None, None
    if action == "lookup-invitation":  # public: the token is the credential
        inv = invite(o.owner, new_email("l"), "employee")
        return "GET", f"/invitations/lookup?token={inv['token']}", None, None
    if action.startswith("invite-"):
        email = new_email("m")
        return ("POST", "/invitations", {"email": email, "role": action.split("-")[1]},
                lambda: [i for i in c.ok("/invitations")["invitations"] if i["email"] == email])
    if action == "withdraw-invitation":
        inv = invite(o.owner, new_email("w"), "employee")
        return ("DELETE", f"/invitations/{inv['id']}", None,
                lambda: [i["id"] for i in c.ok("/invitations")["invitations"] if i["id"] == inv["id"]])
    if action in ("create-shift", "create-open-shift"):
        d = fresh_day()
        uid = e.id if action == "create-shift" else None
        return ("POST", "/shifts", {"user_id": uid, "start": f"{d}T08:00:00Z", "end": f"{d}T09:00:00Z"},
                lambda: c.ok("/shifts", params={"from": f"{d}T00:00:00Z", "to": f"{d}T23:59:59Z"}))
    if action in ("update-shift", "delete-shift"):
        d = fresh_day()
        s = make_shift(o.owner, e.id, f"{d}T08:00:00Z", f"{d}T09:00:00Z")
        read = lambda: expect(c.get(f"/shifts/{s['id']}"), (200, 404))
        if action == "update-shift":
            return "PATCH", f"/shifts/{s['id']}", {"note": "changed"}, read
        return "DELETE", f"/shifts/{s['id']}", None, read
    if action in ("create-pattern", "replace-pattern", "delete-pattern"):
        d = fresh_day()
        body = {"user_id": e.id, "start_date": d, "end_date": d, "days": all_days("08:00", "09:00")}
        read_all = lambda: (c.ok("/patterns", params={"user_id": e.id}),
                            c.ok("/shifts", params={"from": f"{d}T00:00:00Z", "to": f"{d}T23:59:59Z"}))
        if action == "create-pattern":
            return "POST", "/patterns", body, read_all
        p = expect(c.post("/patterns", body), 201)
        if action == "replace-pattern":
            return "PUT", f"/patterns/{p['id']}", dict(body, days=all_days("10:00", "11:00")), read_all
        return "DELETE", f"/patterns/{p['id']}", None, read_all
    if action == "update-organization":
        return "PATCH", "/organization", {"name": "Renamed org " + fresh_day()}, lambda: c.ok("/organization")
    if action.startswith("send-reset-"):
        target = add_member(o.owner, action.rsplit("-", 1)[1])
        return ("POST", f"/users/{target.id}/password-reset", None,
                lambda: [m["id"] for m in c.ok("/mail", params={"limit": 100})["messages"]
                         if m["kind"] == "password_reset" and m["to"] == target.email])
    # actions on a fresh colleague
    kind, _, rest = action.partition("-")
    if kind in ("rename", "remove"):
        target = add_member(o.owner, rest)
        read = lambda: _user_incl(o, target.id)
        if kind == "rename":
            return "PATCH", f"/users/{target.id}", {"name": "Renamed Colleague"}, read
        return "DELETE", f"/users/{target.id}", None, read
    if action == "reactivate-employee":
        target = add_member(o.owner, "employee")
        expect(c.delete(f"/users/{target.id}"), 204)
        return "PATCH", f"/users/{target.id}", {"active": True}, lambda: _user_incl(o, target.id)
    if "-to-" in action:
        current, wanted = action.split("-to-")
        target = add_member(o.owner, current)
        return "PATCH", f"/users/{target.id}", {"role": wanted}, lambda: _user_incl(o, target.id)
    raise AssertionError(action)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_role_matrix(world, action, role):
    o, shift, pattern = world
    expected = MATRIX[action][ROLES.index(role)]
    actor = o.by_role(role)
    method, path, body, read = prepare(action, o, shift, pattern)
    before = read() if read else None
    kw = {"json_body": body} if body is not None else {}
    r = actor.client.request(method, path.split("?")[0], params=_query(path), **kw)
    if expected == F:
        assert_problem(r, 403, "forbidden")
        if read:
            assert read() == before, "a refused request changed data"
    else:
        expect(r, expected)
        if read:
            assert read() != before, "an accepted change did not show"


def _query(path):
    if "?" not in path:
        return None
    return dict(p.split("=", 1) for p in path.split("?", 1)[1].split("&"))


def test_matrix_role_effects(world):
    """Spot checks that accepted role changes did what they said."""
    o, _, _ = world
    t = add_member(o.owner, "employee")
    assert expect(o.manager.client.patch(f"/users/{t.id}", {"role": "manager"}), 200)["role"] == "manager"
    assert o.owner.client.ok(f"/users/{t.id}")["role"] == "manager"
    # the promoted person now has manager rights
    assert login(o.owner.server, t.email, t.password).client.ok("/invitations") is not None


@pytest.mark.parametrize("role", ROLES)
def test_emails_only_for_managers_and_owners(world, role):
    o, _, _ = world
    c = o.by_role(role).client
    me = o.by_role(role)
    users = c.ok("/users")["users"]
    assert len(users) >= 3
    colleague = c.ok(f"/users/{o.owner.id if role != 'owner' else o.employee.id}")
    if role == "employee":
        colleagues = [u for u in users if u["id"] != me.id]
        assert len(colleagues) == len(users) - 1
        assert all("email" not in u for u in colleagues), colleagues
        inactive = c.ok("/users", params={"include_inactive": "true"})["users"]
        assert all("email" not in u for u in inactive if u["id"] != me.id), inactive
        assert "email" not in colleague, colleague
        for u in users:
            assert {"id", "name", "position", "role", "active", "picture_url"} <= set(u), u
    else:
        assert all(isinstance(u.get("email"), str) and "@" in u["email"] for u in users), users
        assert "@" in colleague["email"]


def test_users_are_listed_by_name(world):
    o, _, _ = world
    names = [u["name"] for u in o.owner.client.ok("/users")["users"]]
    assert names == sorted(names) or names == sorted(names, key=str.casefold), names


@pytest.mark.parametrize("role", ROLES)
def test_nobody_changes_their_own_role(server, role):
    o = make_org(server)
    if role == "owner":
        add_member(o.owner, "owner")  # so that the last-owner rule is not what refuses it
    actor = o.by_role(role)
    for wanted in ROLES:
        if wanted == role:
            continue
        r = actor.client.patch(f"/users/{actor.id}", {"role": wanted})
        assert_problem(r, (403, 409, 422))
        assert o.owner.client.ok(f"/users/{actor.id}")["role"] == role
    assert_problem(actor.client.patch("/me", {"role": "owner"}), 422, "invalid-input", field="role")
    assert actor.client.ok("/me")["role"] == role


def test_last_owner_can_be_neither_demoted_nor_removed(server):
    owner = register_owner(server)
    c = owner.client
    assert_problem(c.delete("/me", {"current_password": owner.password}), 409, "conflict")
    assert_problem(c.delete(f"/users/{owner.id}"), (403, 409))
    assert_problem(c.patch(f"/users/{owner.id}", {"active": False}), (403, 409))
    assert_problem(c.patch(f"/users/{owner.id}", {"role": "manager"}), (403, 409, 422))
    me = c.ok("/me")
    assert me["role"] == "owner" and me["active"] is True
    assert login(server, owner.email, owner.password).id == owner.id


def test_an_owner_who_is_not_the_last_can_leave(server):
    owner = register_owner(server)
    second = add_member(owner, "owner")
    expect(owner.client.delete("/me", {"current_password": owner.password}), 204)
    assert_problem(owner.client.get("/me"), 401, "unauthenticated")
    # now the second owner is the last one
    assert_problem(second.client.delete("/me", {"current_password": second.password}), 409, "conflict")
    assert second.client.ok("/me")["active"] is True
    # and the first one shows as inactive
    users = second.client.ok("/users", params={"include_inactive": "true"})["users"]
    assert [u["active"] for u in users if u["id"] == owner.id] == [False]


def test_owner_can_demote_another_owner_but_not_the_last(server):
    owner = register_owner(server)
    second = add_member(owner, "owner")
    assert expect(owner.client.patch(f"/users/{second.id}", {"role": "manager"}), 200)["role"] == "manager"
    # the demoted one, now a manager, cannot touch the owner
    assert_problem(second.client.patch(f"/users/{owner.id}", {"role": "manager"}), 403, "forbidden")
    assert_problem(second.client.delete(f"/users/{owner.id}"), 403, "forbidden")
    assert owner.client.ok("/me")["role"] == "owner"


def test_manager_cannot_invite_an_owner_nor_create_one(server):
    o = make_org(server)
    assert_problem(o.manager.client.post("/invitations", {"email": new_email("x"), "role": "owner"}),
                   403, "forbidden")
    assert o.owner.client.ok("/invitations")["invitations"] == []
    assert_problem(o.manager.client.patch(f"/users/{o.employee.id}", {"role": "owner"}), 403, "forbidden")
    assert_problem(o.manager.client.patch(f"/users/{o.manager.id}", {"role": "owner"}), (403, 422))
    roles = {u["id"]: u["role"] for u in o.owner.client.ok("/users")["users"]}
    assert roles == {o.owner.id: "owner", o.manager.id: "manager", o.employee.id: "employee"}
