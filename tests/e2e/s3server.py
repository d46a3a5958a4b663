"""A real S3-compatible server for the tests: s3rver through tools/s3rver/serve.js (installed by the
build's s3rver_install target), which also checks SigV4 signatures and payload hashes as S3 does.
What it holds is read with Debian's awscli (/usr/bin/aws), independently of shiftsync's adapter.

    with S3Server(bucket="pictures") as s3:
        srv = server_factory.start(args=["--s3-endpoint", s3.endpoint, ...])
        ...
        assert s3.keys() == [...]
        assert s3.get(key) == jpeg_bytes
"""
from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

SERVE_JS = Path(__file__).resolve().parents[2] / "tools" / "s3rver" / "serve.js"
AWS_CLI = "/usr/bin/aws"  # Debian's awscli, not whatever `aws` comes first on PATH


class S3Server:
    """s3rver on a free loopback port, in a temporary directory (or `directory`), with `bucket`."""

    access_key = "S3RVER"  # s3rver's built-in account
    secret_key = "S3RVER"
    region = "us-east-1"

    def __init__(self, bucket: str = "shiftsync-e2e", directory: Path | None = None):
        self.bucket = bucket
        self._given_directory = directory
        self.directory: Path | None = None
        self.port: int | None = None
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 20.0) -> "S3Server":
        if self._given_directory is not None:
            self.directory = self._given_directory
            self.directory.mkdir(parents=True, exist_ok=True)
        else:
            self.directory = Path(tempfile.mkdtemp(prefix="shiftsync-s3rver-"))
        # Our end of its stdin stays open while we live: if pytest dies, serve.js sees EOF and stops.
        self.proc = subprocess.Popen(
            ["node", str(SERVE_JS), "--port", "0", "--directory", str(self.directory), "--bucket", self.bucket,
             "--stop-on-stdin-eof"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            self.port = self._read_port(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _read_port(self, timeout: float) -> int:
        """The port serve.js prints once it listens."""
        deadline = time.monotonic() + timeout
        line = b""
        with selectors.DefaultSelector() as selector:
            selector.register(self.proc.stdout, selectors.EVENT_READ)
            while not line.endswith(b"\n"):
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise AssertionError(f"serve.js did not report its port within {timeout}s")
                chunk = os.read(self.proc.stdout.fileno(), 64)
                if not chunk:
                    err = self.proc.stderr.read().decode(errors="replace") if self.proc.poll() is not None else ""
                    raise AssertionError("serve.js exited before listening (is tools/s3rver installed? the build's "
                                         f"s3rver_install target does it): {err}")
                line += chunk
        return int(line)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.stdin.close()  # --stop-on-stdin-eof: serve.js closes its server and exits
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc.stdout.close()
            self.proc.stderr.close()
        if self._given_directory is None and self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> "S3Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ------------------------------------------------------------------------------ through awscli

    def _aws(self, *args: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_ACCESS_KEY_ID=self.access_key, AWS_SECRET_ACCESS_KEY=self.secret_key,
                   AWS_DEFAULT_REGION=self.region, AWS_CONFIG_FILE="/dev/null",
                   AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_EC2_METADATA_DISABLED="true", AWS_PAGER="")
        return subprocess.run([AWS_CLI, "--endpoint-url", self.endpoint, "s3api", *args, "--output", "json"],
                              env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)

    def keys(self) -> list[str]:
        """Every object key in the bucket, sorted."""
        done = self._aws("list-objects-v2", "--bucket", self.bucket)
        if done.returncode != 0:
            raise AssertionError(f"aws s3api list-objects-v2 failed: {done.stderr.decode(errors='replace')}")
        listing = json.loads(done.stdout) if done.stdout.strip() else {}
        return sorted(item["Key"] for item in listing.get("Contents") or [])

    def get(self, key: str) -> bytes:
        """The object's bytes; KeyError if there is no such object."""
        with tempfile.TemporaryDirectory(prefix="shiftsync-s3get-") as scratch:
            out = Path(scratch) / "object"
            done = self._aws("get-object", "--bucket", self.bucket, "--key", key, str(out))
            if done.returncode != 0:
                message = done.stderr.decode(errors="replace")
                if "NoSuchKey" in message or "404" in message:
                    raise KeyError(key)
                raise AssertionError(f"aws s3api get-object {key} failed: {message}")
            return out.read_bytes()

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Stores an object as another client would (for tests of reading what shiftsync did not write)."""
        with tempfile.TemporaryDirectory(prefix="shiftsync-s3put-") as scratch:
            body = Path(scratch) / "object"
            body.write_bytes(data)
            done = self._aws("put-object", "--bucket", self.bucket, "--key", key, "--body", str(body),
                             "--content-type", content_type)
            if done.returncode != 0:
                raise AssertionError(f"aws s3api put-object {key} failed: {done.stderr.decode(errors='replace')}")
