"""A MySQL server run through its root filesystem's loader dies with the harness like any local server, and a
failed start leaves nothing behind and shows the server's own log."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import harness
from harness.engines import EngineUnavailable
from harness.engines.local_mysql import find_install, start
from harness.engines.local_state import ServerRecord, recorded_servers
from harness.engines.specs import parse_spec

REPO = Path(harness.__file__).resolve().parent.parent
CHILD = textwrap.dedent("""
    import time
    from harness.engines import start_server
    server = start_server("mysql@9.7:local")
    print("ready", flush=True)
    time.sleep(600)
""")

def _owned_by(pid: int) -> list[ServerRecord]:
    return [record for record in recorded_servers() if record.owner_pid == pid]


def _gone(pid: int, seconds: float = 15) -> bool:
    """No such process, or only a zombie, within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


pytestmark = pytest.mark.skipif(
    find_install("9.7") is None, reason="no local MySQL 9.7 (build one with .ci/build-mysql-rootfs)"
)


def test_sigkill_of_the_harness_kills_the_server(tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    child = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=tmp_path,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
        records = _owned_by(child.pid)
        assert len(records) == 1 and records[0].server_alive and records[0].server_pid is not None
        command = Path(f"/proc/{records[0].server_pid}/cmdline").read_bytes().split(b"\0")
        assert any(part.endswith(b"/usr/sbin/mysqld") for part in command), command
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert _gone(records[0].server_pid)
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()


def test_failed_start_cleans_up_and_shows_the_server_log() -> None:
    before = _owned_by(os.getpid())
    with pytest.raises(EngineUnavailable) as raised:
        start(parse_spec("mysql@9.7"), options=["--no-such-option=1"])
    assert "exited during start" in raised.value.reason
    assert "no-such-option" in raised.value.reason
    assert _owned_by(os.getpid()) == before
