"""Graceful shutdown and durability: SIGTERM exits 0; acknowledged writes survive SIGTERM and SIGKILL."""
from __future__ import annotations

import signal
import threading
import time

import requests

from support import (API, add_member, all_days, expect, list_shifts, login, make_shift, register_owner, snapshot,
                     wait_until)


def test_sigterm_exits_zero_and_a_restart_keeps_everything(server_factory):
    srv = server_factory.start()
    owner = register_owner(srv)
    employee = add_member(owner, "employee")
    for i in range(10):
        make_shift(owner, employee.id, f"2027-03-{i + 1:02d}T08:00:00Z", f"2027-03-{i + 1:02d}T12:00:00Z",
                   note=f"shift {i}")
    expect(owner.client.post("/patterns", {"user_id": employee.id, "start_date": "2027-04-05",
                                           "end_date": "2027-04-11", "days": all_days("08:00", "16:00")}), 201)
    expect(owner.client.patch("/organization", {"name": "Durable", "week_start": "sunday"}), 200)
    before = snapshot(owner)
    assert len(before["shifts"]["shifts"]) == 17

    assert srv.stop(signal.SIGTERM) == 0, srv.log_tail()
    srv.start()
    assert requests.get(srv.url("/readyz"), timeout=5).status_code == 200
    # the session token is still good (the signing key lives in the data directory)
    assert owner.client.ok("/me")["id"] == owner.id
    again = login(srv, owner.email, owner.password)
    assert snapshot(again) == before
    assert login(srv, employee.email, employee.password).id == employee.id


def test_sigkill_right_after_an_acknowledged_write_keeps_it(server_factory):
    srv = server_factory.start()
    owner = register_owner(srv)
    shift = make_shift(owner, None, "2027-06-01T08:00:00Z", "2027-06-01T12:00:00Z", note="must survive")
    changed = expect(owner.client.patch(f"/shifts/{shift['id']}", {"note": "changed, must survive"}), 200)
    srv.proc.send_signal(signal.SIGKILL)  # no chance to flush anything after answering
    assert srv.proc.wait(timeout=10) == -signal.SIGKILL
    srv.start()
    again = login(srv, owner.email, owner.password)
    assert again.client.ok(f"/shifts/{shift['id']}") == changed


def test_writes_acknowledged_during_shutdown_are_kept(server_factory):
    srv = server_factory.start()
    owner = register_owner(srv)
    url = srv.url(API + "/shifts")
    headers = {"Authorization": f"Bearer {owner.token}"}
    acknowledged: list[dict] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n):
        i = 0
        while not stop.is_set() and i < 400:
            body = {"user_id": None, "start": f"2027-07-{n + 1:02d}T{i // 60 % 24:02d}:{i % 60:02d}:00Z",
                    "end": f"2027-07-{n + 1:02d}T23:59:00Z"}
            i += 1
            try:
                r = requests.post(url, json=body, headers=headers, timeout=10)
            except requests.RequestException:
                return  # the server went away: fine, nothing was acknowledged
            if r.status_code == 201:
                with lock:
                    acknowledged.append(r.json())
            elif r.status_code in (503,):
                continue
            else:
                return

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    wait_until(lambda: len(acknowledged) >= 20, 20, what="some acknowledged writes")
    srv.proc.send_signal(signal.SIGTERM)
    code = srv.proc.wait(timeout=20)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    assert code == 0, srv.log_tail()
    srv.start()
    again = login(srv, owner.email, owner.password)
    stored = {s["id"]: s for s in list_shifts(again)}
    missing = [s for s in acknowledged if stored.get(s["id"]) != s]
    assert not missing, f"{len(missing)} acknowledged shifts lost, e.g. {missing[:3]}"


def test_sigterm_on_an_idle_keep_alive_connection_still_exits_promptly(server_factory):
    srv = server_factory.start()
    session = requests.Session()
    assert session.get(srv.url("/healthz"), timeout=5).status_code == 200  # leaves a keep-alive connection
    t = time.monotonic()
    assert srv.stop(signal.SIGTERM, timeout=15) == 0
    assert time.monotonic() - t < 10, "an idle connection must not hold up shutdown"
    session.close()
