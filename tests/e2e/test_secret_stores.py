"""Secret stores and several token keys, on the real binary: keys rotate without signing anyone out,
a systemd credentials directory supplies the signing key and the SMTP password, and an AWS Secrets
Manager secret (tests/aws/aws_standin.py, a stand-in speaking GetSecretValue over HTTPS with SigV4)
supplies the key and the SMTP relay."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import subprocess
from pathlib import Path

import jwt
import pytest

from mailbox import SmtpServer, wait_for_mails
import support
from support import (REPO, assert_problem, binary_path, database_options, invite, login, new_email, register_owner,
                     run_expecting_failure, stop_helper, wait_until)

AWS_STANDIN = REPO / "tests" / "aws" / "aws_standin.py"
AKID = "AKIDSHIFTSYNCE2E"
AWS_SECRET = "aws-secret-access-key-for-the-e2e-run"


def new_key() -> tuple[bytes, str]:
    raw = secrets.token_bytes(32)
    return raw, base64.b64encode(raw).decode()


def kid_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def token_kid(token: str) -> str:
    return jwt.get_unverified_header(token)["kid"]


def write_private(path: Path, text: str, mode: int = 0o400) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def mails_to(mails, address):
    return [m for m in mails if address.lower() in m.to.lower()]


def test_keys_rotate_without_signing_anyone_out(server_factory):
    a_raw, a = new_key()
    b_raw, b = new_key()
    srv = server_factory.start(name="rotate", env={"SHIFTSYNC_TOKEN_KEY": a})
    owner = register_owner(srv)
    assert token_kid(owner.token) == kid_of(a_raw)

    # Step 1: the new key first, the old one still listed.
    srv.env["SHIFTSYNC_TOKEN_KEY"] = f"{b},{a}"
    server_factory.restart(srv)
    assert srv.client(owner.token).ok("/me")["id"] == owner.id, "the session of the old key still works"
    again = login(srv, owner.email, owner.password)
    assert token_kid(again.token) == kid_of(b_raw), "new sessions are signed with the first key"
    jwt.decode(again.token, b_raw, algorithms=["HS256"])  # and really with B's bytes

    # Step 2, after the token lifetime: the old key is dropped.
    srv.env["SHIFTSYNC_TOKEN_KEY"] = b
    server_factory.restart(srv)
    assert_problem(srv.client(owner.token).get("/me"), 401, "unauthenticated")
    assert srv.client(again.token).ok("/me")["id"] == owner.id


def test_a_duplicate_key_is_refused_at_start(tmp_path):
    _, a = new_key()
    code, output = run_expecting_failure(tmp_path / "data", [], env={"SHIFTSYNC_TOKEN_KEY": f"{a}\n{a}"})
    assert code == 2, output
    assert "SHIFTSYNC_TOKEN_KEY lists the same key twice" in output, output
    assert a not in output


@pytest.fixture
def authenticated_smtp(tmp_path):
    password = "smtp-" + secrets.token_hex(8)
    smtp = SmtpServer(tmp_path / "smtp", auth=f"mailer:{password}").start()
    yield smtp, password
    smtp.stop()


def test_the_credentials_directory_supplies_the_key_and_the_smtp_password(server_factory, tmp_path,
                                                                           authenticated_smtp):
    smtp, password = authenticated_smtp
    key_raw, key = new_key()
    credentials = tmp_path / "credentials"  # as systemd's LoadCredential= leaves it
    write_private(credentials / "token_key", key + "\n")
    write_private(credentials / "smtp_password", password + "\n")
    write_private(credentials / "some-other-service-secret", "ignored", mode=0o644)
    srv = server_factory.start(name="creds", args=["--smtp-url", smtp.url, "--smtp-username", "mailer"],
                               env={"CREDENTIALS_DIRECTORY": str(credentials)})
    owner = register_owner(srv)
    assert token_kid(owner.token) == kid_of(key_raw)
    jwt.decode(owner.token, key_raw, algorithms=["HS256"])
    # The relay accepts only mailer's password, so the welcome mail proves the credential was read.
    wait_for_mails(smtp.directory, lambda ms: mails_to(ms, owner.email), what="the welcome mail over SMTP AUTH")
    assert not (srv.data_dir / "secrets" / "token_key").exists(), "no key generated beside the credential"
    assert password not in srv.log_text() and key not in srv.log_text()


def test_a_credential_readable_by_others_is_refused(tmp_path):
    _, key = new_key()
    credentials = tmp_path / "credentials"
    path = write_private(credentials / "token_key", key + "\n", mode=0o644)
    code, output = run_expecting_failure(tmp_path / "data", ["--credentials-dir", str(credentials)])
    assert code == 2, output
    assert f"credential {path} is readable by group or others" in output, output
    assert key not in output


@pytest.mark.skipif(support.E2E_DATABASE != "postgresql", reason="a database_url names a PostgreSQL database")
def test_a_seed_style_database_url_with_its_password_serves_migrate_and_serve(tmp_path):
    data_dir = tmp_path / "seeded"
    args, env = database_options(data_dir)
    url, password = args[1], env["SHIFTSYNC_DATABASE_PASSWORD"]
    seed_url = url.replace("postgresql://shiftsync@", f"postgresql://shiftsync:{password}@", 1)
    assert seed_url != url
    credentials = tmp_path / "credentials"
    write_private(credentials / "database_url", seed_url + "\n")
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("SHIFTSYNC_")}
    clean_env["CREDENTIALS_DIRECTORY"] = str(credentials)
    done = subprocess.run([str(binary_path()), "migrate", "--data-dir", str(data_dir)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=clean_env, timeout=60)
    output = done.stdout.decode(errors="replace")
    assert done.returncode == 0, output
    assert output.endswith(f" migration(s) to {url}\n"), output  # the URL without its password
    assert password not in output
    assert not (data_dir / "secrets").exists(), "migrate generated a signing key it does not need"
    srv = SecretDatabaseServer(data_dir, tmp_path / "seeded.log", env={"CREDENTIALS_DIRECTORY": str(credentials)})
    srv.start()
    try:
        register_owner(srv)
        listening = [line for line in srv.log_text().splitlines() if '"listening"' in line]
        assert listening and f'"database":"{url}"' in listening[-1], srv.log_tail()
        assert password not in srv.log_text()
    finally:
        assert srv.stop() == 0, srv.log_tail()


class SecretDatabaseServer(support.Server):
    """A server told nothing about its database: no --database, no password; the secrets say it all."""

    def _command(self, port: int) -> list[str]:
        return [str(self.binary), "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", str(self.data_dir),
                "--public-url", f"http://127.0.0.1:{port}"] + self.args

    def _environment(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SHIFTSYNC_")}
        env.update(self.env)
        return env


class AwsStandin:
    """tests/aws/aws_standin.py on loopback ports, serving the secrets it was given."""

    def __init__(self, directory: Path, secrets_by_name: dict[str, dict]):
        self.directory = directory
        self.secrets_by_name = secrets_by_name
        self.proc: subprocess.Popen | None = None
        self.ready: dict = {}

    def start(self) -> "AwsStandin":
        if not AWS_STANDIN.exists():
            pytest.fail(f"{AWS_STANDIN} is missing (the AWS client's stand-in server)")
        self.directory.mkdir(parents=True, exist_ok=True)
        command = ["/usr/bin/python3", str(AWS_STANDIN), "--dir", str(self.directory), "--access-key-id", AKID,
                   "--secret-access-key", AWS_SECRET, "--region", "us-east-1"]
        for name, content in self.secrets_by_name.items():
            path = self.directory / f"{abs(hash(name))}.json"
            path.write_text(json.dumps(content))
            command += ["--secret", f"{name}={path}"]
        self.log = open(self.directory / "standin.log", "wb")
        self.proc = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        ready = self.directory / "ready.json"

        def listening():
            if self.proc.poll() is not None:
                raise AssertionError(f"aws_standin.py exited with {self.proc.returncode}: "
                                     f"{(self.directory / 'standin.log').read_text(errors='replace')}")
            return ready.exists() and ready.stat().st_size > 0
        wait_until(listening, timeout=20, what="the AWS stand-in to listen")
        self.ready = json.loads(ready.read_text())
        return self

    def stop(self) -> None:
        stop_helper(self.proc)
        self.log.close()

    def args(self, secret_id: str) -> list[str]:
        return ["--aws-secret-id", secret_id, "--aws-region", "us-east-1",
                "--aws-secrets-endpoint", f"https://127.0.0.1:{self.ready['https_port']}",
                "--aws-ca-file", self.ready["ca_file"]]

    @staticmethod
    def env() -> dict:
        return {"AWS_ACCESS_KEY_ID": AKID, "AWS_SECRET_ACCESS_KEY": AWS_SECRET, "AWS_SESSION_TOKEN": ""}


@pytest.fixture
def smtp(tmp_path):
    server = SmtpServer(tmp_path / "smtp-plain").start()
    yield server
    server.stop()


@pytest.fixture
def aws_keys():
    return new_key()


@pytest.fixture
def aws(tmp_path, smtp, aws_keys):
    _, key = aws_keys
    standin = AwsStandin(tmp_path / "aws", {
        "shiftsync/e2e": {"token_key": key, "token_lifetime_days": "2", "smtp_url": smtp.url},
        "shiftsync/typo": {"token_key": key, "smtp_pasword": "typo-value-never-shown"},
    }).start()
    yield standin
    standin.stop()


def test_the_aws_secret_supplies_the_key_and_the_smtp_relay(server_factory, aws, smtp, aws_keys):
    key_raw, key = aws_keys
    srv = server_factory.start(name="aws", args=aws.args("shiftsync/e2e"), env=aws.env())
    owner = register_owner(srv)
    claims = jwt.decode(owner.token, key_raw, algorithms=["HS256"])  # signed with the secret's key
    assert token_kid(owner.token) == kid_of(key_raw)
    assert abs((claims["exp"] - claims["iat"]) - 2 * 86400) <= 120, "token_lifetime_days from the secret"
    assert srv.client(owner.token).ok("/me")["id"] == owner.id
    address = new_email("invitee")
    inv = invite(owner, address, "employee")
    mails = wait_for_mails(smtp.directory, lambda ms: mails_to(ms, address), what="the invitation over smtp_url")
    assert inv["token"] in mails_to(mails, address)[0].text
    log = srv.log_text()
    assert "AWS secret shiftsync/e2e" in log, "the start names the stores it read"
    assert key not in log and AWS_SECRET not in log


def test_an_unknown_key_in_the_aws_secret_stops_the_start(tmp_path, aws, aws_keys):
    _, key = aws_keys
    code, output = run_expecting_failure(tmp_path / "data", aws.args("shiftsync/typo"), env=aws.env())
    assert code == 2, output
    assert 'unknown key "smtp_pasword"' in output, output
    for secret in (key, "typo-value-never-shown", AWS_SECRET):
        assert secret not in output, output


def test_a_missing_aws_secret_stops_the_start(tmp_path, aws):
    code, output = run_expecting_failure(tmp_path / "data", aws.args("shiftsync/absent"), env=aws.env())
    assert code == 2, output
    assert "AWS Secrets Manager" in output and "ResourceNotFoundException" in output, output
    assert AWS_SECRET not in output
