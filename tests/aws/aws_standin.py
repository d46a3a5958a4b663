#!/usr/bin/python3
"""A local stand-in for AWS Secrets Manager (HTTPS) and the EC2 instance metadata service (IMDSv2,
plain HTTP), for tests of Shift-Sync's AWS client.

It answers GetSecretValue only for a request whose AWS Signature Version 4 botocore recomputes to
the same Authorization header, so a client that signs wrongly fails here as it would on AWS. The
refusals use AWS's JSON error shape ({"__type": ..., "message": ...}) and AWS's error types.

  /usr/bin/python3 tests/aws/aws_standin.py --dir DIR --access-key-id AKID --secret-access-key SECRET
      [--session-token TOKEN] [--region us-east-1] --secret NAME=PATH_TO_JSON_FILE [--secret ...]
      [--binary-secret NAME=PATH] [--fail-first N] [--clock-offset SECONDS] [--stop-on-stdin-eof]

DIR gets cert.pem and key.pem (a self-signed certificate for 127.0.0.1 and localhost, made at
start), requests.log (one JSON line per Secrets Manager request: target, secret id, status, error
type) and, once both listeners accept connections, ready.json (written atomically):
  {"https_port": N, "imds_port": M, "ca_file": "DIR/cert.pem"}
It runs until SIGTERM (or until its standard input closes, with --stop-on-stdin-eof).

Test controls, on the HTTPS port and unsigned (this is a loopback test server):
  POST /_standin/fail-next?count=N   the next N Secrets Manager requests get a 500 InternalFailure
--fail-first N does the same from the start. --clock-offset S makes the stand-in's clock S seconds
ahead, so that a client's fresh X-Amz-Date looks S seconds old (the signature-expiry check).

IMDSv2: PUT /latest/api/token (with X-aws-ec2-metadata-token-ttl-seconds) returns a token that every
GET must carry in X-aws-ec2-metadata-token; /latest/meta-data/iam/security-credentials/ names one
role, and .../<role> returns the configured credentials in IMDS's JSON shape.

Runs only under /usr/bin/python3: it needs Debian's python3-botocore.
"""
import argparse
import datetime
import hashlib
import hmac
import json
import os
import re
import secrets
import signal
import ssl
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SERVICE = "secretsmanager"
TARGET = "secretsmanager.GetSecretValue"
MAX_SKEW = datetime.timedelta(minutes=5)
IMDS_ROLE = "shiftsync-test-role"
AUTH_RE = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=([^/,\s]+)/(\d{8})/([^/,\s]+)/([^/,\s]+)/aws4_request,\s*"
    r"SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$")


class Refusal(Exception):
    """An AWS error answer: HTTP status, __type and message."""

    def __init__(self, status, error_type, message):
        super().__init__(message)
        self.status, self.error_type, self.message = status, error_type, message


class State:
    """What both listeners share; the lock guards the failure counter and the log."""

    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.fail_next = args.fail_first
        self.imds_token = secrets.token_urlsafe(32)
        self.secrets = dict(parse_mapping(s) for s in args.secret)
        self.binary_secrets = dict(parse_mapping(s) for s in args.binary_secret)
        self.log_path = os.path.join(args.dir, "requests.log")

    def take_failure(self):
        with self.lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return True
            return False

    def log(self, entry):
        with self.lock, open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")


def parse_mapping(text):
    name, sep, path = text.partition("=")
    if not sep or not name or not path:
        raise SystemExit(f"expected NAME=PATH, got {text!r}")
    if not os.path.isfile(path):
        raise SystemExit(f"no such file: {path}")
    return name, path


def now(state):
    return datetime.datetime.utcnow() + datetime.timedelta(seconds=state.args.clock_offset)


