"""GET /invitations/lookup: what the join page shows before anything is typed (defect 6)."""
from __future__ import annotations

import signal

from support import (assert_problem, expect, expire_invitation_in_database, invite, login, new_email,
                     new_password, register_invited, register_owner, wait_until)

# ThrottleLimits{}.address_failures: unknown tokens one client address may try within the window.
ADDRESS_LIMIT = 20


def lookup(server, token: str):
    return server.client().get("/invitations/lookup", params={"token": token})


def test_lookup_names_the_organisation_the_email_and_the_role_without_a_session(server):
    owner = register_owner(server, org_name="Lookup Bakery")
    email = new_email("joiner")
    inv = invite(owner, email, "manager", position="Shift lead")
    r = lookup(server, inv["token"])
    body = expect(r, 200)
    assert body["organization_name"] == "Lookup Bakery"
    assert body["email"] == email
    assert body["role"] == "manager"
    assert body["position"] == "Shift lead"
    assert body["expires_at"] == inv["expires_at"]
    assert set(body) == {"organization_name", "email", "role", "position", "expires_at"}, body
    assert r.headers.get("Cache-Control") == "no-store"
    # Looking does not use it up: the invitation still registers.
    expect(lookup(server, inv["token"]), 200)
    joined = register_invited(server, inv["token"], email)
    assert joined.role == "manager"


def test_a_used_withdrawn_or_unknown_invitation_is_gone(server):
    owner = register_owner(server)
    used = invite(owner, new_email("used"), "employee")
    register_invited(server, used["token"], used["email"])
    withdrawn = invite(owner, new_email("withdrawn"), "employee")
    expect(owner.client.delete(f"/invitations/{withdrawn['id']}"), 204)
    for token in (used["token"], withdrawn["token"], "no-such-invitation-token"):
        body = assert_problem(lookup(server, token), 410, "invitation-gone")
        assert owner.organization["name"] not in body["detail"], "a gone invitation names nobody"


def test_an_expired_invitation_is_gone(server_factory):
    srv = server_factory.start()
    owner = register_owner(srv)
    inv = invite(owner, new_email("late"), "employee")
    expect(lookup(srv, inv["token"]), 200)
    assert srv.stop(signal.SIGTERM) == 0
    expire_invitation_in_database(srv.data_dir, inv["id"])
    srv.start()
    assert_problem(lookup(srv, inv["token"]), 410, "invitation-gone")


def test_a_missing_empty_or_overlong_token_is_malformed(server):
    c = server.client()
    assert_problem(c.get("/invitations/lookup"), 400, "malformed-request", field="token")
    assert_problem(c.get("/invitations/lookup", params={"token": ""}), 400, "malformed-request", field="token")
    assert_problem(c.get("/invitations/lookup", params={"token": "a" * 257}), 400, "malformed-request")
    assert_problem(c.get("/invitations/lookup", params={"token": "x", "extra": "1"}), 400, "malformed-request")
    assert_problem(c.post("/invitations/lookup", {"token": "x"}), 405, "method-not-allowed")


def test_the_token_never_reaches_the_log(server):
    owner = register_owner(server)
    inv = invite(owner, new_email("quiet"), "employee")
    expect(lookup(server, inv["token"]), 200)
    assert_problem(lookup(server, inv["token"] + "x"), 410)
    wait_until(lambda: "/api/v1/invitations/lookup" in server.log_text(), 5, what="the access log line")
    assert inv["token"] not in server.log_text()


def test_unknown_tokens_are_throttled_per_client_address_and_sign_in_is_not(server_factory):
    srv = server_factory.start()
    owner = register_owner(srv)
    inv = invite(owner, new_email("throttled"), "employee")
    for i in range(ADDRESS_LIMIT):
        assert_problem(lookup(srv, f"guess-{i}"), 410, "invitation-gone")
    r = lookup(srv, inv["token"])
    assert_problem(r, 429, "too-many-requests")
    assert int(r.headers["Retry-After"]) > 0
    # The counts are the database's: a restarted server still refuses.
    srv.stop(signal.SIGTERM)
    srv.start()
    assert_problem(lookup(srv, inv["token"]), 429, "too-many-requests")
    # Lookups have their own allowance: signing in from the same address still works.
    assert login(srv, owner.email, owner.password).id == owner.id
    # And registration with the (valid) token is not held up by the lookup throttle.
    joined = register_invited(srv, inv["token"], inv["email"], password=new_password())
    assert joined.role == "employee"
