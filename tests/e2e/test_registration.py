"""POST /auth/register: organisations, invitations, email uniqueness and password rules."""
from __future__ import annotations

import signal

import pytest

from support import (API, add_member, assert_problem, describe, expect, expire_invitation_in_database, invite,
                     login, new_email, new_password, register_invited, register_owner, unique)


def email_is_free(inviter, email: str) -> bool:
    """True when no account has `email`: inviting it works (then the invitation is withdrawn)."""
    r = inviter.client.post("/invitations", {"email": email, "role": "employee"})
    if r.status_code == 409:
        assert_problem(r, 409, "email-taken")
        return False
    inv = expect(r, 201)
    expect(inviter.client.delete(f"/invitations/{inv['id']}"), 204)
    return True


def pending_ids(actor) -> list[int]:
    body = actor.client.ok("/invitations")
    return [i["id"] for i in body["invitations"]]


def test_register_creates_an_organisation_and_its_owner(server):
    email = new_email("founder")
    password = new_password()
    body = {"name": "Ada Founder", "email": email, "password": password, "position": "Boss",
            "organization": {"name": "Ada's Café", "time_zone": "Europe/Berlin"}}
    r = server.client().post("/auth/register", body)
    data = expect(r, 201)
    assert isinstance(data["token"], str) and data["token"].count(".") == 2
    user, org = data["user"], data["organization"]
    assert user["name"] == "Ada Founder" and user["email"] == email and user["position"] == "Boss"
    assert user["role"] == "owner" and user["active"] is True
    assert isinstance(user["id"], int) and user["id"] > 0
    assert "password" not in user and "password_hash" not in user
    assert org["name"] == "Ada's Café" and org["time_zone"] == "Europe/Berlin"
    assert org["week_start"] == "monday"
    assert isinstance(org["id"], int) and org["id"] > 0
    cookie = r.headers.get("Set-Cookie", "")
    assert cookie.startswith("shiftsync_session=" + data["token"]), cookie
    # read back
    c = server.client(data["token"])
    assert c.ok("/me") == user
    assert c.ok("/organization") == org
    assert [u["id"] for u in c.ok("/users")["users"]] == [user["id"]]


def test_register_with_week_start(server):
    owner = register_owner(server, week_start="sunday")
    assert owner.organization["week_start"] == "sunday"
    assert owner.client.ok("/organization")["week_start"] == "sunday"


@pytest.mark.parametrize("role", ["manager", "employee"])
def test_invitation_flow(server, role):
    owner = register_owner(server)
    email = new_email("invitee")
    inv = invite(owner, email, role, position="Cook")
    assert inv["email"] == email and inv["role"] == role and inv["position"] == "Cook"
    assert isinstance(inv["id"], int)
    assert inv["link"] == f"{server.base}/register?invitation={inv['token']}"
    listed = owner.client.ok("/invitations")["invitations"]
    assert inv["id"] in [i["id"] for i in listed]
    assert inv["token"] not in describe(owner.client.get("/invitations")), "the token is shown only once"
    person = register_invited(server, inv["token"], email, name="New Person")
    assert person.user["role"] == role
    assert person.user["position"] == "Cook", "position defaults to the invitation's"
    assert person.organization["id"] == owner.organization["id"]
    assert inv["id"] not in pending_ids(owner), "a used invitation is no longer pending"
    ids = [u["id"] for u in owner.client.ok("/users")["users"]]
    assert person.id in ids
    assert person.client.ok("/me")["role"] == role


def test_invited_position_can_be_overridden(server):
    owner = register_owner(server)
    email = new_email("pos")
    inv = invite(owner, email, "employee", position="Cook")
    person = register_invited(server, inv["token"], email, position="Dishwasher")
    assert person.user["position"] == "Dishwasher"


def test_invitation_is_single_use(server):
    owner = register_owner(server)
    email = new_email("once")
    inv = invite(owner, email, "employee")
    register_invited(server, inv["token"], email)
    before = owner.client.ok("/users", params={"include_inactive": "true"})
    r = server.client().post("/auth/register", {"name": "Again", "email": email, "password": new_password(),
                                                "invitation": inv["token"]})
    assert_problem(r, 410, "invitation-gone")
    assert owner.client.ok("/users", params={"include_inactive": "true"}) == before


