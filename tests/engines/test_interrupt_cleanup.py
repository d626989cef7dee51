"""An interrupted pytest run that started local servers leaves nothing behind: no server, no data directory.

Each case runs real pytest in a subprocess on a small test file that starts postgresql@15:local and
mariadb@10.11:local through `start_server` and then sleeps, and interrupts it: SIGINT, SIGTERM (also while a server
is still starting, and in pytest-xdist workers), SIGKILL followed by a second run. The run gets a temporary
directory of its own (TMPDIR), so its state records are told from those of other runs on the machine; a watcher
reads them while the run lives, which names every server and directory the run made.
"""

from __future__ import annotations

import getpass
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from harness.engines import EngineUnavailable
from harness.engines.local_state import WORK_ROOT

ENGINES = ("postgresql@15:local", "mariadb@10.11:local")

RUN = textwrap.dedent("""
    import json, os, sys, time
    from pathlib import Path

    import pytest

    from harness.engines import EngineUnavailable, start_server

    ENGINES = {engines!r}
    MARKS = Path(os.environ["INTERRUPT_TEST_MARKS"])


    def mark(name, **fields):
        partial = MARKS / f".{{name}}.{{os.getpid()}}"
        partial.write_text(json.dumps({{"pid": os.getpid(), **fields}}))
        partial.rename(MARKS / f"{{name}}.{{os.getpid()}}")


    def hold(specs):
        servers, unavailable = [], {{}}
        for spec in specs:
            mark(f"starting-{{spec}}")
            try:
                servers.append(start_server(spec))
            except EngineUnavailable as err:
                unavailable[spec] = err.reason
        mark("ready", started=[server.spec.name for server in servers], unavailable=unavailable)
        time.sleep(600)


    def test_hold_all():
        hold(ENGINES)


    @pytest.mark.parametrize("spec", ENGINES)
    def test_hold_one(spec):
        hold([spec])


    def test_start_and_stop():
        for spec in ENGINES:
            try:
                start_server(spec).stop()
                return
            except EngineUnavailable:
                continue
""")


def _gone(pid: int) -> bool:
    """No such process, or only a zombie left for its parent to collect."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def _processes_using(directories: set[str]) -> list[str]:
    """Command lines of live processes that name one of `directories` (a server whose pid was never recorded)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or _gone(int(proc.name)):
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if any(directory in command for directory in directories):
            found.append(f"{proc.name}: {command[:160]}")
    return found


@dataclass
class Run:
    """One pytest subprocess and what its state records said while it lived."""

    process: subprocess.Popen[str]
    state_dir: Path
    marks: Path
    server_pids: set[int] = field(default_factory=set)
    directories: set[str] = field(default_factory=set)
    _stop: threading.Event = field(default_factory=threading.Event)

    def watch(self) -> None:
        """Poll the run's state records: a record is written before its directory and removed after it."""
        while not self._stop.is_set():
            self.read_records()
            self._stop.wait(0.01)

    def read_records(self) -> None:
        for entry in self.state_dir.glob("*.json") if self.state_dir.is_dir() else []:
            try:
                state = json.loads(entry.read_text())
            except (OSError, ValueError):
                continue  # being replaced or removed right now
            self.directories.add(state["directory"])
            if state.get("server_pid"):
                self.server_pids.add(state["server_pid"])

    def wait_for(self, prefix: str, count: int = 1, timeout_s: float = 180) -> list[dict[str, object]]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = sorted(self.marks.glob(f"{prefix}.*"))
            if len(found) >= count:
                self.read_records()
                return [json.loads(path.read_text()) for path in found]
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        output = self.finish()
        raise AssertionError(f"the run did not reach {prefix!r} (exit code {self.process.returncode}):\n{output}")

    def finish(self, timeout_s: float = 60) -> str:
        """Wait for the run to end; its output."""
        try:
            output, _ = self.process.communicate(timeout=timeout_s)
        finally:
            self._stop.set()
        self.read_records()
        return output


class Runs:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.temp_dir = tmp_path / "tmp"
        self.temp_dir.mkdir()
        self.marks = tmp_path / "marks"
        self.marks.mkdir()
        (tmp_path / "test_hold.py").write_text(RUN.format(engines=ENGINES))
        self.started: list[Run] = []
        self.temp_before = set(os.listdir(self.temp_dir))
        self.work_root_before = set(os.listdir(WORK_ROOT)) if WORK_ROOT.is_dir() else set()

    def start(self, *pytest_args: str) -> Run:
        env = {**os.environ, "TMPDIR": str(self.temp_dir), "INTERRUPT_TEST_MARKS": str(self.marks)}
        env.pop("PYTEST_ADDOPTS", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "test_hold.py", *pytest_args],
            cwd=self.tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,  # a process group of its own, as a terminal's foreground job has
        )
        # The state directory is the run's own: tempfile.gettempdir() follows TMPDIR.
        run = Run(process, self.temp_dir / f"upgrade-harness-state-{os.getuid()}", self.marks)
        threading.Thread(target=run.watch, daemon=True).start()
        self.started.append(run)
        return run

    def assert_nothing_left(self, *runs: Run, timeout_s: float = 20) -> None:
        pids = set().union(*(run.server_pids for run in runs))
        directories = set().union(*(run.directories for run in runs))
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and not all(_gone(pid) for pid in pids):
            time.sleep(0.05)
        assert sorted(pid for pid in pids if not _gone(pid)) == []
        assert _processes_using(directories) == []
        assert sorted(directory for directory in directories if os.path.lexists(directory)) == []
        made_here = {Path(directory).name for directory in directories}
        work_root_now = set(os.listdir(WORK_ROOT)) if WORK_ROOT.is_dir() else set()
        assert sorted((work_root_now - self.work_root_before) & made_here) == []
        state_dir = runs[0].state_dir
        assert (sorted(os.listdir(state_dir)) if state_dir.is_dir() else []) == []
        # pytest-xdist makes pytest's base temporary directory (kept between runs by design, holds no server data).
        ignored = {state_dir.name, f"pytest-of-{getpass.getuser()}"}
        assert set(os.listdir(self.temp_dir)) - self.temp_before - ignored == set()

    def close(self) -> None:
        for run in self.started:
            if run.process.poll() is None:
                run.process.kill()
            run.finish()


