"""nginx running the shipped balancer configuration (deploy/nginx/shiftsync-balancer.conf) on loopback.

The shipped file is an http-context file with placeholder addresses. render_site() swaps in the
test's upstream ports, listen address and access log path and fails loudly if the file no longer has
the shape it expects, so what the tests exercise is what is shipped. The main configuration around it
(pid, error log, temp paths, `daemon off`) is the test's own, as /etc/nginx/nginx.conf is Debian's,
with the shipped snippets/ beside it. bench/cluster.py and tests/netns use this module too.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import requests

from support import Client, free_port, wait_until

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "deploy" / "nginx" / "shiftsync-balancer.conf"
SNIPPETS = REPO / "deploy" / "nginx" / "snippets"
NGINX = "/usr/sbin/nginx"

_UPSTREAM_SERVER = re.compile(r"^([ \t]*)server[ \t]+\d+\.\d+\.\d+\.\d+:\d+((?:[ \t]+[a-z_]+=[^\s;]+)*)[ \t]*;[ \t]*\n",
                              re.M)
_LISTEN = re.compile(r"^([ \t]*)listen[ \t]+80[ \t]*;", re.M)
_ACCESS_LOG = re.compile(r"^([ \t]*)access_log[ \t]+\S+[ \t]+(shiftsync_upstream)[ \t]*;", re.M)

_MAIN = """daemon off;
worker_processes 1;
{user}
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {site};
}}
"""


def replace_upstreams(text: str, addresses: list[str], shipped: Path) -> str:
    """`text` (a shipped site) with its upstream servers on `addresses` (HOST:PORT), the shipped
    parameters kept."""
    servers = list(_UPSTREAM_SERVER.finditer(text))
    assert len(servers) >= 1, f"{shipped}: no `server ADDRESS:PORT ...;` line in the upstream block"
    indent, parameters = servers[0].group(1), servers[0].group(2)
    ours = "".join(f"{indent}server {a}{parameters};\n" for a in addresses)
    # The test's lines where the first shipped one was; the other shipped ones go.
    return _UPSTREAM_SERVER.sub(lambda m: ours if m.start() == servers[0].start() else "", text)


def render_site(upstreams: list[int], port: int, access_log: Path, shipped: Path = SHIPPED) -> str:
    """The shipped file with its upstream servers on 127.0.0.1:`upstreams` (the shipped parameters
    kept), listening on 127.0.0.1:`port`, logging to `access_log`."""
    text = replace_upstreams(shipped.read_text(), [f"127.0.0.1:{p}" for p in upstreams], shipped)
    text, listens = _LISTEN.subn(lambda m: f"{m.group(1)}listen 127.0.0.1:{port};", text)
    assert listens == 1, f"{shipped}: expected one `listen 80;`, found {listens}"
    text, logs = _ACCESS_LOG.subn(lambda m: f"{m.group(1)}access_log {access_log} {m.group(2)};", text)
    assert logs == 1, f"{shipped}: expected one `access_log PATH shiftsync_upstream;`, found {logs}"
    return text


def write_main_config(work: Path, site: Path) -> Path:
    """The test's main configuration around `site`, in `work`. The shipped snippets/ is linked beside
    it, where the site's `include snippets/...;` looks (relative to the main file's directory)."""
    snippets = work / "snippets"
    if not snippets.exists():
        snippets.symlink_to(SNIPPETS, target_is_directory=True)
    # As root, nginx's workers would drop to `nobody`, who may not write the temp paths: keep them root
    # here. That line is the test's, never the shipped file's.
    user = "user root;" if os.geteuid() == 0 else ""
    main = work / "nginx.conf"
    main.write_text(_MAIN.format(user=user, work=work, site=site))
    return main


def start_nginx(work: Path, main: Path, prefix: tuple[str, ...] | list[str] = ()) -> subprocess.Popen:
    """nginx -t, then nginx in the foreground (`prefix`: e.g. `ip netns exec NAME`); output to work/nginx.out."""
    args = [NGINX, "-p", str(work), "-e", str(work / "error.log"), "-c", str(main)]
    check = subprocess.run([*prefix, NGINX, "-t", "-q", *args[1:]], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, f"nginx -t refused the rendered configuration: {check.stderr}"
    with open(work / "nginx.out", "ab") as out:
        return subprocess.Popen([*prefix, *args], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def stop_nginx(proc: subprocess.Popen | None) -> None:
    """Graceful (requests in flight finish), killed after 15 s."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGQUIT)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Balancer:
    """nginx with the rendered balancer configuration, in the foreground, in its own directory."""

    def __init__(self, work: Path, upstreams: list[int], port: int | None = None):
        self.work = Path(work)
        self.upstreams = list(upstreams)
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def client(self, token: str | None = None) -> Client:
        """An API client whose requests go through nginx (support's helpers take it like a Server)."""
        return Client(self, token)

    @property
    def access_log(self) -> Path:
        return self.work / "access.log"

    @property
    def error_log(self) -> Path:
        return self.work / "error.log"

    def write_config(self) -> Path:
        self.work.mkdir(parents=True, exist_ok=True)
        site = self.work / "shiftsync-balancer.conf"
        site.write_text(render_site(self.upstreams, self.port, self.access_log))
        return write_main_config(self.work, site)

    def start(self, timeout: float = 15.0) -> "Balancer":
        self.proc = start_nginx(self.work, self.write_config())

        def proxying():
            if self.proc.poll() is not None:
                raise AssertionError(f"nginx exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                return requests.get(self.url("/healthz"), timeout=1).status_code == 200
            except requests.RequestException:
                return False

        wait_until(proxying, timeout=timeout, what="nginx to proxy /healthz")
        return self

    def stop(self) -> None:
        stop_nginx(self.proc)

    def log_tail(self, chars: int = 3000) -> str:
        parts = []
        for path in (self.error_log, self.work / "nginx.out", self.access_log):
            try:
                parts.append(f"--- {path.name}\n" + path.read_text(errors="replace")[-chars:])
            except FileNotFoundError:
                pass
        return "\n".join(parts)

    def upstream_ports(self) -> dict[int, int]:
        """How many access log lines each upstream port answered (the last address when nginx moved on)."""
        counts: dict[int, int] = {}
        try:
            text = self.access_log.read_text(errors="replace")
        except FileNotFoundError:
            return counts
        for match in re.finditer(r"upstream=(\S+)", text):
            last = match.group(1).split(",")[-1].strip()
            if ":" in last:
                port = int(last.rsplit(":", 1)[1])
                counts[port] = counts.get(port, 0) + 1
        return counts

