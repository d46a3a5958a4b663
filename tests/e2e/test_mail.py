"""Email end to end: the outbox written with each change, the worker delivering to a real SMTP
server (aiosmtpd) or to .eml files, the mail API, outages, crashes and rejected recipients."""
from __future__ import annotations

import signal

import pytest

from mailbox import SmtpServer, read_mails, wait_for_mails
from support import (add_member, assert_problem, expect, invite, make_shift, new_email, new_password,
                     register_invited, register_owner, wait_until)


def mails_to(mails, address):
    return [m for m in mails if address.lower() in m.to.lower()]


def outbox(actor, limit=100):
    return expect(actor.client.get("/mail", params={"limit": limit}), 200)["messages"]


@pytest.fixture(scope="module")
def smtp(tmp_path_factory):
    server = SmtpServer(tmp_path_factory.mktemp("smtp")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def mail_server(module_factory, smtp):
    return module_factory.start(name="mail", args=["--smtp-url", smtp.url, "--mail-from", "shifts@example.com"])


def test_without_smtp_each_email_becomes_an_eml_file(server_factory):
    srv = server_factory.start(name="eml")
    owner = register_owner(srv, org_name="Corner Café")
    mails = wait_for_mails(srv.data_dir / "mail", lambda ms: len(mails_to(ms, owner.email)) == 1, what="welcome .eml")
    welcome = mails_to(mails, owner.email)[0]
    assert "Welcome" in welcome.subject and "Corner Café" in welcome.subject
    assert "Corner Café" in str(welcome.message["From"])
    assert welcome.message_id.startswith("<") and welcome.message_id.endswith(">")


def test_welcome_invitation_and_announcement_over_smtp(mail_server, smtp):
    owner = register_owner(mail_server, org_name="Zoë's Bistro 日本")
    address = new_email("invitee")
    inv = invite(owner, address, "employee")
    mails = wait_for_mails(smtp.directory, lambda ms: mails_to(ms, owner.email) and mails_to(ms, address),
                           what="welcome and invitation")
    welcome = mails_to(mails, owner.email)[0]
    assert welcome.subject == "Welcome to Zoë's Bistro 日本 on Shift-Sync"  # RFC 2047 decoded by the reader
    assert str(welcome.message["From"]).endswith("<shifts@example.com>")
    invitation = mails_to(mails, address)[0]
    assert inv["token"] in invitation.text and f"register?invitation={inv['token']}" in invitation.text
    assert inv["token"] in invitation.html

    employee = register_invited(mail_server, inv["token"], address, name="Émile")
    accepted = expect(owner.client.post("/mail", {"to": "all", "subject": "Team meeting — Friday",
                                                  "message": "Bring ideas <b>please</b>."}), 202)
    assert len(accepted["message_ids"]) == 2 and accepted["skipped_user_ids"] == []
    mails = wait_for_mails(smtp.directory, lambda ms: len([m for m in ms if m.subject == "Team meeting — Friday"]) == 2,
                           what="announcements")
    note = [m for m in mails_to(mails, employee.email) if m.subject == "Team meeting — Friday"][0]
    assert "Bring ideas <b>please</b>." in note.text
    assert "&lt;b&gt;please&lt;/b&gt;" in note.html  # user text is escaped in HTML
    listed = {m["id"]: m for m in outbox(owner)}
    wait_until(lambda: all(m["status"] == "sent" for m in outbox(owner)), timeout=20, what="all sent")
    assert set(accepted["message_ids"]) <= set(listed)


def test_shift_emails_follow_the_shift(mail_server, smtp):
    owner = register_owner(mail_server, tz="Europe/Berlin")
    worker = add_member(owner, "employee")
    shift = make_shift(owner, worker.id, "2031-03-03T07:00:00Z", "2031-03-03T15:00:00Z", note="Keys at the bar")
    expect(owner.client.patch(f"/shifts/{shift['id']}", {"start": "2031-03-03T08:00:00Z"}), 200)
    expect(owner.client.delete(f"/shifts/{shift['id']}"), 204)
    make_shift(owner, worker.id, "2020-01-01T07:00:00Z", "2020-01-01T08:00:00Z")  # the past sends nothing
    def shift_mails(ms):
        return [m for m in mails_to(ms, worker.email) if m.subject.startswith(("New shift", "Shift "))]

    mails = wait_for_mails(smtp.directory, lambda ms: len(shift_mails(ms)) >= 3, what="shift emails")
    # The marker: an email queued after everything above, so nothing else is still on its way.
    marker = make_shift(owner, owner.id, "2031-03-04T07:00:00Z", "2031-03-04T08:00:00Z")
    mails = wait_for_mails(smtp.directory, lambda ms: any(m.subject.startswith("New shift")
                                                          for m in mails_to(ms, owner.email)), what="the marker")
    assert marker["id"]
    assert sorted(m.subject.split(":")[0] for m in shift_mails(mails)) == ["New shift", "Shift cancelled",
                                                                           "Shift changed"]
    new = [m for m in shift_mails(mails) if m.subject.startswith("New shift")][0]
    # As the app writes times (en-US by default): 07:00Z is 8 AM in Berlin.
    assert new.subject == "New shift: Mon, Mar 3, 8 AM\u20134 PM" and "Keys at the bar" in new.text
    changed = [m for m in shift_mails(mails) if m.subject.startswith("Shift changed")][0]
    assert changed.subject == "Shift changed: Mon, Mar 3, 9 AM\u20134 PM"
    # and says what changed, before -> after
    assert "Time: Mon, Mar 3, 8 AM\u20134 PM \u2192 Mon, Mar 3, 9 AM\u20134 PM" in changed.text, changed.text
    assert "Time: Mon, Mar 3, 8 AM\u20134 PM \u2192 Mon, Mar 3, 9 AM\u20134 PM" in changed.html, changed.html


def test_a_pattern_sends_one_summary_not_one_per_shift(mail_server, smtp):
    owner = register_owner(mail_server)
    worker = add_member(owner, "employee")
    created = expect(owner.client.post("/patterns", {
        "user_id": worker.id, "start_date": "2031-05-05", "end_date": "2031-06-29",
        "days": {"monday": {"start": "08:00", "end": "16:00"}, "saturday": {"start": "22:00", "end": "06:00"}}}), 201)
    assert created["shift_count"] == 16
    mails = wait_for_mails(smtp.directory, lambda ms: any("regular schedule" in m.subject
                                                          for m in mails_to(ms, worker.email)), what="pattern email")
    summaries = [m for m in mails_to(mails, worker.email) if "regular schedule" in m.subject]
    assert len(summaries) == 1
    assert "Monday 8 AM\u20134 PM" in summaries[0].text, summaries[0].text
    assert "Saturday 10 PM\u20136 AM (next day)" in summaries[0].text
    assert "from Mon, May 5, 2031 to Sun, Jun 29, 2031" in summaries[0].text
    assert not [m for m in mails_to(mails, worker.email) if m.subject.startswith("New shift")]


def test_security_notice_goes_to_old_and_new_address_even_when_opted_out(mail_server, smtp):
    owner = register_owner(mail_server)
    old_address, new_address = owner.email, new_email("moved")
    expect(owner.client.patch("/me", {"email_notifications": False}), 200)
    expect(owner.client.patch("/me", {"email": new_address, "current_password": owner.password}), 200)
    mails = wait_for_mails(smtp.directory, lambda ms: any("changed" in m.subject for m in mails_to(ms, old_address))
                           and any("changed" in m.subject for m in mails_to(ms, new_address)),
                           what="security notices")
    assert any("email address" in m.subject for m in mails_to(mails, old_address))


def test_opted_out_employees_get_no_shift_or_announcement_email(mail_server, smtp):
    owner = register_owner(mail_server)
    worker = add_member(owner, "employee")
    expect(worker.client.patch("/me", {"email_notifications": False}), 200)
    assert expect(worker.client.get("/me"), 200)["email_notifications"] is False
    accepted = expect(owner.client.post("/mail", {"to": [worker.id], "subject": "Hi", "message": "Hello"}), 202)
    assert accepted == {"message_ids": [], "skipped_user_ids": [worker.id]}
    make_shift(owner, worker.id, "2031-07-07T07:00:00Z", "2031-07-07T09:00:00Z")
    marker = make_shift(owner, owner.id, "2031-07-07T07:00:00Z", "2031-07-07T09:00:00Z")
    # The owner's own shift email proves the queue was drained past the worker's change.
    wait_for_mails(smtp.directory, lambda ms: any(m.subject.startswith("New shift") for m in mails_to(ms, owner.email)),
                   what="the owner's shift email")
    assert marker["id"]
    assert not [m for m in mails_to(smtp.mails(), worker.email) if m.subject == "Hi" or m.subject.startswith("New shift")]


def test_mail_api_is_for_managers_and_checks_input(mail_server):
    owner = register_owner(mail_server)
    worker = add_member(owner, "employee")
    before = [m["id"] for m in outbox(owner)]
    assert_problem(worker.client.post("/mail", {"to": "all", "subject": "x", "message": "y"}), 403)
    assert_problem(worker.client.get("/mail"), 403)
    for body, field in [({"to": "everyone", "subject": "s", "message": "m"}, "to"),
                        ({"to": [], "subject": "s", "message": "m"}, "to"),
                        ({"to": [999999], "subject": "s", "message": "m"}, "to"),
                        ({"to": "all", "subject": "", "message": "m"}, "subject"),
                        ({"to": "all", "subject": "Hi\r\nBcc: evil@example.com", "message": "m"}, "subject"),
                        ({"to": "all", "subject": "s" * 201, "message": "m"}, "subject"),
                        ({"to": "all", "subject": "s"}, "message"),
                        ({"to": "all", "subject": "s", "message": "m", "cc": "x"}, "cc")]:
        assert_problem(owner.client.post("/mail", body), 422, "invalid-input", field)
    assert_problem(owner.client.post("/mail/999999/retry"), 404)
    assert [m["id"] for m in outbox(owner)] == before  # nothing was queued


def test_a_rejected_recipient_goes_dead_without_blocking_the_others(server_factory, tmp_path):
    smtp = SmtpServer(tmp_path / "smtp").start()
    try:
        srv = server_factory.start(name="reject", args=["--smtp-url", smtp.url])
        owner = register_owner(srv)
        rejected = "reject-" + new_email("x")
        invite(owner, rejected, "employee")
        fine = new_email("fine")
        invite(owner, fine, "employee")
        wait_for_mails(smtp.directory, lambda ms: mails_to(ms, fine), what="the other invitation")

        def dead():
            return [m for m in outbox(owner) if m["to"] == rejected and m["status"] == "dead"]

        wait_until(dead, timeout=20, what="the rejected message to be dead")
        message = dead()[0]
        assert message["attempts"] == 1 and "550" in message["last_error"]
        retried = expect(owner.client.post(f"/mail/{message['id']}/retry"), 202)
        assert retried["status"] == "pending" and retried["attempts"] == 0
        wait_until(lambda: dead(), timeout=20, what="the retried message to die again")
        sent = [m for m in outbox(owner) if m["to"] == fine][0]
        wait_until(lambda: [m for m in outbox(owner) if m["id"] == sent["id"] and m["status"] == "sent"], timeout=20,
                   what="the other invitation to be recorded as sent")
        assert_problem(owner.client.post(f"/mail/{sent['id']}/retry"), 409, "conflict")
    finally:
        smtp.stop()


def test_an_smtp_outage_delays_mail_but_loses_none(server_factory, tmp_path):
    smtp = SmtpServer(tmp_path / "smtp")  # not started yet: the relay is down
    srv = server_factory.start(name="outage", args=["--smtp-url", smtp.url, "--mail-retry-seconds", "1"])
    owner = register_owner(srv)
    workers = [add_member(owner, "employee") for _ in range(3)]
    expect(owner.client.post("/mail", {"to": "all", "subject": "During the outage", "message": "m"}), 202)
    wait_until(lambda: all(m["attempts"] >= 1 and m["status"] == "pending" for m in outbox(owner)),
               timeout=20, what="failed attempts while the relay is down")
    smtp.start()
    try:
        expected = {owner.email, *(w.email for w in workers)}
        mails = wait_for_mails(smtp.directory, lambda ms: {m.to.split("<")[-1].rstrip(">") for m in ms
                                                            if m.subject == "During the outage"} >= expected,
                               timeout=60, what="every message after the outage")
        assert len([m for m in mails if m.subject == "During the outage"]) == 4
        wait_until(lambda: all(m["status"] == "sent" for m in outbox(owner)), timeout=30, what="all sent")
    finally:
        smtp.stop()


def test_kill_9_while_draining_500_messages_loses_none(server_factory, tmp_path):
    smtp = SmtpServer(tmp_path / "smtp").start()
    try:
        srv = server_factory.start(name="crash", args=["--smtp-url", smtp.url, "--mail-lease-seconds", "5",
                                                       "--mail-worker", "false"])
        owner = register_owner(srv)
        for _ in range(4):
            add_member(owner, "employee")
        for i in range(100):  # 5 recipients each: 500 announcements, queued while no worker runs
            expect(owner.client.post("/mail", {"to": "all", "subject": f"Batch {i}", "message": "m"}), 202)
        srv.stop()
        srv.args = [a for a in srv.args if a not in ("--mail-worker", "false")]
        srv.start()
        wait_until(lambda: len(smtp.mails()) >= 60, timeout=60, what="delivery to get going")
        srv.stop(signal.SIGKILL)
        srv.start()
        total = sum(1 for m in outbox_all(owner))
        wait_until(lambda: len({m.message_id for m in smtp.mails()}) >= total, timeout=120,
                   what="every message after the crash")
        ids = [m.message_id for m in smtp.mails()]
        duplicates = len(ids) - len(set(ids))
        # At-least-once: only messages sent but not yet recorded when the process died can come
        # twice, at most one claimed batch (20).
        assert duplicates <= 20, duplicates
        wait_until(lambda: all(m["status"] == "sent" for m in outbox_all(owner)), timeout=30, what="all sent")
    finally:
        smtp.stop()


def outbox_all(actor):
    messages, cursor = [], None
    while True:
        params = {"limit": 100}
        if cursor:
            params["cursor"] = cursor
        page = expect(actor.client.get("/mail", params=params), 200)
        messages += page["messages"]
        cursor = page["next_cursor"]
        if not cursor:
            return messages