@pytest.fixture
def runs(tmp_path: Path) -> Iterator[Runs]:
    started = Runs(tmp_path)
    yield started
    started.close()


def _started(ready: list[dict[str, object]]) -> list[str]:
    started = [spec for mark in ready for spec in mark["started"]]  # type: ignore[attr-defined]
    if not started:
        _skip_unavailable(ready)
    return started


def _skip_unavailable(ready: list[dict[str, object]]) -> None:
    """Skip for an engine that could not start (after the checks on the ones that did), with its reason."""
    for mark in ready:
        for spec, reason in dict(mark["unavailable"]).items():  # type: ignore[call-overload]
            try:
                raise EngineUnavailable(spec, reason)
            except EngineUnavailable as err:  # the suite's conftest fails this skip where the engine is required
                pytest.skip(str(err))


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_a_signal_stops_the_servers_and_removes_their_directories(runs: Runs, how: signal.Signals) -> None:
    run = runs.start("-k", "test_hold_all")
    ready = run.wait_for("ready")
    assert len(_started(ready)) == len(run.server_pids) == len(run.directories)
    run.process.send_signal(how)
    output = run.finish()
    # No upgrade scenario in this run: pytest's own status for an interrupted session (verify maps it to 130/143).
    assert run.process.returncode == pytest.ExitCode.INTERRUPTED, output
    assert ("Terminated: terminated by SIGTERM" if how == signal.SIGTERM else "KeyboardInterrupt") in output
    runs.assert_nothing_left(run)
    _skip_unavailable(ready)


@pytest.mark.slow
@pytest.mark.parametrize(("how", "delay_s"), [(signal.SIGTERM, 0.0), (signal.SIGINT, 0.3), (signal.SIGTERM, 0.8)],
                         ids=["sigterm-at-once", "sigint-after-0.3s", "sigterm-after-0.8s"])
def test_a_signal_while_a_server_starts_leaves_nothing(runs: Runs, how: signal.Signals, delay_s: float) -> None:
    run = runs.start("-k", "test_hold_all")
    run.wait_for(f"starting-{ENGINES[1]}")  # the first server runs, the second is being started
    time.sleep(delay_s)
    run.process.send_signal(how)
    output = run.finish()
    assert run.process.returncode == pytest.ExitCode.INTERRUPTED, output
    assert run.directories, "the run recorded no server"
    runs.assert_nothing_left(run)


@pytest.mark.slow
@pytest.mark.parametrize("to_group", [True, False], ids=["ctrl-c-at-a-terminal", "sigint-to-the-controller"])
def test_sigint_to_an_xdist_run_stops_the_workers_servers(runs: Runs, to_group: bool) -> None:
    """Ctrl-C reaches the whole foreground group; a SIGINT to the controller alone reaches the workers when
    execnet gives up waiting for them (5 s) and interrupts them, before it would kill them (10 s)."""
    pytest.importorskip("xdist")
    run = runs.start("-k", "test_hold_one", "-n", "2")
    ready = run.wait_for("ready", count=2)
    assert len(_started(ready)) == len(run.server_pids)
    assert {mark["pid"] for mark in ready} - {run.process.pid}, "the servers were not started by the workers"
    if to_group:
        os.killpg(run.process.pid, signal.SIGINT)
    else:
        run.process.send_signal(signal.SIGINT)
    output = run.finish()
    assert run.process.returncode == pytest.ExitCode.INTERRUPTED, output
    runs.assert_nothing_left(run)
    _skip_unavailable(ready)


@pytest.mark.slow
def test_sigkill_then_the_next_run_removes_what_the_killed_run_left(runs: Runs) -> None:
    killed = runs.start("-k", "test_hold_all")
    ready = killed.wait_for("ready")
    _started(ready)
    killed.process.send_signal(signal.SIGKILL)
    killed.finish()
    assert killed.process.returncode == -signal.SIGKILL
    # The servers die with the run (parent-death signal); their directories wait for the next run.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not all(_gone(pid) for pid in killed.server_pids):
        time.sleep(0.05)
    assert sorted(pid for pid in killed.server_pids if not _gone(pid)) == []
    assert sorted(directory for directory in killed.directories if os.path.isdir(directory)) == sorted(
        killed.directories
    )
    next_run = runs.start("-k", "test_start_and_stop")
    output = next_run.finish(timeout_s=180)
    assert next_run.process.returncode == pytest.ExitCode.OK, output
    runs.assert_nothing_left(killed, next_run)
    _skip_unavailable(ready)
