"""Statement-level faults for a runner that runs in this process through SQLAlchemy (Alembic): its statements exist
only when its units (Alembic's revisions) run, so they are counted on the server, not read from scripts.

- counting: a fault-free upgrade of a clone of the seeded start, `before_cursor_execute` on the connection the runner
  hands the system under test, numbers each unit's statements 1..N; the unit's version-table write is its end point
  (`R#end`: every statement ran, the unit is not recorded yet). Statements before the first unit (the version
  table's creation, Alembic's reads) are bookkeeping and no fault point;
- sql-error: at statement k the server is sent a SELECT from a table that does not exist, on the runner's own cursor,
  and its error is raised from the event: the runner sees a real server error in place of statement k;
- disconnect: at statement k another session terminates the runner's session on the server, then statement k goes
  out on the dead connection;
- lock-timeout: at statement k the runner's session gets a short lock timeout and another session locks the table
  statement k needs (the version table at `#end`); the server ends the wait with its lock-timeout error;
- crash: the upgrade runs in a child process that stops at statement k and tells the harness through a file; the
  harness SIGKILLs it and waits until the server has ended its session.

A unit that a fault struck must leave the database at a unit boundary: what the version table records is between the
start and the units that ran before the struck one, and the schema and rows are exactly those of a fault-free upgrade
to what it records (harness/faults/rollback.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import Connection, event, inspect
from sqlalchemy.engine import URL, make_url

from harness.cases import FAULT_KINDS, Case, Fault
from harness.child_process import ChildProcess, masked_log, secret_forms
from harness.dialects import TRAITS, Dialect, dialect_of
from harness.engines.server_api import EngineUnavailable, Server
from harness.faults.boundaries import FAULT_MODES
from harness.faults.process import FaultError
from harness.faults.server_sql import FAULT_SQL
from harness.faults.tables import LockTarget, lock_target
from harness.faults.watch import watching
from harness.paths import UpgradePath
from harness.runners.system_under_test import Runner, RunOutcome
from harness.scenario import Scenario

LOCK_TIMEOUT_S = 1.0
CHILD_DEADLINE_S = 180.0
_URL_VARIABLE = "UPGRADE_HARNESS_FAULT_URL"
_OWN_SESSION_SQL: dict[Dialect, str] = {"postgresql": "SELECT pg_backend_pid()", "mysql": "SELECT CONNECTION_ID()"}
_FAILING_SQL = "SELECT * FROM uh_statement_fault_missing_table"


@runtime_checkable
class StatementRunner(Protocol):
    """A runner whose upgrade runs in this process on a SQLAlchemy connection the harness can watch, in units (an
    Alembic revision) that each end with a version-table write (see AlembicRunner)."""

    name: str
    own_tables: frozenset[str]

    def upgrade(self, url: URL, target: str) -> RunOutcome: ...

    def upgrade_watched(
        self, url: URL, target: str, watch: Callable[[Connection], Any], on_unit: Callable[[str], None]
    ) -> RunOutcome: ...

    def upgrade_to_units(self, url: URL, units: tuple[str, ...]) -> RunOutcome: ...

    def applied_units(self, heads: tuple[str, ...]) -> frozenset[str]: ...

    def units_at(self, version: str) -> frozenset[str]: ...

    def recorded_units(self, url: URL) -> tuple[str, ...]: ...

    def records_unit(self, statement: str) -> bool: ...

    def version_rows(self, url: URL) -> list[tuple[str, ...]]: ...


def supports_statement_faults(runner: object) -> bool:
    return isinstance(runner, StatementRunner)


# -- counting ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitStatements:
    """One unit's statements as a fault-free upgrade sent them, in order (its version-table write not included)."""

    unit: str
    statements: tuple[str, ...]


