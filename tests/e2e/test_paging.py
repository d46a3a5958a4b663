"""Paged lists (docs/API.md, "Paged lists"): GET /shifts, /users, /mail and /invitations take
`limit` and an opaque `cursor` and answer `next_cursor`; walking every page meets each item once,
in the list's order, even when items are added between pages; bad values are 400 and read
nothing; another organisation's items never appear."""
from __future__ import annotations

import pytest

from support import add_member, assert_problem, expect, invite, make_org, make_shift, new_email, snapshot

WEEK = {"from": "2027-06-07T00:00:00Z", "to": "2027-06-14T00:00:00Z"}


def walk(client, path, key, params=None, limit=2, between_pages=lambda: None):
    """Every item of the list at `path`, page by page; checks each page's size and cursor."""
    items, cursor, pages = [], None, 0
    while True:
        query = dict(params or {}, limit=limit)
        if cursor is not None:
            query["cursor"] = cursor
        page = client.ok(path, params=query)
        assert len(page[key]) <= limit, page
        items += page[key]
        cursor = page["next_cursor"]
        pages += 1
        assert pages < 100, "the pages never end"
        if cursor is None:
            return items, pages
        assert isinstance(cursor, str) and page[key], page
        between_pages()


def ids(items):
    return [item["id"] for item in items]


@pytest.fixture
def two_orgs(server):
    return make_org(server), make_org(server)


def test_shifts_walk_every_page_once_in_start_order(two_orgs):
    mine, theirs = two_orgs
    for day in (9, 7, 8, 7, 10, 11, 12):
        make_shift(mine.manager, None, f"2027-06-{day:02d}T08:00:00Z", f"2027-06-{day:02d}T16:00:00Z")
    make_shift(theirs.manager, None, "2027-06-08T08:00:00Z", "2027-06-08T16:00:00Z")
    added = []

    def add_one_ahead():
        if len(added) < 2:
            added.append(make_shift(mine.manager, None, "2027-06-13T08:00:00Z", "2027-06-13T16:00:00Z")["id"])

    walked, pages = walk(mine.employee.client, "/shifts", "shifts", WEEK, between_pages=add_one_ahead)
    everything = mine.employee.client.ok("/shifts", params=dict(WEEK, limit=500))
    assert everything["next_cursor"] is None
    assert ids(walked) == ids(everything["shifts"]), "every shift once, by start then id"
    assert [s["start"] for s in walked] == sorted(s["start"] for s in walked)
    assert set(added) <= set(ids(walked)) and len(walked) == 9 and pages == 5
    default = mine.employee.client.ok("/shifts", params=WEEK)
    assert ids(default["shifts"]) == ids(walked) and default["next_cursor"] is None
    assert not set(ids(walked)) & set(ids(theirs.manager.client.ok("/shifts", params=WEEK)["shifts"]))


def test_users_invitations_and_mail_walk_every_page(two_orgs):
    mine, theirs = two_orgs
    for _ in range(3):
        add_member(mine.owner, "employee")
        invite(mine.manager, new_email("pending"), "employee")
    invite(theirs.owner, new_email("theirs"), "employee")
    users, _ = walk(mine.employee.client, "/users", "users")
    assert ids(users) == ids(mine.employee.client.ok("/users")["users"])
    assert len(users) == 6 and [u["name"] for u in users] == sorted(u["name"] for u in users)
    theirs_users = {u["id"] for u in theirs.owner.client.ok("/users")["users"]}
    assert not theirs_users & set(ids(users))

    invitations, _ = walk(mine.manager.client, "/invitations", "invitations")
    assert ids(invitations) == ids(mine.manager.client.ok("/invitations")["invitations"])
    assert len(invitations) == 3, invitations

    # Queued in the request's own transaction: listed as soon as it is answered.
    accepted = expect(mine.owner.client.post("/mail", {"to": "all", "subject": "Paging", "message": "One each."}), 202)
    assert len(accepted["message_ids"]) == 6, accepted
    messages, _ = walk(mine.owner.client, "/mail", "messages", limit=3)
    assert ids(messages) == sorted(ids(messages), reverse=True) and len(set(ids(messages))) == len(messages)
    assert set(accepted["message_ids"]) <= set(ids(messages))
    assert ids(messages) == ids(mine.owner.client.ok("/mail", params={"limit": 500})["messages"])
    assert not set(ids(messages)) & set(ids(theirs.owner.client.ok("/mail")["messages"]))


@pytest.mark.parametrize("path,extra", [("/shifts", WEEK), ("/users", {}), ("/mail", {}), ("/invitations", {})])
def test_bad_limits_and_cursors_are_400_and_change_nothing(two_orgs, path, extra):
    mine, theirs = two_orgs
    make_shift(mine.manager, None, "2027-06-08T08:00:00Z", "2027-06-08T16:00:00Z")
    before = snapshot(mine.owner)
    client = mine.owner.client
    for limit in ("0", "501", "-1", "ten", "1.5", ""):
        assert_problem(client.get(path, params=dict(extra, limit=limit)), 400, "malformed-request", "limit")
    for cursor in ("not a cursor!", "Zm9v", "AAAA", ""):
        assert_problem(client.get(path, params=dict(extra, cursor=cursor)), 400, "malformed-request", "cursor")
    assert snapshot(mine.owner) == before
    # A cursor of another list reads as a bad cursor, never as another organisation's page.
    other_page = theirs.owner.client.ok("/users", params={"limit": 1})
    assert other_page["next_cursor"]
    if path in ("/shifts", "/invitations"):
        assert_problem(client.get(path, params=dict(extra, cursor=other_page["next_cursor"])), 400,
                       "malformed-request", "cursor")


def test_a_cursor_never_reaches_another_organisation(two_orgs):
    mine, theirs = two_orgs
    for day in (8, 9, 10):
        make_shift(theirs.manager, None, f"2027-06-{day:02d}T08:00:00Z", f"2027-06-{day:02d}T16:00:00Z")
    make_shift(mine.manager, None, "2027-06-11T08:00:00Z", "2027-06-11T16:00:00Z")
    their_page = theirs.manager.client.ok("/shifts", params=dict(WEEK, limit=1))
    mine_after = mine.manager.client.ok("/shifts", params=dict(WEEK, limit=500, cursor=their_page["next_cursor"]))
    theirs_ids = set(ids(theirs.manager.client.ok("/shifts", params=WEEK)["shifts"]))
    assert not set(ids(mine_after["shifts"])) & theirs_ids
    assert len(mine_after["shifts"]) == 1
