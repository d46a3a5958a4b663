#!/usr/bin/python3
"""A small SMTP server for the mail transport tests (aiosmtpd, Debian's python3-aiosmtpd).

Accepts every recipient except those starting with "reject" (550) or "tempfail" (451), and
saves each accepted message as <dir>/<n>.eml with its envelope in <n>.envelope (MAIL FROM on
the first line, then one recipient a line). Both are written to a temporary name and renamed,
so a test never reads half a file. With --auth USER:PASS, AUTH PLAIN/LOGIN is offered over
plain text and only those credentials are accepted. With --tls-dir DIR, a self-signed
certificate for 127.0.0.1 is made there (cert.pem, key.pem; openssl CLI) and STARTTLS is offered
and required before MAIL. Stops on SIGTERM/SIGINT.
"""
import argparse
import itertools
import os
import signal
import ssl
import subprocess
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.lower()
        if local.startswith("reject"):
            return "550 no such user"
        if local.startswith("tempfail"):
            return "451 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            n = next(self.counter)
        self._write(f"{n}.envelope", "\n".join([envelope.mail_from] + envelope.rcpt_tos).encode())
        self._write(f"{n}.eml", envelope.original_content or envelope.content)
        return "250 Message accepted"

    def _write(self, name, data):
        temp = os.path.join(self.directory, "." + name + ".tmp")
        with open(temp, "wb") as f:
            f.write(data)
        os.rename(temp, os.path.join(self.directory, name))


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        # handled=False: let aiosmtpd answer 535 itself (handled=True means "already answered").
        return AuthResult(success=ok, handled=False)
    return authenticate


def make_tls_context(directory):
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-days", "1", "-keyout", key, "-out", cert],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--auth", help="USER:PASS to require")
    parser.add_argument("--tls-dir", help="make a certificate here and require STARTTLS")
    parser.add_argument("--implicit-tls", action="store_true",
                        help="with --tls-dir: TLS from the first byte (smtps://) instead of STARTTLS")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    kwargs = {}
    if args.auth:
        user, password = args.auth.split(":", 1)
        kwargs = dict(authenticator=make_authenticator(user, password), auth_required=True,
                      auth_require_tls=False)
    if args.tls_dir and args.implicit_tls:
        kwargs.update(ssl_context=make_tls_context(args.tls_dir))
    elif args.tls_dir:
        kwargs.update(tls_context=make_tls_context(args.tls_dir), require_starttls=True)
    controller = Controller(Handler(args.dir), hostname="127.0.0.1", port=args.port, **kwargs)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    controller.start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