@dataclass(frozen=True)
class CountedUpgrade:
    """The units an upgrade previous -> version ran, in the order it ran them."""

    previous: str
    version: str
    units: tuple[UnitStatements, ...]

    def unit(self, name: str) -> UnitStatements:
        for unit in self.units:
            if unit.unit == name:
                return unit
        raise KeyError(f"{name} is not run by the upgrade {self.previous} -> {self.version}")

    def ran_before(self, name: str) -> tuple[str, ...]:
        names = [unit.unit for unit in self.units]
        return tuple(names[: names.index(name)])


class _Numbering:
    """Numbers each unit's statements as they go out; calls `at_point` before the statement of a chosen point."""

    def __init__(
        self,
        records_unit: Callable[[str], bool],
        point: Fault | None = None,
        at_point: Callable[[Any, str], None] | None = None,
        after_point: Callable[[], None] | None = None,
    ) -> None:
        self.records_unit = records_unit
        self.point = point
        self.at_point = at_point
        self.after_point = after_point
        self.unit: str | None = None
        self.sent: dict[str, list[str]] = {}
        self.order: list[str] = []
        self.reached = False
        self._armed_after = False

    def unit_started(self, unit: str) -> None:
        self.unit = unit
        self.order.append(unit)
        self.sent[unit] = []

    def attach(self, connection: Connection) -> None:
        event.listen(connection, "before_cursor_execute", self._before)
        event.listen(connection, "after_cursor_execute", self._after)

    def _before(self, conn: Connection, cursor: Any, statement: str, *args: object) -> None:
        unit = self.unit
        if unit is None:
            return  # bookkeeping before the first unit, or after a unit's version write
        if self.records_unit(statement):
            self.unit = None  # the end point; later writes of the same record (a merge's) are not points
            step, after_last = len(self.sent[unit]) + 1, True
        else:
            self.sent[unit].append(statement)
            step, after_last = len(self.sent[unit]), False
        point = self.point
        if point is not None and point.version == unit and point.statement == step and point.after_last == after_last:
            self.reached = True
            if self.at_point is not None:
                self.at_point(cursor, statement)
            self._armed_after = True

    def _after(self, *args: object) -> None:
        if self._armed_after:
            self._armed_after = False
            if self.after_point is not None:
                self.after_point()

    def counted(self, previous: str, version: str) -> CountedUpgrade:
        return CountedUpgrade(
            previous, version, tuple(UnitStatements(unit, tuple(self.sent[unit])) for unit in self.order)
        )


_COUNTED: dict[tuple[str, str, str, str], CountedUpgrade] = {}


def counted_upgrade(
    runner: StatementRunner, server: Server, database: str, key: tuple[str, str, str, str], previous: str, version: str
) -> CountedUpgrade:
    """The statements of the upgrade previous -> version, counted on `database` (a clone of the seeded start, which
    the count upgrades), once per `key` in this process."""
    found = _COUNTED.get(key)
    if found is not None:
        return found
    numbering = _Numbering(runner.records_unit)
    outcome = runner.upgrade_watched(server.url(database), version, numbering.attach, numbering.unit_started)
    if not outcome.ok:
        raise FaultError(f"the fault-free upgrade {previous} -> {version} that counts the statements failed: "
                         f"{outcome.error}")
    _COUNTED[key] = numbering.counted(previous, version)
    return _COUNTED[key]


def count_key(scenario: Scenario, engine: str, version: str) -> tuple[str, str, str, str]:
    return (str(scenario.root), json.dumps(dict(scenario.runner_options), sort_keys=True, default=str), engine, version)


class CountingBench(Protocol):
    """What counting needs of a workbench (harness.workbench.Workbench)."""

    scenario: Scenario

    def server(self, engine: str) -> Server: ...

    def snapshots(self, engine: str) -> Any: ...


