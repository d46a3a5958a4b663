"""ctest netns_shape: the deployment's shape (docs/OPERATIONS.md, "The web tier") on one machine.

nginx runs deploy/nginx/shiftsync-web.conf in the 'public' namespace and `shiftsync serve` listens in
the 'private' one (topology.py). From 'internet', over TLS through nginx: the web app, the health
check, sign-up and sign-in with a Secure cookie, the client's own address in the server's log, and
http:// redirected; a direct connection to the server fails, while from the public machine it works.

Needs root and network namespaces; anywhere else it exits 77, which ctest reports as skipped.
Everything it made is removed at the end, also when a check fails.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "cluster"), str(HERE.parent / "e2e")]

import topology  # noqa: E402
from balancer import start_nginx, stop_nginx, write_main_config  # noqa: E402
from support import REPO, binary_path, wait_until  # noqa: E402
from web_tier import ACME_BODY, ACME_TOKEN, Curl, redact_cookie, render_web_site  # noqa: E402

SKIP = 77
SERVER_PORT = 8080
WEB_DIST = REPO / "web" / "dist"


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def start_server(ns: topology.Namespaces, work: Path, name: str) -> subprocess.Popen:
    data = work / "data"
    data.mkdir()
    command = [str(binary_path()), "serve", "--listen", f"{topology.PRIVATE_ADDRESS}:{SERVER_PORT}",
               "--data-dir", str(data), "--static-dir", str(WEB_DIST), "--public-url", f"https://{name}",
               "--trusted-proxies", topology.PUBLIC_INSIDE_ADDRESS]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHIFTSYNC_")}
    with open(work / "server.log", "ab") as log:
        return subprocess.Popen(topology.exec_prefix(ns.private) + command, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env)


def wait_answering(proc: subprocess.Popen, what: str, probe) -> None:
    def ready():
        check(proc.poll() is None, f"{what} exited with {proc.returncode}")
        return probe()

    wait_until(ready, timeout=15, interval=0.05, what=what)


def access_log_clients(work: Path, path: str) -> list[str]:
    """The `client` of each request line for `path` in the server's log."""
    clients = []
    for line in (work / "server.log").read_text(errors="replace").splitlines():
        start = line.find("{")
        if start < 0 or '"status"' not in line:
            continue
        entry = json.loads(line[start:])
        if entry.get("path") == path:
            clients.append(entry.get("client"))
    return clients


def check_shape(ns: topology.Namespaces, curl: Curl, work: Path, name: str) -> None:
    index = curl.get(f"https://{name}/")
    check(index.status == 200, f"GET / through nginx: {index}")
    check(index.body == (WEB_DIST / "index.html").read_bytes(), f"GET / is not web/dist/index.html: {index}")
    check("max-age=63072000" in index.header("strict-transport-security"), f"no HSTS on {index}")
    script = re.search(rb'src="(/assets/[^"]+\.js)"', index.body)
    check(script is not None, "index.html names no /assets/*.js")
    asset = curl.get(f"https://{name}{script.group(1).decode()}", headers=["Accept-Encoding: br, gzip"])
    check(asset.status == 200 and asset.header("content-encoding") == "br", f"precompressed asset: {asset}")
    check("immutable" in asset.header("cache-control"), f"the asset lost its Cache-Control: {asset}")

    health = curl.get(f"https://{name}/healthz")
    check(health.status == 200, f"GET /healthz through nginx: {health}")

    # As the browser does it: same-origin (Origin is the public URL), JSON, cookie afterwards.
    email, password = f"netns-{uuid.uuid4().hex[:8]}@example.com", "netns-" + uuid.uuid4().hex
    origin = [f"Origin: https://{name}"]
    registered = curl.post_json(f"https://{name}/api/v1/auth/register", headers=origin, body={
        "name": "Netns Owner", "email": email, "password": password,
        "organization": {"name": "Netns Org", "time_zone": "Europe/Berlin"}})
    check(registered.status == 201, f"sign-up through nginx: {registered}")
    # A client naming another address in X-Forwarded-For: nginx replaces the header, so it cannot.
    signed_in = curl.post_json(f"https://{name}/api/v1/auth/login", body={"email": email, "password": password},
                               headers=origin + ["X-Forwarded-For: 203.0.113.9"])
    check(signed_in.status == 200, f"sign-in through nginx: {signed_in}")
    cookie = signed_in.header("set-cookie")
    check(cookie.startswith("shiftsync_session=") and re.search(r";\s*Secure", cookie) is not None,
          f"the session cookie is not Secure (X-Forwarded-Proto not trusted?): {redact_cookie(cookie)!r}")
    me = curl.get(f"https://{name}/api/v1/me", headers=[f"Cookie: {cookie.split(';')[0]}"])
    check(me.status == 200 and json.loads(me.body)["email"] == email, f"GET /me with the cookie: {me}")

    # The server logs the internet client, neither nginx's address nor the one the client claimed.
    wait_until(lambda: access_log_clients(work, "/api/v1/auth/login"), timeout=5, what="the sign-in's log line")
    clients = access_log_clients(work, "/api/v1/auth/login")
    check(clients == [topology.INTERNET_ADDRESS], f"the server logged the sign-in as from {clients}")

    redirect = curl.get(f"http://{name}/schedule?week=2027-01-04")
    check(redirect.status == 301 and redirect.header("location") == f"https://{name}/schedule?week=2027-01-04",
          f"http:// is not redirected to https://: {redirect}")
    challenge = curl.get(f"http://{name}/.well-known/acme-challenge/{ACME_TOKEN}")
    check(challenge.status == 200 and challenge.body == ACME_BODY,
          f"the ACME challenge is not served over http://: {challenge}")

    # The private server is out of the internet's reach, even with every packet routed at the web tier.
    check(topology.forwarding(ns.public) == "0", "the public namespace forwards")
    direct = f"http://{topology.PRIVATE_ADDRESS}:{SERVER_PORT}/healthz"
    started = time.monotonic()
    from_internet = curl.raw(ns.internet, ["--connect-timeout", "2", "-o", "/dev/null", direct])
    check(from_internet.returncode in (7, 28),
          f"the internet reached the private server directly (curl exit {from_internet.returncode}, "
          f"{from_internet.stdout!r} {from_internet.stderr.strip()!r})")
    print(f"direct connection from the internet failed after {time.monotonic() - started:.2f}s: "
          f"{from_internet.stderr.strip()}")
    # ...while the same connection from the web tier works, so the check above can tell.
    from_public = curl.raw(ns.public, ["--connect-timeout", "2", "-o", "/dev/null", "-w", "%{http_code}", direct])
    check(from_public.returncode == 0 and from_public.stdout == "200",
          f"the web tier cannot reach the private server either: {from_public.returncode} {from_public.stderr}")


