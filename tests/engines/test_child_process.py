"""Child processes end completely (the whole group, also what a wrapper started, also when the harness dies) and
their output never shows a secret, in any of the forms a URL gives it."""

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
from harness.child_process import ChildProcess, mask, masked_log, masked_output, secret_forms, signal_group

REPO = Path(harness.__file__).resolve().parent.parent
DEADLINE_S = 20.0

# A wrapper that starts a long-lived grandchild and waits for it, as `sh -c 'migrate ...'` or a launcher script does.
WRAPPER = 'sleep 600 & echo $! > "$1"; echo wrapper started; wait'


def _gone(pid: int) -> bool:
    """No such process, or only a zombie left for its new parent to collect."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def _await(condition: str, check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {DEADLINE_S:g} s: {condition}")
        time.sleep(0.02)


def _read_pid(path: Path) -> int:
    _await(f"{path} written", lambda: path.is_file() and path.read_text().strip().isdigit())
    return int(path.read_text())


@pytest.fixture
def wrapper(tmp_path: Path) -> Iterator[tuple[ChildProcess, int]]:
    """A started wrapper and its grandchild's pid; whatever is still left is killed afterwards."""
    pid_file = tmp_path / "grandchild.pid"
    child = ChildProcess(["sh", "-c", WRAPPER, "sh", str(pid_file)], output=subprocess.DEVNULL)
    grandchild = _read_pid(pid_file)
    yield child, grandchild
    signal_group(child.pid, signal.SIGKILL)
    child.popen.wait()


def test_a_kill_takes_the_grandchild_with_the_wrapper(wrapper: tuple[ChildProcess, int]) -> None:
    child, grandchild = wrapper
    assert child.kill() is True
    assert child.returncode == -signal.SIGKILL
    _await(f"grandchild {grandchild} gone", lambda: _gone(grandchild))
    assert child.kill() is False, "a second kill finds nothing running"


def test_killing_only_the_leader_would_leave_the_grandchild_running(wrapper: tuple[ChildProcess, int]) -> None:
    # The defect the group kill prevents: signalling the wrapper's pid alone orphans what it started.
    child, grandchild = wrapper
    os.kill(child.pid, signal.SIGKILL)
    child.popen.wait()
    assert not _gone(grandchild)
    signal_group(child.pid, signal.SIGKILL)  # the group outlives its leader: it still reaches the grandchild
    _await(f"grandchild {grandchild} gone", lambda: _gone(grandchild))