def count_on(bench: CountingBench, runner: StatementRunner, engine: str, version: str) -> CountedUpgrade:
    """The counted upgrade of `version` from the version before it, on a clone of that version's seeded snapshot."""
    scenario = bench.scenario
    key = count_key(scenario, engine, version)
    if key in _COUNTED:
        return _COUNTED[key]
    previous = scenario.versions[scenario.versions.index(version) - 1]
    server = bench.server(engine)
    database = bench.snapshots(engine).clone_seeded(previous)
    try:
        return counted_upgrade(runner, server, database, key, previous, version)
    finally:
        server.drop_database(database)


# -- the fault cases ---------------------------------------------------------------------------------------------


def points(counted: CountedUpgrade) -> list[Fault]:
    """Every fault point of an upgrade (as sql-error faults): each unit's statements 1..N, then its end."""
    found: list[Fault] = []
    for unit in counted.units:
        found.extend(Fault("sql-error", unit.unit, k) for k in range(1, len(unit.statements) + 1))
        found.append(Fault("sql-error", unit.unit, len(unit.statements) + 1, after_last=True))
    return found


def select_points(found: list[Fault], mode: str, engine_dialect: Dialect) -> list[Fault]:
    """`every-statement`: all; `sample`: per unit the first, the last, the end and one seeded pick (as for script
    histories, harness/faults/boundaries.py)."""
    if mode == "every-statement":
        return list(found)
    if mode == "none":
        return []
    if mode != "sample":
        raise ValueError(f"unknown fault selection {mode!r}; choose one of: {', '.join(FAULT_MODES)}")
    chosen: list[Fault] = []
    for unit in dict.fromkeys(point.version for point in found):
        at_unit = [point for point in found if point.version == unit]
        steps = [point for point in at_unit if not point.after_last]
        if steps:
            pick = random.Random(f"upgrade-faults:{engine_dialect}:{unit}").randrange(len(steps))
            chosen.extend(steps[i] for i in sorted({0, len(steps) - 1, pick}))
        chosen.extend(point for point in at_unit if point.after_last)
    return chosen


def cases(
    check: str,
    scenario: Scenario,
    runner: Runner,
    engine_specs: dict[str, str],
    engine_dialects: dict[str, Dialect],
    mode: str,
    versions: Iterable[str],
    seed_size: int,
    servers: dict[str, Server] | None = None,
    keep_templates: bool = False,
) -> list[Case]:
    """Fault cases per engine: (selected point) x (every kind), on the path previous -> version of the version the
    point's unit belongs to. The points come from a counting run on each engine's server (started for the count
    when the run has none yet; the seeded templates it builds are kept for the run where the cache is on)."""
    if mode == "none":
        return []
    from harness.workbench import Workbench

    if not isinstance(runner, StatementRunner):
        raise TypeError(f"runner {runner.name!r} has no statement faults")

    crossed = [version for version in scenario.versions[1:] if version in set(versions)]
    needed = [(engine, version) for engine in engine_specs for version in crossed
              if count_key(scenario, engine, version) not in _COUNTED]  # fmt: skip
    unavailable: dict[str, str] = {}
    if needed:
        bench = Workbench(
            scenario, runner, engine_specs, seed_size, servers=servers, keep_templates=keep_templates and not servers
        )
        try:
            for engine, version in needed:
                if engine in unavailable:
                    continue
                try:
                    count_on(bench, runner, engine, version)
                except EngineUnavailable as err:
                    unavailable[engine] = err.reason
        finally:
            bench.close()
    for engine, reason in unavailable.items():
        warnings.warn(
            f"{check}: no statement fault cases on {engine}: its server, needed to count the statements, cannot run "
            f"here ({reason})",
            stacklevel=2,
        )
    made: list[Case] = []
    for engine, dialect in engine_dialects.items():
        if engine in unavailable:
            continue
        for version in crossed:
            counted = _COUNTED[count_key(scenario, engine, version)]
            path = UpgradePath((counted.previous, version))
            for point in select_points(points(counted), mode, dialect):
                made.extend(
                    Case(check, engine, path, Fault(kind, point.version, point.statement, point.after_last))
                    for kind in FAULT_KINDS
                )
    return made