def test_withdrawn_invitation_is_gone(server):
    owner = register_owner(server)
    email = new_email("withdrawn")
    inv = invite(owner, email, "employee")
    expect(owner.client.delete(f"/invitations/{inv['id']}"), 204)
    assert inv["id"] not in pending_ids(owner)
    r = server.client().post("/auth/register", {"name": "Late", "email": email, "password": new_password(),
                                                "invitation": inv["token"]})
    assert_problem(r, 410, "invitation-gone")
    assert email_is_free(owner, email)


def test_expired_invitation_is_gone(server_factory):
    srv = server_factory.start()
    owner = register_owner(srv)
    email = new_email("expired")
    inv = invite(owner, email, "employee")
    keep = invite(owner, new_email("kept"), "employee")
    assert srv.stop(signal.SIGTERM) == 0
    expire_invitation_in_database(srv.data_dir, inv["id"])
    srv.start()
    owner = login(srv, owner.email, owner.password)
    r = srv.client().post("/auth/register", {"name": "Slow", "email": email, "password": new_password(),
                                             "invitation": inv["token"]})
    assert_problem(r, 410, "invitation-gone")
    ids = pending_ids(owner)
    assert inv["id"] not in ids, "an expired invitation is not pending"
    assert keep["id"] in ids
    assert email_is_free(owner, email)


def test_invitation_email_must_match(server):
    owner = register_owner(server)
    email = new_email("invited")
    other = new_email("other")
    inv = invite(owner, email, "employee")
    r = server.client().post("/auth/register", {"name": "Mallory", "email": other, "password": new_password(),
                                                "invitation": inv["token"]})
    assert_problem(r, 422, "invalid-input", field="email")
    assert inv["id"] in pending_ids(owner), "the invitation is still usable"
    assert email_is_free(owner, other)
    register_invited(server, inv["token"], email)  # the right person still can


def test_invitation_email_matches_case_insensitively(server):
    owner = register_owner(server)
    email = new_email("CaseInvite")
    inv = invite(owner, email, "employee")
    person = register_invited(server, inv["token"], email.upper())
    assert person.user["role"] == "employee"


def test_duplicate_email_is_refused_case_insensitively(server):
    email = new_email("Mixed.Case")
    first = register_owner(server, email=email)
    for variant in (email, email.upper(), email.lower()):
        r = server.client().post("/auth/register", {
            "name": "Dup", "email": variant, "password": new_password(),
            "organization": {"name": unique("Dup org "), "time_zone": "UTC"}})
        assert_problem(r, 409, "email-taken")
    # inviting a registered address is refused as well
    r = first.client.post("/invitations", {"email": email.upper(), "role": "employee"})
    assert_problem(r, 409, "email-taken")
    # and the original account is untouched
    assert login(server, email, first.password).id == first.id


def test_registration_closed(server_factory):
    srv = server_factory.start()
    owner = register_owner(srv)
    email = new_email("joiner")
    inv = invite(owner, email, "employee")
    inv2_email = new_email("joiner2")
    inv2 = invite(owner, inv2_email, "manager")
    assert srv.stop(signal.SIGTERM) == 0

    srv.args = ["--allow-new-organizations", "false"]
    srv.start()
    refused = new_email("refused")
    r = srv.client().post("/auth/register", {"name": "Nope", "email": refused, "password": new_password(),
                                             "organization": {"name": "Closed", "time_zone": "UTC"}})
    assert_problem(r, 403, "registration-closed")
    person = register_invited(srv, inv["token"], email)
    assert person.organization["id"] == owner.organization["id"]
    owner = login(srv, owner.email, owner.password)
    assert email_is_free(owner, refused)
    assert srv.stop(signal.SIGTERM) == 0

    # the same through the environment
    srv.args = []
    srv.env = {"SHIFTSYNC_ALLOW_NEW_ORGANIZATIONS": "false"}
    srv.start()
    r = srv.client().post("/auth/register", {"name": "Nope", "email": refused, "password": new_password(),
                                             "organization": {"name": "Closed", "time_zone": "UTC"}})
    assert_problem(r, 403, "registration-closed")
    assert register_invited(srv, inv2["token"], inv2_email).user["role"] == "manager"


