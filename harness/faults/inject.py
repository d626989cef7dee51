"""Inject one fault: run the runner as a process on a rewritten copy of the scripts and act on the server.

- sql-error: the inserted step fails (a SELECT from a table that does not exist);
- crash: the inserted step is a barrier; once the server shows it running, the runner process is SIGKILLed. Its
  barrier statement would run on for an hour on the server, so the harness ends it, as the server does once it
  notices the client is gone; then, for a runner that recovers on start, the runner is started again;
- disconnect: once the barrier runs, the server terminates the runner's session;
- lock-timeout: the inserted step is a gate the harness holds; once the runner waits at it, another session locks the
  table step k needs and the gate opens; step k waits until the runner's (short) lock timeout gives up. The lock is
  released as soon as that wait ends, so the runner's own rollback is not blocked.

"The server shows it" means the server's lock table names the runner's session as the holder of the lock the
inserted statement takes first (see server_sql); the statement text a session shows is never relied on.

A runner that can run its upgrade in this process (`upgrade_in_process`: the harness's own migrator, through its
API on the same rewritten directory) does so on a thread for every fault but the crash, and for the restart after
it: those need no process death, and a thread spares the interpreter start and imports a process pays (most of a
fault case's time). The crash itself, and every runner without that method (a user's build, a command), runs as a
process of its own.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Protocol, runtime_checkable

from sqlalchemy import Connection
from sqlalchemy.engine import URL

from harness.cases import Fault
from harness.engines.server_api import Server
from harness.faults.boundaries import lock_target_of
from harness.faults.process import FaultError, RunnerProcess
from harness.faults.scripts import Insertion, ScriptHistory
from harness.faults.server_sql import BARRIER, FAULT_SQL, GATE, ServerSession
from harness.faults.watch import RunnerExited, Watch, watching
from harness.runners.system_under_test import ProcessRunner, RunnerCommand, UnsupportedFault

LOCK_TIMEOUT_S = 1.0
EXIT_DEADLINE_S = 180.0

# A runner on a harness thread shares this process's logging. When a fault or an interrupt ends its server session,
# SQLAlchemy's pool logs the failed reset of that connection; with no handler configured anywhere (outside a test's
# log capture) Python would print the record as a traceback on the user's terminal. Under a capture the record is
# still kept: it propagates to the root logger's handlers as before.
logging.getLogger("sqlalchemy.pool").addHandler(logging.NullHandler())


@runtime_checkable
class InProcessUpgrader(Protocol):
    """A runner whose `upgrade --to target` on a rewritten directory can run in this process, giving the exit code
    and output its process would (see MigratorRunner.upgrade_in_process)."""

    def upgrades_in_process(self) -> bool:
        """False when its process would run something else than `upgrade_in_process` does."""
        ...

    def upgrade_in_process(
        self, url: URL, target: str, migrations_dir: Path, lock_timeout_s: float | None = None
    ) -> tuple[int, str]: ...


class RunnerThread:
    """The runner's upgrade on a thread of this process, watched like a process: its exit code once it is done
    (an event, never polled), its output with the command's secrets masked. It cannot be killed: it is used only
    for faults that end the runner's work on the server side (a failing statement, a terminated session, a lock
    timeout)."""

    def __init__(self, work: Callable[[], tuple[int, str]], command: RunnerCommand, label: str = "runner") -> None:
        self.label = label
        self._secrets = command.secrets
        self._code: int | None = None
        self._output = ""
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(work,), name=f"uh-{label}", daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], tuple[int, str]]) -> None:
        try:
            code, output = work()
        except BaseException as err:  # reported as the runner's own failure, as a process's traceback would be
            code, output = 1, f"{type(err).__name__}: {err}"
        for secret in self._secrets:
            output = output.replace(secret, "***")
        self._code, self._output = code, output
        self._done.set()

    def exit_code(self) -> int | None:
        """None while it runs."""
        return self._code if self._done.is_set() else None

    def wait(self, deadline_s: float) -> int:
        if not self._done.wait(deadline_s) or self._code is None:
            raise FaultError(f"the {self.label} (in this process) did not finish within {deadline_s:g}s")
        return self._code

    def output(self) -> str:
        return self._output

    def __enter__(self) -> RunnerThread:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._done.wait(EXIT_DEADLINE_S if kind is None else 0)


Running = RunnerProcess | RunnerThread


@dataclass
class FaultRun:
    """What happened: the runner's exit code (None when killed), its output, and the injection's timeline."""

    fault: Fault
    scripts: Path
    exit_code: int | None = None
    output: str = ""
    restart_code: int | None = None
    restart_output: str = ""
    skipped: str | None = None  # the fault turned out not to apply here (lock-timeout only)
    timeline: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def note(self, event: str) -> None:
        self.timeline.append(f"{time.monotonic() - self.started:6.2f}s  {event}")


@dataclass(frozen=True)
class Injector:
    """Everything needed to inject faults into upgrades of one database server."""

    runner: ProcessRunner
    history: ScriptHistory
    server: Server
    workdir: Path
    lock_timeout_s: float = LOCK_TIMEOUT_S

    def inject(self, database: str, fault: Fault, target: str | None = None) -> FaultRun:
        """Run `upgrade --to target` (default: the fault's version) with `fault`; see the module docstring."""
        token = secrets.token_hex(6)
        sql = FAULT_SQL[self.server.dialect]
        statement = {
            "sql-error": sql.failing,
            "crash": sql.barrier,
            "disconnect": sql.barrier,
            "lock-timeout": sql.gate,
        }[fault.kind](token)
        insertion = Insertion(fault.version, self.server.dialect, fault.statement, statement)
        copy = self.history.write_copy(self.workdir / f"scripts-{token}", (insertion,))
        run = FaultRun(fault, copy)
        url = self.server.url(database)
        timeout = self.lock_timeout_s if fault.kind == "lock-timeout" else None
        try:
            command = self.runner.process_command(url, target or fault.version, copy, timeout)
        except UnsupportedFault as err:
            run.skipped = f"{fault.kind} not applicable with this runner: {err}"
            return run
        run.note(f"runner started on {copy} with `{statement}` {fault.boundary}")
        with watching(self.server, database) as watch:
            gate_holder = watch.connection() if fault.kind == "lock-timeout" else None
            if gate_holder is not None:
                watch.sql.hold_gate(gate_holder, token)
            with self._start(command, url, target or fault.version, copy, timeout, fault.kind != "crash") as process:
                if fault.kind == "sql-error":
                    run.exit_code = process.wait(EXIT_DEADLINE_S)
                elif fault.kind in ("crash", "disconnect"):
                    self._barrier(watch, process, run, token, database)
                else:
                    assert gate_holder is not None
                    self._lock(watch, process, run, token, gate_holder)
                run.output = process.output()
        run.note(f"runner exit code: {run.exit_code if run.exit_code is not None else 'killed'}")
        return run

    def _start(
        self, command: RunnerCommand, url: URL, target: str, scripts: Path, timeout: float | None, in_process: bool,
        label: str = "runner",
    ) -> Running:
        """The runner on a thread when it can run in this process and `in_process` allows, else its process."""
        runner = self.runner
        if in_process and isinstance(runner, InProcessUpgrader) and runner.upgrades_in_process():
            return RunnerThread(lambda: runner.upgrade_in_process(url, target, scripts, timeout), command, label)
        return RunnerProcess(command, scripts.parent / f"{label.replace(' ', '-')}-{scripts.name}.log", label)

    def _barrier(self, watch: Watch, process: Running, run: FaultRun, token: str, database: str) -> None:
        what = f"the barrier {run.fault.boundary} to run"
        barrier = watch.wait_for(what, watch.arrived(BARRIER + token), process)
        run.note(f"barrier seen running in server session {barrier.id}")
        if run.fault.kind == "disconnect":
            watch.end_session(barrier.id)
            run.note(f"server session {barrier.id} terminated")
            run.exit_code = process.wait(EXIT_DEADLINE_S)
            return
        assert isinstance(process, RunnerProcess), "a crash always runs the runner as a process"
        process.kill()
        run.note(f"runner process {process.pid} killed (SIGKILL)")
        watch.end_session(barrier.id)
        watch.wait_idle()
        run.note(f"orphaned barrier session {barrier.id} ended; no runner session left on the server")
        if self.runner.recovers_on_start:
            self._restart(database, run)

    def _restart(self, database: str, run: FaultRun) -> None:
        """The runner's next start, same scripts, asked for the version the database is at: recovery only."""
        previous = self.history.previous(run.fault.version)
        url = self.server.url(database)
        command = self.runner.process_command(url, previous, run.scripts)
        with self._start(command, url, previous, run.scripts, None, True, "restarted runner") as again:
            run.restart_code = again.wait(EXIT_DEADLINE_S)
            run.restart_output = again.output()
        run.note(f"runner restarted (upgrade --to {previous}): exit code {run.restart_code}")

    def _lock(self, watch: Watch, process: Running, run: FaultRun, token: str, gate_holder: Connection) -> None:
        fault = run.fault
        target = lock_target_of(self.history, self.server.dialect, fault)
        assert not isinstance(target, str), target
        gate = f"the gate before step {fault.statement} of {fault.version}"
        watch.wait_for(gate, watch.arrived(GATE + token), process)
        run.note("runner waits at the gate")
        locker = watch.connection()
        reason = watch.sql.lock_table(locker, target)
        watch.sql.release_gate(gate_holder, token)
        if reason is not None:
            run.skipped = f"lock-timeout not applicable at {fault.version} step {fault.statement}: {reason}"
            run.note(run.skipped)
            run.exit_code = process.wait(EXIT_DEADLINE_S)
            return
        run.note(f"table {target.table} locked by the harness; gate opened")

        # The harness holds no other table lock, so a runner session waiting for one waits at step k.
        def waits(sessions: list[ServerSession]) -> ServerSession | None:
            return next((s for s in sessions if s.waiting_for_lock), None)

        try:
            waiting = watch.wait_for(f"step {fault.statement} to wait for the lock on {target.table}", waits, process)
        except RunnerExited as exited:
            watch.sql.unlock_tables(locker)
            run.exit_code = exited.code
            if exited.code == 0:
                run.skipped = (
                    f"lock-timeout not applicable at {fault.version} step {fault.statement}: the statement did "
                    f"not wait for the lock the harness held on {target.table}"
                )
            run.note(f"runner exited ({exited.code}) before step {fault.statement} was seen waiting")
            return
        run.note(f"step {fault.statement} waits for the lock in server session {waiting.id}")

        def moved_on(sessions: list[ServerSession]) -> bool | None:
            same = (s for s in sessions if s.id == waiting.id and s.statement == waiting.statement)
            return None if any(s.waiting_for_lock for s in same) else True

        try:
            watch.wait_for(f"the runner to give up waiting at step {fault.statement}", moved_on, process)
            run.note("the runner stopped waiting for the lock; lock released")
        except RunnerExited:
            run.note("the runner exited; lock released")
        watch.sql.unlock_tables(locker)
        run.exit_code = process.wait(EXIT_DEADLINE_S)
