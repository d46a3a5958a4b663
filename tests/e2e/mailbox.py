"""A real SMTP server for the tests (Debian's python3-aiosmtpd, through the transport tests'
src/infra/mail/testdata/smtp_server.py) and a reader for what it, or the .eml drop, received."""
from __future__ import annotations

import email
import email.policy
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from support import free_port, stop_helper, wait_until

SMTP_SERVER = Path(__file__).resolve().parents[2] / "src" / "infra" / "mail" / "testdata" / "smtp_server.py"


@dataclass
class Mail:
    path: Path
    message: email.message.EmailMessage

    @property
    def to(self) -> str:
        return str(self.message["To"])

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    def part(self, content_type: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == content_type:
                return part.get_content()
        raise AssertionError(f"no {content_type} part in {self.path}")

    @property
    def text(self) -> str:
        return self.part("text/plain")

    @property
    def html(self) -> str:
        return self.part("text/html")


def read_mails(directory: Path) -> list[Mail]:
    """Every complete .eml file in `directory`, in name order."""
    if not directory.exists():
        return []
    mails = []
    for path in sorted(directory.glob("*.eml")):
        with open(path, "rb") as f:
            mails.append(Mail(path, email.message_from_binary_file(f, policy=email.policy.default)))
    return mails


def wait_for_mails(directory: Path, predicate, timeout: float = 20.0, what: str = "mail") -> list[Mail]:
    """Waits until `predicate(mails)` holds; returns the mails then."""
    found: list[Mail] = []

    def check():
        nonlocal found
        found = read_mails(directory)
        return predicate(found)

    wait_until(check, timeout=timeout, what=what)
    return found


class SmtpServer:
    """aiosmtpd on a loopback port: accepts all recipients but reject*@ (550) and tempfail*@ (451)."""

    def __init__(self, directory: Path, port: int | None = None, auth: str | None = None):
        self.directory = directory
        self.port = port or free_port()
        self.auth = auth  # "USER:PASS": AUTH required, only these credentials accepted
        self.proc: subprocess.Popen | None = None

    def start(self) -> "SmtpServer":
        self.directory.mkdir(parents=True, exist_ok=True)
        auth = ["--auth", self.auth] if self.auth else []
        self.proc = subprocess.Popen(["/usr/bin/python3", str(SMTP_SERVER), "--port", str(self.port),
                                      "--dir", str(self.directory)] + auth, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)

        def accepting():
            if self.proc.poll() is not None:
                raise AssertionError(f"smtp_server.py exited with {self.proc.returncode}")
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", self.port)) == 0

        wait_until(accepting, timeout=15, what="the SMTP server to accept connections")
        return self

    def stop(self) -> None:
        stop_helper(self.proc)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def mails(self) -> list[Mail]:
        return read_mails(self.directory)