def _register_body(password: str, email: str | None = None) -> dict:
    return {"name": "Pat", "email": email or new_email("pw"), "password": password,
            "organization": {"name": unique("PW org "), "time_zone": "UTC"}}


@pytest.mark.parametrize("password", [
    "password1234",          # on the common-password list
    "qwertyuiop123",         # on the common-password list
    "Xk3#pq9Lw2!",           # 11 characters
    "",
    "é" * 11,                # 11 code points, 22 bytes
    "Zq9" + "x" * 126,       # 129 characters
], ids=["common-1", "common-2", "eleven", "empty", "eleven-multibyte", "129"])
def test_weak_or_oversized_passwords_are_refused(server, org, password):
    body = _register_body(password)
    r = server.client().post("/auth/register", body)
    assert_problem(r, 422, "invalid-input", field="password")
    assert email_is_free(org.owner, body["email"])


@pytest.mark.parametrize("password", [
    "ÄÖÜäöüßéèêëï",          # 12 code points, 24 bytes
    "🙂🙃😉😊🥲🤔🙂🙃😉😊🥲🤔",  # 12 code points, 48 bytes
    "Zq9" + "y" * 125,       # 128 characters
], ids=["twelve-umlauts", "twelve-emoji", "128"])
def test_long_enough_passwords_are_accepted(server, password):
    body = _register_body(password)
    expect(server.client().post("/auth/register", body), 201)
    assert login(server, body["email"], password).user["email"] == body["email"]


def test_role_in_register_body_is_refused(server, org):
    body = _register_body(new_password())
    body["role"] = "owner"
    r = server.client().post("/auth/register", body)
    assert_problem(r, 422, "invalid-input", field="role")
    assert email_is_free(org.owner, body["email"])


def test_role_cannot_be_upgraded_through_an_invitation_registration(server):
    owner = register_owner(server)
    email = new_email("sneaky")
    inv = invite(owner, email, "employee")
    r = server.client().post("/auth/register", {"name": "Sneaky", "email": email, "password": new_password(),
                                                "invitation": inv["token"], "role": "owner"})
    assert_problem(r, 422, "invalid-input", field="role")
    assert inv["id"] in pending_ids(owner)


def test_organization_and_invitation_are_exclusive(server):
    owner = register_owner(server)
    email = new_email("both")
    inv = invite(owner, email, "employee")
    both = {"name": "Both", "email": email, "password": new_password(), "invitation": inv["token"],
            "organization": {"name": "Both", "time_zone": "UTC"}}
    assert_problem(server.client().post("/auth/register", both), 422, "invalid-input")
    neither = {"name": "Neither", "email": email, "password": new_password()}
    assert_problem(server.client().post("/auth/register", neither), 422, "invalid-input")
    assert inv["id"] in pending_ids(owner)
    assert email_is_free(owner, new_email("unused"))  # sanity of the helper
    r = owner.client.post("/invitations", {"email": email, "role": "employee"})
    expect(r, 201)  # the email is still free


def test_manager_invitations_and_added_members(server):
    owner = register_owner(server)
    manager = add_member(owner, "manager")
    for role in ("employee", "manager"):
        email = new_email("bymanager")
        inv = invite(manager, email, role)
        assert register_invited(server, inv["token"], email).user["role"] == role


def test_pending_invitations_are_listed_newest_first(server):
    owner = register_owner(server)
    made = [invite(owner, new_email(f"order{i}"), "employee")["id"] for i in range(3)]
    listed = owner.client.ok("/invitations")["invitations"]
    assert [i["id"] for i in listed] == list(reversed(made))
    for i in listed:
        assert {"id", "email", "role", "position", "created_at", "expires_at"} <= set(i), i
        assert "token" not in i and "token_hash" not in i
