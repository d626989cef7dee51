"""The `command` runner: the system under test is someone else's program, run from command templates.

Configured by a scenario's `[runner_options]` (read in `command_options`).

For the fault checks it also runs as a process of its own on a rewritten copy of the migrations (`process_command`):
`{migrations}` then names the copy's directory for the dialect.

Placeholders: {url} {host} {port} {database} {user} {password} {target} {migrations} {dialect} {python}. Templates are
split like a shell command line (no shell runs them); `{{` and `}}` are literal braces. The password never appears
in a message: it is masked in echoed commands and in the program's output.
"""

from __future__ import annotations

import math
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from sqlalchemy import inspect
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from harness.child_process import ChildProcess, mask, masked_output, secret_forms
from harness.db import connect
from harness.dialects import Dialect, dialect_of
from harness.layouts.history import ForeignHistory, migration_view
from harness.runners.command_options import CommandOptions, parse_options
from harness.runners.records import first_incomplete_version, recorded_label, versions_crossed
from harness.runners.replay import missing_down_reason
from harness.runners.replay_tools import Run, StepFailed
from harness.runners.system_under_test import Attempt, RunnerCommand, RunOutcome, UnsupportedFault
from harness.runners.version_tables import Recorded
from harness.scenario import Scenario

__all__ = ["CommandOptions", "CommandRunner", "CommandRunnerError", "parse_options", "plain_url"]

DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306}
TAIL_LINES = 15
KILL_GRACE_SECONDS = 2.0


class CommandRunnerError(Exception):
    """The external program's state cannot be read (its status output names no version, its query fails)."""


@dataclass(frozen=True)
class Finished:
    """One invocation of the program, its output already decoded and masked."""

    shown: str
    returncode: int | None  # None: killed after the timeout
    output: str
    seconds: float

    def tail(self) -> str:
        lines = self.output.strip().splitlines()
        shown = "\n".join(lines[-TAIL_LINES:])
        return shown if shown else "(no output)"

    def failure(self, timeout: float) -> str | None:
        if self.returncode is None:
            return (
                f"`{self.shown}` did not finish within {timeout:g} s and was killed with its process group "
                f"(raise `timeout` in [runner_options] if it is only slow); last output:\n{self.tail()}"
            )
        if self.returncode < 0:
            number = -self.returncode
            name = signal.Signals(number).name if number in signal.valid_signals() else "an unknown signal"
            return f"`{self.shown}` crashed: killed by signal {name} ({number}); last output:\n{self.tail()}"
        if self.returncode > 0:
            hint = (
                f" (a shell reports death by signal {self.returncode - 128} this way)"
                if 128 < self.returncode < 160
                else ""
            )
            return f"`{self.shown}` exited with status {self.returncode}{hint}; last output:\n{self.tail()}"
        return None


