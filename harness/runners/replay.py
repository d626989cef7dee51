"""The default system under test for a foreign layout: its files applied the way the layout's own tool applies them.

The harness then verifies the history itself (does every path end in the fresh-install schema, do the down files
undo the up files) with the tool's transaction and bookkeeping behaviour (`harness.runners.replay_tools`). To verify the
tool itself, or a product's own runner, configure a `command` runner instead. For the fault checks the replay also
runs as a process of its own (`python -m harness.runners.replay_process`) on a rewritten copy of the files.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

import harness
from harness.db import connect
from harness.dialects import TRAITS, Dialect, dialect_of
from harness.layouts import HasHistory
from harness.layouts.history import ForeignHistory
from harness.layouts.scenario_error import ScenarioError
from harness.runners.replay_tools import TOOLS, Run, StepFailed, driver_message
from harness.runners.system_under_test import Attempt, RunnerCommand, RunOutcome, StatementTime
from harness.runners.version_tables import Recorded


def missing_down_reason(history: ForeignHistory, dialect: Dialect, start: str, target: str) -> str | None:
    history = history.for_dialect(dialect)
    try:
        missing = history.missing_down(dialect, history.last_position(start), history.last_position(target))
    except KeyError as err:
        return str(err.args[0])
    return f"no down migration on {dialect} for {', '.join(missing)}" if missing else None


class _Refused(Exception):
    """The run cannot start: the message says why (dirty database, unknown version, target behind the database)."""


class ReplayRunner:
    recovers_on_start = False  # none of the replayed tools finishes an interrupted migration by itself
    records_attempts = False  # the tools' tables hold the current version (Flyway's also the failed attempt)

    def __init__(self, scenario: HasHistory, lock_timeout_s: float | None = None) -> None:
        """The replay of a scenario's (or any carrier's) loaded history."""
        history = scenario.history
        if not isinstance(history, ForeignHistory) or history.layout not in TOOLS:
            raise ScenarioError(
                f"{history.root}: the replay runner reads foreign layouts ({', '.join(TOOLS)}), not {history.layout!r}"
            )
        self.history: ForeignHistory = history
        # each dialect's own view: its migrations, and the releases ending at its own last migration of each
        self.histories = {dialect: self.history.for_dialect(dialect) for dialect in self.history.dialects}
        self.layout = history.layout
        self.tool = TOOLS[history.layout]
        self.name = f"replay:{self.tool.name}"
        self.own_tables = self.tool.table.own_tables
        self.lock_timeout_s = lock_timeout_s

    def install(self, url: URL, version: str) -> RunOutcome:
        """A fresh install is the upgrade from an empty database."""
        return self.upgrade(url, version)

    def upgrade(self, url: URL, target: str) -> RunOutcome:
        return self._session(url, target, self._up)

    def rollback(self, url: URL, target: str) -> RunOutcome:
        """Apply the down files of every migration after `target`, newest first."""
        return self._session(url, target, self._down)

    def rollback_gap(self, dialect: Dialect, start: str, target: str) -> str | None:
        """Why a rollback from `target` to `start` cannot be tried: migrations without a down file."""
        return missing_down_reason(self.history, dialect, start, target)

    def current_version(self, url: URL) -> str | None:
        with connect(url) as connection:
            recorded = self.tool.table.current(connection)
        return self.label(recorded, dialect_of(url))

    def label(self, recorded: Recorded, dialect: Dialect) -> str | None:
        """The harness version a recorded migration of `dialect` stands for, with the tool's dirty/failed mark when
        it has one."""
        if recorded.version is None:
            return None
        history = self._history(dialect)
        position = history.find(recorded.version)
        if position is None:
            return recorded.label
        version = history.version_at(position)
        return f"{version} ({recorded.state})" if recorded.state else version

    def _history(self, dialect: Dialect) -> ForeignHistory:
        known = self.histories.get(dialect)
        return known if known is not None else self.history.for_dialect(dialect)

    def process_command(
        self, url: URL, target: str, migrations_dir: Path, lock_timeout_s: float | None = None
    ) -> RunnerCommand:
        """This replay as a process of its own, on `migrations_dir` (a copy of the history's directory)."""
        argv = [
            sys.executable,
            "-m",
            "harness.runners.replay_process",
            "--layout",
            self.layout,
            "--migrations",
            str(migrations_dir),
            "--url",
            url.render_as_string(hide_password=False),
            "--to",
            target,
        ]
        if lock_timeout_s is not None:
            argv += ["--lock-timeout", f"{lock_timeout_s:g}"]
        root = str(Path(harness.__file__).resolve().parent.parent)
        path = os.pathsep.join(part for part in (root, os.environ.get("PYTHONPATH", "")) if part)
        password = url.password if isinstance(url.password, str) and url.password else None
        return RunnerCommand(tuple(argv), {"PYTHONPATH": path}, (password,) if password else ())

    def recover(self, url: URL, target: str) -> RunOutcome | None:
        """The tool's documented repair (golang-migrate `force`, Flyway `repair`) when its records mark a failure."""
        started = time.perf_counter()
        dialect = dialect_of(url)
        with connect(url, autocommit=True) as connection:
            if not self.tool.table.current(connection).state:
                return None
            if not self.tool.repair(Run(connection, dialect), self._history(dialect).target_migration(target)):
                return None
        return RunOutcome(ok=True, seconds=time.perf_counter() - started)

    def attempts(self, url: URL) -> list[Attempt]:
        with connect(url) as connection:
            attempts = self.tool.table.all_attempts(connection)
        history = self._history(dialect_of(url))
        return [Attempt(history.harness_version(a.version), a.operation, a.status) for a in attempts]

    def version_rows(self, url: URL) -> list[tuple[str, ...]]:
        with connect(url) as connection:
            return self.tool.table.all_rows(connection)

    def _session(
        self, url: URL, target: str, walk: Callable[[ForeignHistory, Run, int, int, _Outcome], None]
    ) -> RunOutcome:
        outcome = _Outcome(time.perf_counter())
        dialect = dialect_of(url)
        history = self._history(dialect)
        try:
            with connect(url, autocommit=True) as connection:
                run = Run(connection, dialect)
                if self.lock_timeout_s is not None:
                    for statement in TRAITS[dialect].lock_timeout_sql(self.lock_timeout_s):
                        run.sql(statement)
                self.tool.prepare(run)
                recorded = self.tool.table.current(connection)
                refusal = self.tool.refusal(recorded)
                if refusal is not None:
                    raise _Refused(refusal)
                walk(history, run, _position(history, recorded), _target(history, target), outcome)
        except _Refused as err:
            return outcome.failed(str(err))
        except DBAPIError as err:
            return outcome.failed(f"{type(err.orig).__name__ if err.orig else 'database error'}: {driver_message(err)}")
        return outcome.done()

    def _up(self, history: ForeignHistory, run: Run, position: int, target: int, outcome: _Outcome) -> None:
        if target < position:
            raise _Refused(
                f"the database is at {history.version_at(position)}, past the target "
                f"{history.version_at(target)}; an upgrade does not go down"
            )
        for index in range(position + 1, target + 1):
            self._step(history, run, index, outcome, up=True)

    def _down(self, history: ForeignHistory, run: Run, position: int, target: int, outcome: _Outcome) -> None:
        if target > position:
            raise _Refused(f"the database is at {history.version_at(position)}, before the rollback target")
        missing = history.missing_down(run.dialect, target, position)
        if missing:
            raise _Refused(f"no down migration on {run.dialect} for: {', '.join(missing)}")
        for index in range(position, target, -1):
            self._step(history, run, index, outcome, up=False)

    def _step(self, history: ForeignHistory, run: Run, index: int, outcome: _Outcome, up: bool) -> None:
        migration = history.migrations[index]
        version = history.version_containing(index)
        run.timings.clear()
        try:
            if up:
                self.tool.up(run, migration)
            else:
                self.tool.down(run, migration, history.migrations[index - 1] if index > 0 else None)
        except StepFailed as err:
            outcome.add_timings(version, run.timings)
            outcome.failure = (
                version,
                err.statement,
                f"migration {migration.label} failed on {run.dialect} at statement {err.step}"
                f"{_of_file(history, err.path)}: {err.message}",
            )
            raise _Refused(outcome.failure[2]) from err
        outcome.add_timings(version, run.timings)
        if history.version_at(index) in history.versions:
            outcome.applied.append(history.version_at(index))


def _of_file(history: ForeignHistory, path: Path | None) -> str:
    """` of postgres/4_create_rollouts.up.sql`: the dialect's own file, named as it is in the history's directory."""
    if path is None:
        return ""
    return f" of {path.relative_to(history.root) if path.is_relative_to(history.root) else path.name}"


def _position(history: ForeignHistory, recorded: Recorded) -> int:
    if recorded.version is None or recorded.version == "-1":
        return -1
    position = history.find(recorded.version)
    if position is None:
        raise _Refused(f"the database records version {recorded.version}, which this history does not have")
    return position


def _target(history: ForeignHistory, target: str) -> int:
    try:
        return history.last_position(target)
    except KeyError as err:
        raise _Refused(str(err.args[0])) from err


class _Outcome:
    """What a run did so far, turned into a RunOutcome at the end."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.applied: list[str] = []
        self.statements: list[StatementTime] = []
        self.failure: tuple[str, str, str] | None = None

    def add_timings(self, version: str, timings: list[tuple[int, str, float]]) -> None:
        self.statements.extend(StatementTime(version, step, sql, seconds) for step, sql, seconds in timings)

    def failed(self, message: str) -> RunOutcome:
        version, statement = (self.failure[0], self.failure[1]) if self.failure else (None, None)
        return RunOutcome(
            ok=False,
            seconds=time.perf_counter() - self.started,
            applied=tuple(self.applied),
            error=message,
            failed_version=version,
            failed_statement=statement,
            statements=tuple(self.statements),
        )

    def done(self) -> RunOutcome:
        return RunOutcome(
            ok=True,
            seconds=time.perf_counter() - self.started,
            applied=tuple(self.applied),
            statements=tuple(self.statements),
        )