def test_a_stop_signal_the_child_ignores_is_followed_by_sigkill(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    stubborn = ChildProcess(
        ["sh", "-c", 'trap "" TERM; touch "$1"; while :; do sleep 0.05; done', "sh", str(ready)],
        output=subprocess.DEVNULL,
    )
    _await("the trap is set", ready.is_file)
    stubborn.stop(signal.SIGTERM, grace_s=0.2)
    assert stubborn.returncode == -signal.SIGKILL


def test_a_stop_signal_the_child_obeys_ends_it_without_sigkill() -> None:
    obedient = ChildProcess(["sleep", "600"], output=subprocess.DEVNULL)
    obedient.stop(signal.SIGTERM, grace_s=DEADLINE_S)
    assert obedient.returncode == -signal.SIGTERM


def test_wait_past_its_deadline_leaves_the_child_running() -> None:
    child = ChildProcess(["sleep", "600"], output=subprocess.DEVNULL)
    try:
        assert child.wait(0.05) is None
        assert child.running()
    finally:
        child.kill()
    assert child.wait(DEADLINE_S) == -signal.SIGKILL


def test_communicate_past_its_deadline_kills_the_group_and_keeps_the_output(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    child = ChildProcess(["sh", "-c", WRAPPER, "sh", str(pid_file)], output=subprocess.PIPE)
    grandchild = _read_pid(pid_file)
    output, code = child.communicate(0.2, grace_s=DEADLINE_S)
    assert code is None
    assert b"wrapper started" in output
    _await(f"grandchild {grandchild} gone", lambda: _gone(grandchild))


def test_communicate_returns_the_exit_code_environment_and_directory(tmp_path: Path) -> None:
    child = ChildProcess(
        ["sh", "-c", 'echo "$EXTRA in $(pwd) with $PATH"; exit 3'],
        output=subprocess.PIPE,
        env={"EXTRA": "added"},
        cwd=tmp_path,
    )
    output, code = child.communicate(DEADLINE_S, grace_s=DEADLINE_S)
    # the additions come on top of the harness's environment
    assert (output.decode().strip(), code) == (f"added in {tmp_path} with {os.environ['PATH']}", 3)


DIES_WITH_PARENT = textwrap.dedent("""
    import os, signal, subprocess, threading, time
    from harness.child_process import ChildProcess
    started, tids = [], []

    def start():
        tids.append(threading.get_native_id())
        started.append(ChildProcess(["sleep", "600"], output=subprocess.DEVNULL, die_with_parent=signal.SIGKILL))

    # From a thread that ends at once: the parent-death signal must follow the process, not the starting thread.
    thread = threading.Thread(target=start)
    thread.start()
    thread.join()
    # Once the thread's task is gone the kernel has sent whatever its death sends.
    while os.path.exists(f"/proc/self/task/{tids[0]}"):
        time.sleep(0.01)
    print(started[0].pid, flush=True)
    time.sleep(600)
""")


def _sigkill_pending(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    pending = [int(line.split()[1], 16) for line in status.splitlines() if line.startswith(("SigPnd:", "ShdPnd:"))]
    return any(mask_ & (1 << (signal.SIGKILL - 1)) for mask_ in pending)


def test_a_child_dies_with_its_parent_even_when_a_finished_thread_started_it() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", DIES_WITH_PARENT], stdout=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert not _gone(child) and not _sigkill_pending(child), "the child died with the thread that started it"
        parent.kill()
        parent.wait()
        _await(f"child {child} gone with its parent", lambda: _gone(child))
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


# -- masking


PASSWORD = "p@ss w+rd/"


def test_every_form_a_url_gives_the_password_is_masked() -> None:
    shown = [
        f"raw {PASSWORD}",
        "sqlalchemy p%40ss w+rd%2F",  # URL.render_as_string keeps space and +
        "quoted p%40ss%20w%2Brd%2F",
        "form-encoded p%40ss+w%2Brd%2F",
    ]
    masked = [mask(line, secret_forms(PASSWORD)) for line in shown]
    assert masked == ["raw ***", "sqlalchemy ***", "quoted ***", "form-encoded ***"]


def test_masking_the_raw_password_alone_would_leak_its_encoded_forms() -> None:
    leaked = mask("postgresql://u:p%40ss%20w%2Brd%2F@host/db", [PASSWORD])
    assert "p%40ss" in leaked
    assert mask("postgresql://u:p%40ss%20w%2Brd%2F@host/db", secret_forms(PASSWORD)) == "postgresql://u:***@host/db"


def test_a_secret_holding_another_is_masked_whole() -> None:
    assert mask("token=abcdef", ["abc", "abcdef"]) == "token=***"
    assert mask("nothing here", ["", *secret_forms("")]) == "nothing here"


def test_output_is_printable_and_masked(tmp_path: Path) -> None:
    raw = b"connected with s3cret\x1b[31m red \xff\xfe end\n"
    assert masked_output(raw, ["s3cret"]) == "connected with ***\\x1b[31m red \\xff\\xfe end\n"
    log = tmp_path / "runner.log"
    log.write_bytes(b"x" * 100 + b" s3cret")
    assert masked_log(log, ["s3cret"], limit=10) == "…" + "xxxxxx ***"
    assert masked_log(tmp_path / "never-written.log", ["s3cret"]) == ""


def test_a_started_childs_output_file_is_read_back_masked(tmp_path: Path) -> None:
    log = tmp_path / "child.log"
    with log.open("wb") as output:
        child = ChildProcess(["sh", "-c", "echo password=s3cret >&2"], output=output)
    assert child.wait(DEADLINE_S) == 0
    assert masked_log(log, secret_forms("s3cret")).strip() == "password=***"