# -- injection ---------------------------------------------------------------------------------------------------


@dataclass
class StatementFaultRun:
    """What happened: the runner's outcome (None when its process was killed), its output and the timeline."""

    fault: Fault
    outcome: RunOutcome | None = None
    output: str = ""
    skipped: str | None = None
    reached: bool = False
    timeline: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def note(self, what: str) -> None:
        self.timeline.append(f"{time.monotonic() - self.started:6.2f}s  {what}")


def inject(
    runner: StatementRunner, scenario: Scenario, server: Server, database: str, target: str, fault: Fault,
    earlier: tuple[str, ...] = (),
) -> StatementFaultRun:
    """Upgrade `database` to `target` with `fault` injected at its point; `earlier` are the statements the counting
    run sent before the point in the same upgrade (to name the table of an index a statement names alone)."""
    run = StatementFaultRun(fault)
    url = server.url(database)
    if fault.kind == "crash":
        _crash(scenario, server, database, target, fault, run)
        return run
    dialect = server.dialect
    with watching(server, database) as watch:
        locker = watch.connection() if fault.kind == "lock-timeout" else None
        locked: list[str] = []

        def at_point(cursor: Any, statement: str) -> None:
            run.note(f"{fault.where} of {fault.version} about to run: {_one_line(statement)}")
            if fault.kind == "sql-error":
                run.note(f"the server is sent `{_FAILING_SQL}` in its place")
                cursor.execute(_FAILING_SQL)
            elif fault.kind == "disconnect":
                cursor.execute(_OWN_SESSION_SQL[dialect])
                session = int(cursor.fetchone()[0])
                watch.end_session(session)
                run.note(f"the runner's server session {session} terminated by another session")
            else:
                assert locker is not None
                reason = _lock_for(locker, runner, fault, statement, earlier, dialect)
                if isinstance(reason, str):
                    run.skipped = f"lock-timeout not applicable at {fault.version}{fault.marker}: {reason}"
                    run.note(run.skipped)
                    return
                for sql in TRAITS[dialect].lock_timeout_sql(LOCK_TIMEOUT_S):
                    cursor.execute(sql)
                locked.append(reason.table)
                run.note(f"table {reason.table} locked by another session; the runner's lock timeout is "
                         f"{LOCK_TIMEOUT_S:g}s")  # fmt: skip

        def after_point() -> None:
            if fault.kind == "lock-timeout" and locked and run.skipped is None:
                assert locker is not None
                FAULT_SQL[dialect].unlock_tables(locker)
                run.skipped = (
                    f"lock-timeout not applicable at {fault.version}{fault.marker}: the statement did not wait for "
                    f"the lock another session held on {locked[0]}"
                )
                run.note(run.skipped)
                locked.clear()

        numbering = _Numbering(runner.records_unit, fault, at_point, after_point)
        try:
            run.outcome = runner.upgrade_watched(url, target, numbering.attach, numbering.unit_started)
        finally:
            if locked and locker is not None:
                FAULT_SQL[dialect].unlock_tables(locker)
                run.note(f"lock on {locked[0]} released")
        run.reached = numbering.reached
        run.output = run.outcome.error if not run.outcome.ok else ""
        run.note(f"the runner {'succeeded' if run.outcome.ok else 'failed: ' + run.outcome.error}")
        watch.wait_idle()
    return run


def _lock_for(
    locker: Connection, runner: StatementRunner, fault: Fault, statement: str, earlier: tuple[str, ...],
    dialect: Dialect,
) -> LockTarget | str:
    """Lock the table `statement` needs from `locker`; the table, or why none can be locked."""
    if fault.after_last:
        target: LockTarget | str = LockTarget(next(iter(runner.own_tables)), "dml")
    else:
        # the tables another session sees now stand in for the install the script layouts read
        visible = inspect(locker).get_table_names()
        locker.rollback()
        target = lock_target(statement, [f"CREATE TABLE {name} (x int)" for name in visible], earlier)
    if isinstance(target, str):
        return target
    reason = FAULT_SQL[dialect].lock_table(locker, target)
    return target if reason is None else reason