def log_tails(work: Path, chars: int = 3000) -> str:
    parts = []
    for name in ("server.log", "nginx/error.log", "nginx/nginx.out", "nginx/access.log"):
        path = work / name
        if path.exists():
            parts.append(f"--- {name}\n{path.read_text(errors='replace')[-chars:]}")
    return "\n".join(parts)


def main() -> int:
    if os.geteuid() != 0:
        print("SKIP netns_shape: needs root to create network namespaces (CI runs it as root)")
        return SKIP
    for tool in ("ip", "nginx", "curl", "openssl"):
        check(shutil.which(tool) is not None or Path(f"/usr/sbin/{tool}").exists(),
              f"{tool} is not installed (scripts/install-deps.sh installs it)")
    check((WEB_DIST / "index.html").exists(), f"no {WEB_DIST}/index.html: build the web app (make build)")
    check(binary_path().exists(), f"no shiftsync binary at {binary_path()} (set SHIFTSYNC_BINARY)")

    ns = topology.Namespaces.named_for(os.getpid())
    work = Path(tempfile.mkdtemp(prefix="shiftsync-netns-"))
    server = nginx = None
    started = time.monotonic()
    try:
        try:
            topology.create(ns)
        except topology.NamespacesNotAllowed as refused:
            print(f"SKIP netns_shape: network namespaces are not allowed here (ip netns add: {refused})")
            return SKIP
        site, name = render_web_site(work / "nginx", upstream=f"{topology.PRIVATE_ADDRESS}:{SERVER_PORT}")
        curl = Curl(work, name, topology.PUBLIC_OUTSIDE_ADDRESS, ns.internet)

        server = start_server(ns, work, name)
        private_health = f"http://{topology.PRIVATE_ADDRESS}:{SERVER_PORT}/healthz"
        wait_answering(server, "shiftsync in the private namespace", lambda: curl.raw(
            ns.public, ["-f", "--max-time", "1", "-o", "/dev/null", private_health]).returncode == 0)
        nginx = start_nginx(work / "nginx", write_main_config(work / "nginx", site), topology.exec_prefix(ns.public))
        wait_answering(nginx, "nginx in the public namespace",
                       lambda: curl.get(f"https://{name}/healthz").status == 200)

        check_shape(ns, curl, work, name)
        print(f"netns_shape: passed in {time.monotonic() - started:.1f}s")
        return 0
    except Exception:
        for namespace in ns.all():
            print(f"--- routes in {namespace}:\n{topology.routes(namespace)}", file=sys.stderr)
        print(log_tails(work), file=sys.stderr)
        raise
    finally:
        stop_nginx(nginx)
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        problems = topology.destroy(ns)
        shutil.rmtree(work, ignore_errors=True)
        if problems:
            raise AssertionError("teardown left: " + "; ".join(problems))


if __name__ == "__main__":
    sys.exit(main())