class CommandRunner:
    name = "command"

    def __init__(self, options: CommandOptions, scenario: Scenario, history: ForeignHistory) -> None:
        self.options = options
        self.scenario = scenario
        self.history = history
        self.own_tables = options.own_tables
        self.recovers_on_start = options.recovers_on_start
        # the program's version table may keep a row per attempt (Flyway's), but most keep only the current version,
        # so the upgrade check does not hold a program to a complete history of attempts
        self.records_attempts = False

    @classmethod
    def from_options(cls, scenario: Scenario, overrides: Mapping[str, Any] | None = None) -> CommandRunner:
        """From the scenario's [runner_options], with `overrides` (e.g. from the command line) taking precedence."""
        raw = {**scenario.runner_options, **(overrides or {})}
        options = parse_options(raw, f"scenario {scenario.name!r} ({scenario.root})", scenario.root)
        return cls(options, scenario, migration_view(scenario.history))

    # -- the Runner protocol

    def install(self, url: URL, version: str) -> RunOutcome:
        """A fresh install is the upgrade from an empty database."""
        return self.upgrade(url, version)

    def upgrade(self, url: URL, target: str) -> RunOutcome:
        """Run the `upgrade` command; on an empty database the [baseline] (the host schema a plugin's history
        assumes) runs first, as it does before the replay's first migration."""
        problem = self._baseline_if_empty(url)
        if problem is not None:
            return RunOutcome(ok=False, seconds=0.0, error=problem)
        return self._move(url, target, self.options.upgrade)

    def rollback(self, url: URL, target: str) -> RunOutcome:
        if self.options.rollback is None:
            return RunOutcome(ok=False, seconds=0.0, error="no `rollback` command in [runner_options]")
        return self._move(url, target, self.options.rollback)

    def rollback_gap(self, dialect: Dialect, start: str, target: str) -> str | None:
        """Why a rollback from `target` to `start` cannot be tried: no `rollback` command, or missing down files."""
        if self.options.rollback is None:
            return "no `rollback` command in [runner_options]"
        return missing_down_reason(self.history, dialect, start, target)

    def current_version(self, url: URL) -> str | None:
        return recorded_label(self._history(url), self._recorded(url))

    # -- as a process of its own (the fault checks)

    def process_command(
        self, url: URL, target: str, migrations_dir: Path, lock_timeout_s: float | None = None
    ) -> RunnerCommand:
        """The `upgrade` command on a copy of the migrations; a lock timeout only travels in the URL."""
        if lock_timeout_s is not None:
            if not self.options.lock_timeout_url:
                raise UnsupportedFault(
                    "the program cannot be told to give up waiting for a lock. If it reads session settings from "
                    "its database URL (libpq's `options`; MySQL session variables as URL parameters, as Go's driver "
                    "does), set lock_timeout_url = true in [runner_options]"
                )
            url = with_lock_timeout(url, lock_timeout_s)
        values = self._values(url, target, migrations_dir)
        argv = tuple(part.format(**values) for part in shlex.split(self.options.upgrade))
        env = {name: value.format(**values) for name, value in self.options.env.items()}
        return RunnerCommand(argv, env, secret_forms(values["password"]), self.options.cwd or self.scenario.root)

    def recover(self, url: URL, target: str) -> RunOutcome | None:
        """The `recover` command, when the program's records mark a failure (dirty, failed) and one is configured."""
        if self.options.recover is None:
            return None
        try:
            if not self._recorded(url).state:
                return None
        except CommandRunnerError:
            return None
        return self._move(url, target, self.options.recover)

    def attempts(self, url: URL) -> list[Attempt]:
        if self.options.version_table is None:
            return []
        with connect(url) as connection:
            attempts = self.options.version_table.all_attempts(connection)
        history = self._history(url)
        return [Attempt(history.harness_version(a.version), a.operation, a.status) for a in attempts]

    def version_rows(self, url: URL) -> list[tuple[str, ...]]:
        if self.options.version_table is None:
            return [(str(self.current_version(url)),)]
        with connect(url) as connection:
            return self.options.version_table.all_rows(connection)

    # -- running the program

    def _move(self, url: URL, target: str, template: str) -> RunOutcome:
        try:
            values = self._values(url, target)
            before = self._recorded_or_none(url)
            finished = self._invoke(template, values)
        except CommandRunnerError as err:
            return RunOutcome(ok=False, seconds=0.0, error=str(err))
        problem = finished.failure(self.options.timeout)
        try:
            recorded = self._recorded(url)
        except CommandRunnerError as err:
            recorded, problem = Recorded(None), problem or str(err)
        history = self._history(url)
        after = recorded_label(history, recorded)
        if problem is None and after != target:
            problem = (
                f"`{finished.shown}` exited 0, but the runner's records say the database is at {after}, "
                f"not {target}; its output:\n{finished.tail()}"
            )
        applied = versions_crossed(history, before, recorded)
        if problem is None:
            return RunOutcome(ok=True, seconds=finished.seconds, applied=applied)
        return RunOutcome(
            ok=False,
            seconds=finished.seconds,
            applied=applied,
            error=problem + self._status_note(values),
            failed_version=first_incomplete_version(history, recorded),
        )

    def _values(self, url: URL, target: str, copy: Path | None = None) -> dict[str, str]:
        """Placeholder values; with `copy` (a copy of the migrations directory) `{migrations}` points into it."""
        dialect = dialect_of(url)
        if dialect not in self.history.directories:
            known = ", ".join(self.history.dialects)
            raise CommandRunnerError(f"the history has no {dialect} migrations (it has: {known})")
        history = self.history.for_dialect(dialect)
        directory = history.directories[dialect]
        if copy is not None:
            directory = copy / directory.relative_to(self.history.root)
        return {
            "url": plain_url(dialect, url),
            "host": url.host or "localhost",
            "port": str(url.port or DEFAULT_PORTS[dialect]),
            "database": url.database or "",
            "user": url.username or "",
            "password": url.password if isinstance(url.password, str) else "",
            "target": history.target_migration(target).version if target else "",
            "migrations": str(directory),
            "dialect": dialect,
            "python": sys.executable,
        }

    def _invoke(self, template: str, values: Mapping[str, str]) -> Finished:
        secrets = secret_forms(values["password"])
        argv = [part.format(**values) for part in shlex.split(template)]
        shown = mask(shlex.join(argv), secrets)
        env = {name: value.format(**values) for name, value in self.options.env.items()}
        started = time.perf_counter()
        try:
            child = ChildProcess(argv, output=subprocess.PIPE, env=env, cwd=self.options.cwd or self.scenario.root)
        except OSError as err:
            raise CommandRunnerError(f"`{shown}` could not be started: {err.strerror or err}") from err
        output, returncode = child.communicate(self.options.timeout, grace_s=KILL_GRACE_SECONDS)
        return Finished(shown, returncode, masked_output(output, secrets), time.perf_counter() - started)

    # -- reading where the runner records its version

    def _recorded(self, url: URL) -> Recorded:
        options = self.options
        if options.version_table is not None:
            with connect(url) as connection:
                return options.version_table.current(connection)
        if options.version_query is not None:
            try:
                with connect(url) as connection:
                    row = connection.exec_driver_sql(options.version_query).first()
            except DBAPIError as err:
                raise CommandRunnerError(f"version_query failed: {' '.join(str(err.orig).split())}") from err
            return Recorded(None if row is None or row[0] is None else str(row[0]))
        assert options.status is not None, "parse_options requires a version source"
        finished = self._invoke(options.status, self._values(url, ""))
        problem = finished.failure(options.timeout)
        if problem is not None:
            raise CommandRunnerError(f"status: {problem}")
        match = options.status_pattern.search(finished.output)
        if match is None:
            excerpt = finished.output.strip()[:200] or "(no output)"
            raise CommandRunnerError(
                f"`{finished.shown}` printed output that names no version: {excerpt!r}; set `status_pattern` (a "
                f"regex with a (?P<version>...) group) or `version_table` in [runner_options]"
            )
        state = match.groupdict().get("state") or ""
        version = match.group("version")
        return Recorded(None if version.lower() in ("none", "nil", "") else version, state)

    def _recorded_or_none(self, url: URL) -> Recorded:
        try:
            return self._recorded(url)
        except (CommandRunnerError, DBAPIError):
            return Recorded(None)  # before the first run there may be nothing to read yet

    def _history(self, url: URL) -> ForeignHistory:
        """The history as the database's dialect runs it (its own migrations, its own end of each release)."""
        return self.history.for_dialect(dialect_of(url))

    def _baseline_if_empty(self, url: URL) -> str | None:
        """Apply the baseline to a database with no tables yet; the failure's message, or None."""
        history = self._history(url)
        dialect = dialect_of(url)
        first = history.migrations[0] if history.migrations else None
        if first is None or dialect not in first.baseline:
            return None
        try:
            with connect(url, autocommit=True) as connection:
                if inspect(connection).get_table_names():
                    return None  # not a fresh database: the baseline ran when it was installed
                Run(connection, dialect).baseline(first)
        except StepFailed as err:
            return (
                f"the [baseline] {first.baseline[dialect].path.name} failed on {dialect} at statement "
                f"{err.step}, before the first `upgrade` command: {err.message}"
            )
        except DBAPIError as err:
            return f"the [baseline] could not be applied on {dialect}: {' '.join(str(err.orig).split())}"
        return None

    def _status_note(self, values: Mapping[str, str]) -> str:
        if self.options.status is None:
            return ""
        finished = self._invoke(self.options.status, {**values, "target": ""})
        return f"\nstatus afterwards (`{finished.shown}`):\n{finished.tail()}"


