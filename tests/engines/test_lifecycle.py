"""Local servers never outlive the harness: normal exit, Ctrl-C, SIGTERM, SIGKILL (with the next run's reaper).

Each case runs a real harness process (a Python child) that starts a real server, then ends it in some way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import harness
from harness.engines import EngineUnavailable
from harness.engines.local_mariadb import start as start_mariadb
from harness.engines.local_postgresql import start as start_postgresql
from harness.engines.local_state import ServerRecord, reap_orphans, recorded_servers
from harness.engines.specs import parse_spec

REPO = Path(harness.__file__).resolve().parent.parent
LOCAL_ENGINES = ["postgresql@15:local", "mariadb@10.11:local"]

CHILD = textwrap.dedent("""
    import sys, time
    from harness.engines import EngineUnavailable, start_server
    try:
        servers = [start_server(spec) for spec in sys.argv[1:]]
    except EngineUnavailable as err:
        print("unavailable:", err, flush=True)
        sys.exit(3)
    print("ready", flush=True)
    if "{ending}" == "exit":
        sys.stdin.readline()  # the test has looked at the running servers
        sys.exit(0)  # without stopping them: atexit must do it
    time.sleep(600)
""")

ORPHAN = textwrap.dedent("""
    import subprocess, sys, time
    from harness.engines.local_state import Workspace, service_account
    workspace = Workspace("orphan", service_account())
    # A process that, unlike a real server, does not die with its parent.
    survivor = subprocess.Popen(["sleep", "600"], start_new_session=True)
    workspace.record(survivor.pid)
    print("ready", flush=True)
    time.sleep(600)
""")


def _gone(pid: int) -> bool:
    """No such process, or only a zombie left for its new parent to collect."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def _wait_gone(pids: list[int], seconds: float = 15) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not all(_gone(pid) for pid in pids):
        time.sleep(0.05)
    return [pid for pid in pids if not _gone(pid)]


def _owned_by(pid: int) -> list[ServerRecord]:
    return [record for record in recorded_servers() if record.owner_pid == pid]


RunChild = Callable[..., tuple[subprocess.Popen[str], list[ServerRecord]]]


@pytest.fixture
def run_child(tmp_path: Path) -> Iterator[RunChild]:
    children: list[subprocess.Popen[str]] = []

    def run(source: str, *args: str) -> tuple[subprocess.Popen[str], list[ServerRecord]]:
        script = tmp_path / f"child{len(children)}.py"
        script.write_text(source)
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        child = subprocess.Popen(
            [sys.executable, str(script), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
            env=env, cwd=tmp_path,
        )
        children.append(child)
        assert child.stdout is not None
        line = child.stdout.readline()
        if line.startswith("unavailable:"):
            child.wait()
            pytest.skip(line.strip())
        assert line.strip() == "ready", child.stderr.read() if child.stderr else ""
        records = _owned_by(child.pid)
        assert records and all(record.server_alive for record in records)
        assert all(record.directory.is_dir() for record in records)
        return child, records

    yield run
    for child in children:
        if child.poll() is None:
            child.kill()
        child.communicate()


def _assert_cleaned(records: list[ServerRecord]) -> None:
    pids = [record.server_pid for record in records if record.server_pid is not None]
    assert _wait_gone(pids) == []
    assert [record.directory for record in records if record.directory.exists()] == []
    assert _owned_by(records[0].owner_pid) == []


def test_sigkill_of_the_harness_then_the_next_run_leaves_nothing(run_child: RunChild) -> None:
    child, records = run_child(CHILD.format(ending="sleep"), *LOCAL_ENGINES)
    child.send_signal(signal.SIGKILL)
    child.wait()
    # The servers die with their parent; their directories wait for the next run (or any other run's reaper).
    assert _wait_gone([r.server_pid for r in records if r.server_pid is not None]) == []
    next_run, _ = run_child(CHILD.format(ending="exit"), LOCAL_ENGINES[0])
    next_run.communicate("go\n")
    _assert_cleaned(records)


def test_reaper_kills_a_server_that_outlived_its_owner(run_child: RunChild) -> None:
    child, records = run_child(ORPHAN)
    child.send_signal(signal.SIGKILL)
    child.wait()
    survivor = records[0].server_pid
    assert survivor is not None
    # Nothing else kills `sleep 600`: whichever run reaps first (this one, or a concurrent one), it is the reaper.
    reap_orphans()
    _assert_cleaned(records)


# Both signals unwind as an interrupt; Python ends an unhandled KeyboardInterrupt by SIGINT, any other
# exception (here Terminated, its subclass for SIGTERM) with status 1 and the traceback.
@pytest.mark.parametrize(("how", "returncode", "shown"), [
    (signal.SIGTERM, 1, "Terminated: terminated by SIGTERM"), (signal.SIGINT, -signal.SIGINT, "KeyboardInterrupt"),
], ids=["sigterm", "ctrl-c"])
def test_signals_stop_the_servers(run_child: RunChild, how: int, returncode: int, shown: str) -> None:
    child, records = run_child(CHILD.format(ending="sleep"), *LOCAL_ENGINES)
    child.send_signal(how)
    _, stderr = child.communicate(timeout=60)
    assert (child.returncode, shown in stderr) == (returncode, True), stderr
    _assert_cleaned(records)


def test_normal_exit_without_stop_stops_the_servers(run_child: RunChild) -> None:
    child, records = run_child(CHILD.format(ending="exit"), *LOCAL_ENGINES)
    child.communicate("go\n")
    assert child.returncode == 0
    _assert_cleaned(records)


def test_failed_start_cleans_up_and_shows_the_server_log() -> None:
    before = _owned_by(os.getpid())
    with pytest.raises(EngineUnavailable) as raised:
        start_postgresql(parse_spec("postgresql@15"), settings={"shared_buffers": "lots"})
    assert "exited during start" in raised.value.reason
    assert "shared_buffers" in raised.value.reason  # from the server's own log
    assert _owned_by(os.getpid()) == before


def test_failed_mariadb_start_cleans_up_and_shows_the_server_log() -> None:
    before = _owned_by(os.getpid())
    with pytest.raises(EngineUnavailable) as raised:
        start_mariadb(parse_spec("mariadb@10.11"), options=["--no-such-option=1"])
    if "no local mariadb" in raised.value.reason:
        pytest.skip(raised.value.reason)
    assert "exited during start" in raised.value.reason
    assert "no-such-option" in raised.value.reason
    assert _owned_by(os.getpid()) == before
