"""The deployment's network shape on one machine: three network namespaces joined by veth pairs.

    internet  198.18.1.2 --veth-- 198.18.1.1  public  198.18.2.1 --veth-- 198.18.2.2  private

Addresses come from 198.18.0.0/15, reserved for benchmarking (RFC 2544), so they clash with no real
network, and each namespace has its own routing table anyway. 'internet' routes everything to the
public machine, as the worst internet would; the public machine does not forward
(net.ipv4.ip_forward=0); the private one has no route beyond its own subnet. So the internet can
reach the public address and nothing behind it.

The veths are created inside the namespaces, so deleting the namespaces removes them: teardown
cannot leave an interface behind in the machine's own namespace.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass

IP = shutil.which("ip") or "/usr/sbin/ip"

INTERNET_ADDRESS = "198.18.1.2"
PUBLIC_OUTSIDE_ADDRESS = "198.18.1.1"  # the web tier's internet-facing address
PUBLIC_INSIDE_ADDRESS = "198.18.2.1"   # the web tier's address on the private subnet: the trusted proxy
PRIVATE_ADDRESS = "198.18.2.2"         # the shiftsync server's


class NamespacesNotAllowed(Exception):
    """`ip netns add` failed: not root, or no CAP_SYS_ADMIN (an unprivileged container)."""


@dataclass
class Namespaces:
    internet: str
    public: str
    private: str

    @classmethod
    def named_for(cls, pid: int) -> "Namespaces":
        # The pid keeps two runs at once (two build trees' ctest) apart.
        return cls(f"shiftsync-internet-{pid}", f"shiftsync-public-{pid}", f"shiftsync-private-{pid}")

    def all(self) -> list[str]:
        return [self.internet, self.public, self.private]


def ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([IP, *args], capture_output=True, text=True, timeout=20)
    if check and result.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def exec_prefix(namespace: str) -> list[str]:
    return [IP, "netns", "exec", namespace]


def run_in(namespace: str, args: list[str], timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run(exec_prefix(namespace) + args, capture_output=True, text=True, timeout=timeout)


def create(ns: Namespaces) -> None:
    """Builds the shape. Raises NamespacesNotAllowed when the first namespace cannot be made (nothing
    is left behind then); any later failure raises RuntimeError and destroy() cleans up."""
    first = ip("netns", "add", ns.internet, check=False)
    if first.returncode != 0:
        raise NamespacesNotAllowed(first.stderr.strip() or f"exit status {first.returncode}")
    ip("netns", "add", ns.public)
    ip("netns", "add", ns.private)

    # internet:eth0 <-> public:outside0, public:inside0 <-> private:eth0
    ip("-n", ns.internet, "link", "add", "eth0", "type", "veth", "peer", "name", "outside0", "netns", ns.public)
    ip("-n", ns.public, "link", "add", "inside0", "type", "veth", "peer", "name", "eth0", "netns", ns.private)
    for name, device, address in ((ns.internet, "eth0", INTERNET_ADDRESS),
                                  (ns.public, "outside0", PUBLIC_OUTSIDE_ADDRESS),
                                  (ns.public, "inside0", PUBLIC_INSIDE_ADDRESS),
                                  (ns.private, "eth0", PRIVATE_ADDRESS)):
        ip("-n", name, "addr", "add", f"{address}/24", "dev", device)
        ip("-n", name, "link", "set", device, "up")
    for name in ns.all():
        ip("-n", name, "link", "set", "lo", "up")

    # Everything the internet sends goes to the web tier, the private subnet's addresses included.
    ip("-n", ns.internet, "route", "add", "default", "via", PUBLIC_OUTSIDE_ADDRESS)
    # A new namespace may inherit ip_forward=1 from the machine's (net.core.devconf_inherit_init_net).
    set_forwarding = run_in(ns.public, ["sh", "-c", "echo 0 > /proc/sys/net/ipv4/ip_forward"])
    if set_forwarding.returncode != 0:
        raise RuntimeError(f"could not turn forwarding off in {ns.public}: {set_forwarding.stderr.strip()}")
    # The private namespace gets no route at all beyond its /24: no way out, no way back.


def forwarding(namespace: str) -> str:
    return run_in(namespace, ["cat", "/proc/sys/net/ipv4/ip_forward"]).stdout.strip()


def routes(namespace: str) -> str:
    return ip("-n", namespace, "route", "show", check=False).stdout


def destroy(ns: Namespaces) -> list[str]:
    """Kills whatever still runs in the namespaces (only this test's processes can be there) and
    deletes them, their veths with them. Returns what could not be undone, for the report."""
    problems = []
    existing = set(ip("netns", "list", check=False).stdout.split())
    for name in ns.all():
        if name not in existing:
            continue
        for pid in ip("netns", "pids", name, check=False).stdout.split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
        deleted = ip("netns", "del", name, check=False)
        if deleted.returncode != 0:
            problems.append(f"ip netns del {name}: {deleted.stderr.strip()}")
    left = set(ip("netns", "list", check=False).stdout.split()) & set(ns.all())
    if left:
        problems.append(f"namespaces still present: {sorted(left)}")
    return problems
