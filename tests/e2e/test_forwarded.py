"""Behind a reverse proxy: X-Forwarded-For/-Proto believed only from --trusted-proxies.

The sign-in throttle counts failures per client address, so a proxy that is not trusted makes every
user one address, and a client that is trusted blindly could pick a fresh address per attempt.
"""
from __future__ import annotations

import json

from support import assert_problem, expect, new_email, new_password, register_owner, run_expecting_failure


def spray(client, count: int, headers: dict) -> None:
    """`count` failed sign-ins for distinct unknown emails: only the address counter grows."""
    for _ in range(count):
        r = client.post("/auth/login", {"email": new_email("spray"), "password": new_password()}, headers=headers)
        assert_problem(r, 401, "invalid-credentials")


def login_status(srv, owner, headers: dict) -> int:
    return srv.client().post("/auth/login", {"email": owner.email, "password": owner.password},
                             headers=headers).status_code


def access_log_clients(srv) -> list[str]:
    clients = []
    for line in srv.log_text().splitlines():
        start = line.find("{")
        if start >= 0 and '"status"' in line:
            clients.append(json.loads(line[start:]).get("client"))
    return clients


def test_a_trusted_proxy_names_the_client_for_the_throttle_and_the_log(server_factory):
    srv = server_factory.start(args=["--trusted-proxies", "127.0.0.1, 10.0.0.0/8"])
    owner = register_owner(srv)
    c = srv.client()
    spray(c, 20, {"X-Forwarded-For": "198.51.100.1"})
    # That client is now throttled; another behind the same proxy is not.
    assert login_status(srv, owner, {"X-Forwarded-For": "198.51.100.1"}) == 429
    assert login_status(srv, owner, {"X-Forwarded-For": "198.51.100.2"}) == 200
    # A client cannot escape by prepending an address of its choice: the proxy appends the real one.
    assert login_status(srv, owner, {"X-Forwarded-For": "203.0.113.50, 198.51.100.1"}) == 429
    assert "198.51.100.1" in access_log_clients(srv)


def test_an_untrusted_peer_cannot_choose_its_address(server_factory):
    srv = server_factory.start()  # trusts nobody
    owner = register_owner(srv)
    c = srv.client()
    for i in range(20):
        r = c.post("/auth/login", {"email": new_email("spray"), "password": new_password()},
                   headers={"X-Forwarded-For": f"198.51.100.{i + 1}"})
        assert_problem(r, 401, "invalid-credentials")
    # All twenty came from 127.0.0.1 whatever they claimed, so that address is throttled.
    assert login_status(srv, owner, {"X-Forwarded-For": "192.0.2.99"}) == 429
    assert "198.51.100.1" not in access_log_clients(srv)


def test_secure_cookie_when_the_trusted_proxy_says_https(server_factory):
    trusting = server_factory.start(args=["--trusted-proxies", "127.0.0.1"])
    owner = register_owner(trusting)
    body = {"email": owner.email, "password": owner.password}

    def cookie(srv, headers):
        r = srv.client().post("/auth/login", body, headers=headers)
        expect(r, 200)
        return r.headers["Set-Cookie"]

    assert "Secure" in cookie(trusting, {"X-Forwarded-Proto": "https"})
    assert "Secure" not in cookie(trusting, {"X-Forwarded-Proto": "http"})
    assert "Secure" not in cookie(trusting, {})


def test_an_untrusted_peer_saying_https_gets_no_secure_cookie(server):
    owner = register_owner(server)
    r = server.client().post("/auth/login", {"email": owner.email, "password": owner.password},
                             headers={"X-Forwarded-Proto": "https"})
    expect(r, 200)
    assert "Secure" not in r.headers["Set-Cookie"]


def test_a_bad_trusted_proxies_setting_stops_the_start(tmp_path):
    code, out = run_expecting_failure(tmp_path / "data", ["--trusted-proxies", "10.0.0.0/8,proxy.internal"])
    assert code == 2, out
    assert "trusted_proxies" in out and "proxy.internal" in out, out