def _one_line(sql: str, limit: int = 100) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- the crash: a child process stopped at the point and killed --------------------------------------------------


def _crash(
    scenario: Scenario, server: Server, database: str, target: str, fault: Fault, run: StatementFaultRun
) -> None:
    url = server.url(database)
    workdir = Path(tempfile.mkdtemp(prefix="uh-crash-"))
    reached = workdir / "reached"
    log = workdir / "runner.log"
    argv = [
        sys.executable, "-m", "harness.faults.statement_faults", "--scenario", str(scenario.root),
        "--layout", scenario.layout, "--target", target, "--fault", json.dumps(fault.as_json()),
        "--reached", str(reached),
    ]  # fmt: skip
    secrets = secret_forms(url.password or "") if isinstance(url.password, str) else ()
    with watching(server, database) as watch, log.open("wb") as output:
        child = ChildProcess(
            argv, output=output, env={_URL_VARIABLE: url.render_as_string(hide_password=False)},
            die_with_parent=signal.SIGKILL,
        )  # fmt: skip
        run.note(f"runner process {child.pid} started: upgrade to {target}, to stop {fault.boundary}")
        deadline = time.monotonic() + CHILD_DEADLINE_S
        try:
            while not reached.exists():
                if not child.running():
                    raise FaultError(
                        f"the runner process exited with code {child.returncode} before {fault.boundary}. Output:\n"
                        + masked_log(log, secrets, 3000)
                    )
                if time.monotonic() > deadline:
                    raise FaultError(f"the runner process did not reach {fault.boundary} in {CHILD_DEADLINE_S:g}s")
                time.sleep(0.02)
            session = int(reached.read_text(encoding="utf-8").split()[0])
            run.reached = True
            run.note(f"runner process stopped {fault.boundary} (server session {session})")
        finally:
            child.kill()
        run.note(f"runner process {child.pid} killed (SIGKILL)")
        watch.wait_idle()
        run.note("the server ended the killed runner's session")
    run.output = masked_log(log, secrets, 3000)
    for path in (reached, log):
        path.unlink(missing_ok=True)
    workdir.rmdir()


def _child(arguments: list[str]) -> int:
    """The runner process of a crash: the upgrade, stopped at the fault's point until it is killed."""
    from harness.runners import runner_for
    from harness.scenario import load_scenario

    parser = argparse.ArgumentParser(prog="python -m harness.faults.statement_faults")
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--layout", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--fault", required=True)
    parser.add_argument("--reached", required=True, type=Path)
    options = parser.parse_args(arguments)
    given = json.loads(options.fault)
    fault = Fault("crash", given["version"], int(given["statement"]), bool(given.get("after_last", False)))
    url = make_url(os.environ[_URL_VARIABLE])
    runner = runner_for(load_scenario(options.scenario, options.layout))
    if not isinstance(runner, StatementRunner):
        print(f"runner {runner.name!r} has no statement faults", file=sys.stderr)
        return 2
    dialect = dialect_of(url)

    def stop_here(cursor: Any, statement: str) -> None:
        cursor.execute(_OWN_SESSION_SQL[dialect])
        session = int(cursor.fetchone()[0])
        written = options.reached.with_suffix(".partial")
        written.write_text(f"{session}\n", encoding="utf-8")
        written.rename(options.reached)
        print(f"stopped {fault.boundary}: {statement}", flush=True)
        while True:
            time.sleep(3600)  # until the harness kills this process

    numbering = _Numbering(runner.records_unit, fault, stop_here)
    outcome = runner.upgrade_watched(url, options.target, numbering.attach, numbering.unit_started)
    print(outcome.error if not outcome.ok else "the upgrade finished without reaching the point", flush=True)
    return 1


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