def verify_signature(state, method, path, headers, body):
    """Raises Refusal unless `headers`' Authorization is what botocore computes for this request
    with the configured credentials, region and service."""
    args = state.args
    authorization = headers.get("Authorization")
    if authorization is None:
        raise Refusal(400, "MissingAuthenticationTokenException", "Missing Authentication Token")
    match = AUTH_RE.match(authorization.strip())
    if match is None:
        raise Refusal(400, "IncompleteSignatureException", "Authorization header is not AWS4-HMAC-SHA256")
    access_key, day, region, service, signed_headers, _ = match.groups()
    signed = signed_headers.split(";")
    if access_key != args.access_key_id:
        raise Refusal(400, "UnrecognizedClientException", "The security token included in the request is invalid.")
    if region != args.region:
        raise Refusal(400, "InvalidSignatureException", f"Credential should be scoped to a valid region, not '{region}'.")
    if service != SERVICE:
        raise Refusal(400, "InvalidSignatureException",
                      f"Credential should be scoped to correct service: '{SERVICE}'.")
    for required in ("host", "x-amz-date"):
        if required not in signed:
            raise Refusal(400, "InvalidSignatureException", f"'{required}' must be a signed header.")
    token = headers.get("X-Amz-Security-Token")
    if args.session_token:
        # Temporary credentials need their session token, and AWS wants it signed.
        if token is None or not hmac.compare_digest(token, args.session_token):
            raise Refusal(400, "UnrecognizedClientException", "The security token included in the request is invalid.")
        if "x-amz-security-token" not in signed:
            raise Refusal(400, "InvalidSignatureException", "'x-amz-security-token' must be a signed header.")
    elif token is not None:
        raise Refusal(400, "UnrecognizedClientException", "The security token included in the request is invalid.")
    amz_date = headers.get("X-Amz-Date", "")
    try:
        sent = datetime.datetime.strptime(amz_date, SIGV4_TIMESTAMP)
    except ValueError:
        raise Refusal(400, "IncompleteSignatureException", "X-Amz-Date is missing or malformed.") from None
    if day != amz_date[:8]:
        raise Refusal(400, "InvalidSignatureException", "Credential date does not match X-Amz-Date.")
    current = now(state)
    if abs(current - sent) > MAX_SKEW:
        raise Refusal(400, "InvalidSignatureException",
                      f"Signature expired: {amz_date} is now earlier than "
                      f"{(current - MAX_SKEW).strftime(SIGV4_TIMESTAMP)} ({current.strftime(SIGV4_TIMESTAMP)} - 5 min.)")
    # botocore takes a sent x-amz-content-sha256 as the payload's hash without looking at the
    # payload, so a body changed under an honest hash header would pass: check the header first.
    content_sha = headers.get("X-Amz-Content-SHA256")
    if content_sha is not None and content_sha != hashlib.sha256(body).hexdigest():
        raise Refusal(400, "InvalidSignatureException", "x-amz-content-sha256 does not match the body.")

    # The request as botocore would have signed it: exactly the headers the client says it signed.
    request = AWSRequest(method=method, url=f"https://{headers.get('Host', '')}{path}", data=body)
    for name in signed:
        values = headers.get_all(name)
        if values is None:
            raise Refusal(400, "IncompleteSignatureException", f"Signed header '{name}' is missing.")
        for value in values:
            request.headers.add_header(name, value)
    request.context["timestamp"] = amz_date
    signer = SigV4Auth(Credentials(args.access_key_id, args.secret_access_key, args.session_token or None),
                       SERVICE, args.region)
    string_to_sign = signer.string_to_sign(request, signer.canonical_request(request))
    signer._inject_signature_to_request(request, signer.signature(string_to_sign, request))
    expected = request.headers["Authorization"]
    if not hmac.compare_digest(expected.encode(), authorization.strip().encode()):
        raise Refusal(400, "InvalidSignatureException",
                      "The request signature we calculated does not match the signature you provided. "
                      "Check your AWS Secret Access Key and signing method.")


