"""Racing runner instances: N processes on one database released at the same moment, and a runner killed while it
holds the lock followed by a fresh one (the cluster's rolling restart after an OOM kill)."""

from __future__ import annotations

import fcntl
import secrets
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from harness.engines.server_api import Server
from harness.faults import start_gate
from harness.faults.process import FaultError, RunnerProcess, wait_all
from harness.faults.scripts import Insertion, ScriptHistory
from harness.faults.server_sql import BARRIER, FAULT_SQL
from harness.faults.watch import watching
from harness.runners.system_under_test import ProcessRunner, RunnerCommand

RACERS = 8
READY_DEADLINE_S = 60.0
FINISH_DEADLINE_S = 240.0
NEXT_DEADLINE_S = 90.0  # a next runner still waiting after this is blocked by what the killed one left behind


@dataclass(frozen=True)
class Racer:
    exit_code: int
    output: str


@dataclass
class RaceResult:
    racers: list[Racer]
    timeline: list[str] = field(default_factory=list)


def gated(command: RunnerCommand, lock: Path, ready: Path) -> RunnerCommand:
    argv = (sys.executable, str(Path(start_gate.__file__)), str(lock), str(ready), "--", *command.argv)
    return RunnerCommand(argv, command.env, command.secrets, command.cwd)


def race(command: RunnerCommand, workdir: Path, count: int = RACERS) -> RaceResult:
    """Start `count` copies of `command` held at a start gate; release them together; wait for all to exit."""
    lock = workdir / "start.lock"
    lock.touch()
    started = time.monotonic()
    result = RaceResult([])
    with lock.open("rb") as handle, ExitStack() as stack:
        fcntl.flock(handle, fcntl.LOCK_EX)
        readies = [workdir / f"ready-{i}" for i in range(count)]
        processes = [
            stack.enter_context(
                RunnerProcess(gated(command, lock, ready), workdir / f"racer-{i}.log", f"racer {i + 1} of {count}")
            )
            for i, ready in enumerate(readies)
        ]
        end = time.monotonic() + READY_DEADLINE_S
        while not all(ready.exists() for ready in readies):
            early = next((p for p in processes if p.exit_code() is not None), None)
            if early is not None:
                raise FaultError(f"{early.label} exited before the start: {early.output()}")
            if time.monotonic() > end:
                raise FaultError(f"the {count} racers were not all at the start gate after {READY_DEADLINE_S:g}s")
            time.sleep(0.005)
        fcntl.flock(handle, fcntl.LOCK_UN)
        result.timeline.append(f"{time.monotonic() - started:6.2f}s  {count} runners released at once")
        codes = wait_all(processes, FINISH_DEADLINE_S)
        result.timeline.append(f"{time.monotonic() - started:6.2f}s  all exited: codes {codes}")
        result.racers = [Racer(code, process.output()) for code, process in zip(codes, processes, strict=True)]
    return result


@dataclass
class KillResult:
    next_exit_code: int
    next_output: str
    timeline: list[str] = field(default_factory=list)


def kill_holder_then_start(
    runner: ProcessRunner,
    history: ScriptHistory,
    server: Server,
    database: str,
    version: str,
    target: str,
    workdir: Path,
) -> KillResult:
    """Kill a runner while it holds the lock (parked at a barrier in step 1 of `version`), then run a fresh one.

    The killed runner's barrier statement would run for an hour on the server; the harness ends it, as a server
    does once it sees the client is gone (a real statement would simply finish). The fresh runner must then get
    the lock, recover, and upgrade to `target`.
    """
    token = secrets.token_hex(6)
    sql = FAULT_SQL[server.dialect]
    barrier = Insertion(version, server.dialect, 1, sql.barrier(token))
    copy = history.write_copy(workdir / f"scripts-{token}", (barrier,))
    url = server.url(database)
    started = time.monotonic()
    timeline: list[str] = []

    def note(event: str) -> None:
        timeline.append(f"{time.monotonic() - started:6.2f}s  {event}")

    with watching(server, database) as watch:
        with RunnerProcess(runner.process_command(url, target, copy), workdir / "holder.log", "lock holder") as first:
            what = f"the first runner to reach step 1 of {version}"
            parked = watch.wait_for(what, watch.arrived(BARRIER + token), first)
            note(f"first runner parked at a barrier in step 1 of {version} (server session {parked.id})")
            first.kill()
            note("first runner killed (SIGKILL) while holding the lock")
        watch.end_session(parked.id)
        note(f"its barrier statement ended (session {parked.id})")
    with RunnerProcess(runner.process_command(url, target, history.root), workdir / "next.log", "next runner") as nxt:
        code = nxt.wait(NEXT_DEADLINE_S)
        note(f"next runner exited with code {code}")
        return KillResult(code, nxt.output(), timeline)
