"""PATCH /organization as the settings page uses it, and the locale setting of emails (defects 7, 11)."""
from __future__ import annotations

import pytest

from support import add_member, assert_problem, expect, make_shift, register_owner


def test_the_locale_defaults_to_en_us_and_the_owner_changes_it(server):
    owner = register_owner(server)
    assert owner.client.ok("/organization")["locale"] == "en-US"
    changed = expect(owner.client.patch("/organization", {"name": "Renamed Bakery", "time_zone": "Europe/London",
                                                          "week_start": "sunday", "locale": "en-GB"}), 200)
    assert changed["locale"] == "en-GB" and changed["name"] == "Renamed Bakery"
    after = owner.client.ok("/organization")
    assert after == changed
    # Everyone reads it; the session's organisation carries it too.
    worker = add_member(owner, "employee")
    assert worker.client.ok("/organization")["locale"] == "en-GB"
    assert worker.organization["locale"] == "en-GB"


@pytest.mark.parametrize("locale", ["de-DE", "en", "en_US", "", 5, None])
def test_an_unsupported_locale_is_refused_and_nothing_changes(server, locale):
    owner = register_owner(server)
    before = owner.client.ok("/organization")
    r = owner.client.patch("/organization", {"name": "Should not stick", "locale": locale})
    assert_problem(r, 422, "invalid-input", field="locale")
    assert owner.client.ok("/organization") == before


def test_only_owners_change_the_locale(server):
    owner = register_owner(server)
    for role in ("manager", "employee"):
        member = add_member(owner, role)
        assert_problem(member.client.patch("/organization", {"locale": "en-GB"}), 403, "forbidden")
    assert owner.client.ok("/organization")["locale"] == "en-US"


def test_emails_follow_the_locale(server):
    owner = register_owner(server, tz="UTC")
    worker = add_member(owner, "employee")
    expect(owner.client.patch("/organization", {"locale": "en-GB"}), 200)
    make_shift(owner, worker.id, "2031-03-03T07:00:00Z", "2031-03-03T15:30:00Z")
    messages = expect(owner.client.get("/mail", params={"limit": 100}), 200)["messages"]
    subjects = [m["subject"] for m in messages if m["kind"] == "shift_assigned"]
    assert subjects == ["New shift: Mon 3 Mar, 07:00\u201315:30"], subjects