def get_secret_value(state, body):
    try:
        request = json.loads(body)
        secret_id = request["SecretId"]
    except (ValueError, KeyError, TypeError):
        raise Refusal(400, "ValidationException", "SecretId is required.") from None
    if not isinstance(secret_id, str):
        raise Refusal(400, "ValidationException", "SecretId must be a string.")
    name = secret_id
    if secret_id.startswith("arn:"):  # arn:aws:secretsmanager:<region>:<account>:secret:<name>-XXXXXX
        name = re.sub(r"-[A-Za-z0-9]{6}$", "", secret_id.split(":secret:", 1)[-1])
    answer = {"ARN": f"arn:aws:secretsmanager:{state.args.region}:123456789012:secret:{name}-AbCdEf",
              "Name": name, "VersionId": "11111111-2222-3333-4444-555555555555",
              "VersionStages": ["AWSCURRENT"], "CreatedDate": 1700000000.0}
    if name in state.secrets:
        with open(state.secrets[name], encoding="utf-8") as f:
            answer["SecretString"] = f.read()
    elif name in state.binary_secrets:
        import base64
        with open(state.binary_secrets[name], "rb") as f:
            answer["SecretBinary"] = base64.b64encode(f.read()).decode()
    else:
        raise Refusal(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
    return answer


class SecretsManagerHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "aws-standin"

    def log_message(self, fmt, *args):  # requests.log says what matters; keep stderr quiet
        pass

    def do_POST(self):
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        url = urlsplit(self.path)
        if url.path == "/_standin/fail-next":
            count = int(parse_qs(url.query).get("count", ["1"])[0])
            with state.lock:
                state.fail_next += count
            return self.answer(200, {"fail_next": count})
        entry = {"target": self.headers.get("X-Amz-Target"), "secret_id": None}
        try:
            if state.take_failure():
                raise Refusal(500, "InternalFailure", "The request processing has failed (told to fail).")
            verify_signature(state, "POST", self.path, self.headers, body)
            if url.path != "/" or url.query:
                raise Refusal(404, "UnknownOperationException", "Unknown path.")
            if self.headers.get("X-Amz-Target") != TARGET:
                raise Refusal(400, "UnknownOperationException", "Only GetSecretValue is served here.")
            if self.headers.get("Content-Type") != "application/x-amz-json-1.1":
                raise Refusal(400, "SerializationException", "Content-Type must be application/x-amz-json-1.1.")
            try:
                entry["secret_id"] = json.loads(body).get("SecretId")
            except (ValueError, AttributeError):
                pass
            answer = get_secret_value(state, body)
            entry.update(status=200, error=None)
            state.log(entry)
            self.answer(200, answer)
        except Refusal as refusal:
            entry.update(status=refusal.status, error=refusal.error_type)
            state.log(entry)
            self.answer(refusal.status, {"__type": refusal.error_type, "message": refusal.message})

    def do_GET(self):
        self.answer(405, {"__type": "UnknownOperationException", "message": "POST only."})

    def answer(self, status, document):
        payload = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("x-amzn-RequestId", secrets.token_hex(16))
        self.end_headers()
        self.wfile.write(payload)


class ImdsHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_PUT(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > 0:
            self.rfile.read(length)
        ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
        if self.path != "/latest/api/token":
            return self.answer(404, "Not Found")
        if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return self.answer(400, "Bad Request")
        self.answer(200, self.server.state.imds_token)

    def do_GET(self):
        state = self.server.state
        token = self.headers.get("X-aws-ec2-metadata-token", "")
        if not hmac.compare_digest(token.encode(), state.imds_token.encode()):
            return self.answer(401, "Unauthorized")
        prefix = "/latest/meta-data/iam/security-credentials/"
        if self.path == prefix:
            return self.answer(200, IMDS_ROLE)
        if self.path == prefix + IMDS_ROLE:
            expiration = datetime.datetime.utcnow() + datetime.timedelta(hours=6)
            return self.answer(200, json.dumps({
                "Code": "Success", "LastUpdated": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
                "Type": "AWS-HMAC", "AccessKeyId": state.args.access_key_id,
                "SecretAccessKey": state.args.secret_access_key, "Token": state.args.session_token or "",
                "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ")}))
        self.answer(404, "Not Found")

    def answer(self, status, text):
        payload = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def make_certificate(directory):
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-addext", "basicConstraints=critical,CA:TRUE"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return cert, key


def serve(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--access-key-id", required=True)
    parser.add_argument("--secret-access-key", required=True)
    parser.add_argument("--session-token", default="")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--secret", action="append", default=[])
    parser.add_argument("--binary-secret", action="append", default=[])
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--clock-offset", type=int, default=0)
    parser.add_argument("--stop-on-stdin-eof", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    state = State(args)
    cert, key = make_certificate(args.dir)

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    https = ThreadingHTTPServer(("127.0.0.1", 0), SecretsManagerHandler)
    # The handshake happens on the handler's thread, so a silent client cannot stall accept().
    https.socket = context.wrap_socket(https.socket, server_side=True, do_handshake_on_connect=False)
    imds = ThreadingHTTPServer(("127.0.0.1", 0), ImdsHandler)
    for server in (https, imds):
        server.state = state
        server.daemon_threads = True
    threads = [serve(https), serve(imds)]

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if args.stop_on_stdin_eof:
        threading.Thread(target=lambda: (sys.stdin.buffer.read(), stop.set()), daemon=True).start()

    # Both sockets listen since their constructors returned; announce the ports atomically.
    ready = {"https_port": https.server_address[1], "imds_port": imds.server_address[1], "ca_file": cert}
    temporary = os.path.join(args.dir, "ready.json.tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(ready, f)
    os.replace(temporary, os.path.join(args.dir, "ready.json"))

    while not stop.wait(1.0):
        pass
    for server in (https, imds):
        server.shutdown()
        server.server_close()
    for thread in threads:
        thread.join(timeout=5)


if __name__ == "__main__":
    main()
