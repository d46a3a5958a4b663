"""Session tokens: HS256 JWTs with a kid; forged, expired and foreign tokens are refused.

A server started with a secrets file we wrote ourselves lets us sign tokens with its key.
"""
from __future__ import annotations

import base64
import json
import os
import secrets
import time

import jwt
import pytest

from support import add_member, assert_problem, expect, register_owner, run_expecting_failure

LIFETIME_DAYS = 3


def write_secrets(path, content: dict, mode: int = 0o600):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        json.dump(content, f)
    os.chmod(path, mode)


def test_token_is_hs256_with_kid_and_claims(server):
    owner = register_owner(server)
    header = jwt.get_unverified_header(owner.token)
    claims = jwt.decode(owner.token, options={"verify_signature": False})
    assert header["alg"] == "HS256"
    assert isinstance(header.get("kid"), str) and header["kid"]
    assert claims["sub"] == str(owner.id)
    assert isinstance(claims["iat"], int) and isinstance(claims["exp"], int)
    assert claims["exp"] > claims["iat"]
    assert abs(claims["iat"] - time.time()) < 300
    assert abs((claims["exp"] - claims["iat"]) - 7 * 86400) <= 120, "7 days by default"


@pytest.fixture(scope="module")
def keyed(module_factory, tmp_path_factory):
    key = secrets.token_bytes(32)
    path = tmp_path_factory.mktemp("secrets") / "secrets.json"
    write_secrets(path, {"token_key": base64.b64encode(key).decode(), "token_lifetime_days": LIFETIME_DAYS})
    srv = module_factory.start(args=["--secrets-file", str(path)])
    owner = register_owner(srv)
    employee = add_member(owner, "employee")
    return srv, key, owner, employee


def _parts(token):
    return jwt.get_unverified_header(token), jwt.decode(token, options={"verify_signature": False})


def test_secrets_file_sets_the_lifetime(keyed):
    _, _, owner, _ = keyed
    _, claims = _parts(owner.token)
    assert abs((claims["exp"] - claims["iat"]) - LIFETIME_DAYS * 86400) <= 120


def test_token_resigned_with_the_key_is_accepted(keyed):
    # The control for the forgeries below: our signing reproduces a token the server accepts.
    srv, key, owner, _ = keyed
    header, claims = _parts(owner.token)
    token = jwt.encode(claims, key, algorithm="HS256", headers={"kid": header["kid"]})
    assert srv.client(token).ok("/me")["id"] == owner.id


def _b64(obj) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def forge(kind: str, key: bytes, owner_token: str, employee_id: int) -> str:
    header, claims = _parts(owner_token)
    kid = header["kid"]
    now = int(time.time())
    if kind == "alg-none":
        return jwt.encode(claims, None, algorithm="none", headers={"kid": kid})
    if kind == "alg-none-by-hand":
        return _b64({"alg": "none", "typ": "JWT", "kid": kid}) + "." + _b64(claims) + "."
    if kind == "hs256-empty-signature":
        return owner_token.rsplit(".", 1)[0] + "."
    if kind == "wrong-key":
        return jwt.encode(claims, secrets.token_bytes(32), algorithm="HS256", headers={"kid": kid})
    if kind == "expired":
        return jwt.encode(dict(claims, iat=now - 7200, exp=now - 60), key, algorithm="HS256", headers={"kid": kid})
    if kind == "no-exp":
        c = dict(claims)
        del c["exp"]
        return jwt.encode(c, key, algorithm="HS256", headers={"kid": kid})
    if kind == "hs512":
        return jwt.encode(claims, key, algorithm="HS512", headers={"kid": kid})
    if kind == "hs384":
        return jwt.encode(claims, key, algorithm="HS384", headers={"kid": kid})
    if kind == "wrong-kid":
        return jwt.encode(claims, key, algorithm="HS256", headers={"kid": kid + "x"})
    if kind == "missing-kid":
        return jwt.encode(claims, key, algorithm="HS256")
    if kind == "tampered-sub":
        h, _, sig = owner_token.split(".")
        return h + "." + _b64(dict(claims, sub=str(employee_id))) + "." + sig
    if kind == "tampered-exp":
        h, _, sig = owner_token.split(".")
        return h + "." + _b64(dict(claims, exp=claims["exp"] + 86400)) + "." + sig
    if kind == "truncated":
        return owner_token[:-3]
    if kind == "garbage":
        return "not.a.jwt"
    raise AssertionError(kind)


FORGERIES = ["alg-none", "alg-none-by-hand", "hs256-empty-signature", "wrong-key", "expired", "no-exp", "hs512",
             "hs384", "wrong-kid", "missing-kid", "tampered-sub", "tampered-exp", "truncated", "garbage"]


@pytest.mark.parametrize("kind", FORGERIES)
def test_forged_tokens_are_refused(keyed, kind):
    srv, key, owner, employee = keyed
    token = forge(kind, key, owner.token, employee.id)
    c = srv.client(token)
    assert_problem(c.get("/me"), 401, "unauthenticated")
    assert_problem(c.patch("/organization", {"name": "Pwned"}), 401, "unauthenticated")
    assert owner.client.ok("/organization")["name"] != "Pwned"
    # as a cookie too
    r = srv.client().get("/me", headers={"Cookie": f"shiftsync_session={token}"})
    assert_problem(r, 401, "unauthenticated")


def test_world_readable_secrets_file_is_refused(tmp_path):
    key = secrets.token_bytes(32)
    encoded = base64.b64encode(key).decode()
    path = tmp_path / "secrets.json"
    write_secrets(path, {"token_key": encoded}, mode=0o644)
    code, output = run_expecting_failure(tmp_path / "data", ["--secrets-file", str(path)])
    assert code != 0, output
    assert "chmod" in output, output
    assert encoded not in output and key.hex() not in output, "the key leaked into the output"


def test_short_key_is_refused(tmp_path):
    key = secrets.token_bytes(16)
    encoded = base64.b64encode(key).decode()
    path = tmp_path / "secrets.json"
    write_secrets(path, {"token_key": encoded})
    code, output = run_expecting_failure(tmp_path / "data", ["--secrets-file", str(path)])
    assert code != 0, output
    assert encoded not in output and key.hex() not in output, "the key leaked into the output"


def test_tokens_of_one_server_do_not_work_on_another(keyed, server):
    _, _, owner, _ = keyed
    assert_problem(server.client(owner.token).get("/me"), 401, "unauthenticated")
