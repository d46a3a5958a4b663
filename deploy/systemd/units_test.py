"""The systemd units: systemd itself finds nothing wrong with them, and their sandbox stays tight.

Run by ctest (deploy.systemd). systemd-analyze checks the units offline, with ExecStart pointed at
this build's binary (the units name /usr/local/bin/shiftsync, where the package installs it).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
UNITS = ["shiftsync.service", "shiftsync-worker.service"]
BINARY = os.environ.get("SHIFTSYNC_BINARY", str(HERE.parent.parent / "build" / "shiftsync"))
ANALYZE = shutil.which("systemd-analyze")

pytestmark = pytest.mark.skipif(ANALYZE is None, reason="systemd-analyze is not installed")


def rendered(tmp_path: Path, name: str) -> Path:
    text = (HERE / name).read_text()
    assert "ExecStart=/usr/local/bin/shiftsync " in text
    unit = tmp_path / name
    unit.write_text(text.replace("ExecStart=/usr/local/bin/shiftsync ", f"ExecStart={BINARY} "))
    return unit


@pytest.mark.parametrize("name", UNITS)
def test_systemd_finds_nothing_wrong(tmp_path, name):
    done = subprocess.run([ANALYZE, "verify", str(rendered(tmp_path, name))], capture_output=True, text=True,
                          timeout=60)
    problems = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert done.returncode == 0 and not problems, problems


def test_a_unit_with_a_mistake_is_caught(tmp_path):
    """So a passing verify above means something: a misspelt directive is reported."""
    unit = rendered(tmp_path, "shiftsync.service")
    unit.write_text(unit.read_text().replace("ProtectSystem=strict", "ProtectSystem=strictest"))
    done = subprocess.run([ANALYZE, "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert "strictest" in done.stdout + done.stderr, done.stdout + done.stderr


@pytest.mark.parametrize("name", UNITS)
def test_the_sandbox_is_tight(tmp_path, name):
    done = subprocess.run([ANALYZE, "security", "--offline=yes", "--no-pager", str(rendered(tmp_path, name))],
                          capture_output=True, text=True, timeout=60)
    found = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", done.stdout)
    assert found, done.stdout[-2000:] + done.stderr
    # systemd's scale: 0 (locked down) to 10 (unprotected); "OK" is below 2.
    assert float(found[1]) < 2.0, done.stdout[-3000:]


@pytest.mark.parametrize("name", UNITS)
def test_runs_unprivileged_and_hardened(name):
    text = (HERE / name).read_text()
    for directive in ("User=shiftsync", "NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes",
                      "CapabilityBoundingSet=\n", "ReadWritePaths=/var/lib/shiftsync", "UMask=0077"):
        assert directive in text, directive