def plain_url(dialect: Dialect, url: URL) -> str:
    """`postgresql://user:password@host:port/db` (or `mysql://`), every part percent-encoded as URL readers expect."""
    password = url.password if isinstance(url.password, str) else ""
    userinfo = quote(url.username or "", safe="") + (f":{quote(password, safe='')}" if password else "")
    # %20 for a space: libpq reads no `+` as a space, Go reads both
    pairs = [(key, value) for key, values in url.normalized_query.items() for value in values]
    query = urlencode(pairs, quote_via=quote)
    host = f"{url.host or 'localhost'}:{url.port or DEFAULT_PORTS[dialect]}"
    return f"{dialect}://{userinfo}{'@' if userinfo else ''}{host}/{quote(url.database or '', safe='')}" + (
        f"?{query}" if query else ""
    )


def with_lock_timeout(url: URL, seconds: float) -> URL:
    """`url` asking the server to give up a lock wait after `seconds`, the way drivers read session settings from a
    URL: libpq's `options` on PostgreSQL; session variables as parameters on the MySQL family (Go's driver)."""
    if dialect_of(url) == "postgresql":
        return url.update_query_dict({"options": f"-c lock_timeout={math.ceil(seconds * 1000)}"})
    whole = str(max(1, math.ceil(seconds)))
    return url.update_query_dict({"lock_wait_timeout": whole, "innodb_lock_wait_timeout": whole})
