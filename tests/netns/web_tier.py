"""The shipped web tier configuration, rendered for the namespaces, and curl run inside one of them.

render_web_site() changes only what must differ on a test machine, as tests/cluster/balancer.py does for
the balancer file, and fails loudly if the shipped file no longer has the shape it expects: so what the
test exercises is what is shipped.
"""
from __future__ import annotations

import json
import re
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import topology
from balancer import REPO, replace_upstreams

SHIPPED = REPO / "deploy" / "nginx" / "shiftsync-web.conf"
ACME_TOKEN = "netns-token"
ACME_BODY = b"netns-challenge\n"


def _substitute(text: str, pattern: str, replacement, expected: int) -> str:
    text, count = re.subn(pattern, replacement, text, flags=re.M)
    assert count == expected, f"{SHIPPED}: expected {expected} line(s) matching {pattern!r}, found {count}"
    return text


def make_certificate(work: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for `name`, valid for a day; the test's curl trusts exactly it."""
    cert, key = work / "tls.crt", work / "tls.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "1", "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=30)
    return cert, key


def render_web_site(work: Path, upstream: str) -> tuple[Path, str]:
    """Writes work/shiftsync-web.conf: the shipped file with `upstream` (HOST:PORT) as its one server,
    a fresh certificate, the access log and ACME root in `work`. Returns the file and the server name
    the shipped file answers to (the test's host name: curl resolves it to the public address)."""
    work.mkdir(parents=True, exist_ok=True)
    text = SHIPPED.read_text()
    names = set(re.findall(r"^[ \t]*server_name[ \t]+(\S+)[ \t]*;", text, flags=re.M))
    assert len(names) == 1, f"{SHIPPED}: expected one server_name for both servers, found {sorted(names)}"
    name = names.pop()
    cert, key = make_certificate(work, name)
    acme = work / "acme"
    (acme / ".well-known" / "acme-challenge").mkdir(parents=True)
    (acme / ".well-known" / "acme-challenge" / ACME_TOKEN).write_bytes(ACME_BODY)

    text = replace_upstreams(text, [upstream], SHIPPED)
    text = _substitute(text, r"^([ \t]*)ssl_certificate[ \t]+\S+;", rf"\1ssl_certificate {cert};", 1)
    text = _substitute(text, r"^([ \t]*)ssl_certificate_key[ \t]+\S+;", rf"\1ssl_certificate_key {key};", 1)
    text = _substitute(text, r"^([ \t]*)access_log[ \t]+\S+[ \t]+(shiftsync_web);",
                       rf"\1access_log {work / 'access.log'} \2;", 2)
    text = _substitute(text, r"^([ \t]*)root[ \t]+\S+;", rf"\1root {acme};", 1)
    if not socket.has_ipv6 or not Path("/proc/net/if_inet6").exists():
        # A kernel without IPv6 cannot bind [::]; the IPv4 listeners are what the test uses.
        text = _substitute(text, r"^[ \t]*listen[ \t]+\[::\]:\d+[^;]*;[ \t]*\n", "", 2)
    site = work / "shiftsync-web.conf"
    site.write_text(text)
    return site, name


@dataclass
class Reply:
    status: int  # 0: no HTTP answer (error says why)
    headers: list[tuple[str, str]]
    body: bytes
    error: str = ""

    def header(self, name: str) -> str:
        """The first value of header `name` (any case), "" if absent."""
        return next((v for k, v in self.headers if k == name.lower()), "")

    def __str__(self) -> str:
        """For failure messages: the session token (cookie value, `token` member) left out."""
        if self.status == 0:
            return f"no answer: {self.error}"
        lines = "\n".join(f"  {k}: {redact_cookie(v) if k == 'set-cookie' else v}" for k, v in self.headers)
        body = re.sub(rb'"token"\s*:\s*"[^"]*"', b'"token":"<redacted>"', self.body[:400])
        return f"{self.status}\n{lines}\n  {body!r}"


def redact_cookie(set_cookie: str) -> str:
    """`name=<redacted>; attributes...`: what a failure message may show of a Set-Cookie."""
    name, _, rest = set_cookie.partition("=")
    return f"{name}=<redacted>;{rest.partition(';')[2]}"


class Curl:
    """curl in a namespace, reaching https://NAME and http://NAME at `address`, trusting only the test's
    certificate. No redirects followed, no cookie jar: each check sees exactly one answer."""

    def __init__(self, work: Path, name: str, address: str, namespace: str):
        self.dir = work / "curl"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.cert = work / "nginx" / "tls.crt"
        self.name, self.address, self.namespace = name, address, namespace

    def raw(self, namespace: str, args: list[str]) -> subprocess.CompletedProcess:
        return topology.run_in(namespace, ["curl", "-sS", *args], timeout=20)

    def request(self, method: str, url: str, headers: list[str] = (), body: bytes | None = None) -> Reply:
        head, out = self.dir / "head", self.dir / "body"
        for path in (head, out):
            path.unlink(missing_ok=True)
        args = ["--max-time", "10", "--cacert", str(self.cert), "-X", method, "-D", str(head), "-o", str(out),
                "-w", "%{http_code}", "--resolve", f"{self.name}:443:{self.address}",
                "--resolve", f"{self.name}:80:{self.address}"]
        for header in headers:
            args += ["-H", header]
        if body is not None:
            (self.dir / "request").write_bytes(body)
            args += ["--data-binary", f"@{self.dir / 'request'}"]
        result = self.raw(self.namespace, args + [url])
        if result.returncode != 0:
            return Reply(0, [], b"", f"curl exit {result.returncode}: {result.stderr.strip()}")
        # The last header block is the answer (an interim 100 Continue may come first).
        block = [b for b in head.read_bytes().decode("latin-1").split("\r\n\r\n") if b.strip()][-1]
        fields = []
        for line in block.split("\r\n")[1:]:
            key, _, value = line.partition(":")
            fields.append((key.strip().lower(), value.strip()))
        return Reply(int(result.stdout), fields, out.read_bytes() if out.exists() else b"")

    def get(self, url: str, headers: list[str] = ()) -> Reply:
        return self.request("GET", url, headers)

    def post_json(self, url: str, body, headers: list[str] = ()) -> Reply:
        return self.request("POST", url, [*headers, "Content-Type: application/json"], json.dumps(body).encode())
