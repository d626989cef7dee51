"""A migrator build of the user's own as the system under test: a patched checkout, or the `migrator` of another
environment.

`[runner_options] migrator = "PATH"` in a scenario with `runner = "migrator"` (relative to the scenario directory):
a directory holding the `migrator` package (a checkout; it runs as `python -m migrator` with that directory first on
the import path) or an executable (run as it is). Every verb runs as that program, through its command line; the
version and the attempts are read from its tables (`schema_migrations`, `schema_migrations_history`, the format
docs/migrator.md documents), so nothing of the harness's own migrator takes part.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import inspect as sql_inspect
from sqlalchemy.engine import URL

from harness.db import connect
from harness.dialects import Dialect
from harness.layouts.scenario_error import ScenarioError
from harness.release_order import version_key
from harness.runners.migrator_runner import MIGRATOR_TABLES, migrator_arguments, read_version_rows, url_secrets
from harness.runners.system_under_test import Attempt, RunnerCommand, RunOutcome

OPTION = "migrator"
TIMEOUT_S = 600.0
TAIL_LINES = 15


@dataclass(frozen=True)
class MigratorBuild:
    """How to start the build: the program's arguments before the migrator's own, and environment additions."""

    argv: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)
    where: str = ""

    @classmethod
    def from_setting(cls, value: object, root: Path, manifest: str) -> MigratorBuild:
        """From `[runner_options] migrator`; ScenarioError (exit 2) saying what to set when it names no build."""
        if not isinstance(value, str) or not value.strip():
            raise ScenarioError(f"{manifest}: [runner_options] migrator must be a path (a checkout or an executable)")
        path = (root / value).resolve()
        if path.is_dir():
            if not (path / "migrator" / "__init__.py").is_file():
                raise ScenarioError(
                    f"{manifest}: [runner_options] migrator = {value!r}: {path} holds no migrator package "
                    f"(expected {path / 'migrator' / '__init__.py'}); name the checkout's root or an executable"
                )
            python_path = os.pathsep.join(part for part in (str(path), os.environ.get("PYTHONPATH", "")) if part)
            return cls((sys.executable, "-m", "migrator"), {"PYTHONPATH": python_path}, f"checkout {path}")
        if path.is_file() and os.access(path, os.X_OK):
            return cls((str(path),), {}, f"executable {path}")
        state = "is not executable" if path.is_file() else "does not exist"
        raise ScenarioError(
            f"{manifest}: [runner_options] migrator = {value!r}: {path} {state}; name a migrator checkout "
            "(the directory holding migrator/) or an executable"
        )


class MigratorBuildRunner:
    """The migrator's verbs run as the user's build; the records read from its tables."""

    name = "migrator"
    own_tables = MIGRATOR_TABLES
    recovers_on_start = True
    records_attempts = True  # the build writes schema_migrations_history as the migrator does

    def __init__(self, migrations_dir: Path, build: MigratorBuild) -> None:
        self.migrations_dir = migrations_dir
        self.build = build

    def _command(
        self, url: URL, migrations_dir: Path, *verb: str, lock_timeout_s: float | None = None
    ) -> RunnerCommand:
        argv = [*self.build.argv, *migrator_arguments(url, migrations_dir, lock_timeout_s)]
        return RunnerCommand((*argv, *verb), dict(self.build.env), url_secrets(url))

    def _invoke(self, url: URL, *verb: str) -> RunOutcome:
        command = self._command(url, self.migrations_dir, *verb)
        started = time.perf_counter()
        try:
            finished = subprocess.run(
                command.argv,
                env={**os.environ, **command.env},
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return RunOutcome(
                ok=False,
                seconds=time.perf_counter() - started,
                error=f"the migrator build ({self.build.where}) did not finish `{verb[0]}` within {TIMEOUT_S:g} s",
            )
        seconds = time.perf_counter() - started
        if finished.returncode == 0:
            return RunOutcome(ok=True, seconds=seconds)
        output = finished.stderr.strip() or finished.stdout.strip() or "(no output)"
        for secret in command.secrets:
            output = output.replace(secret, "***")
        tail = "\n".join(output.splitlines()[-TAIL_LINES:])
        return RunOutcome(
            ok=False,
            seconds=seconds,
            error=f"the migrator build ({self.build.where}) `{verb[0]}` exited with status "
            f"{finished.returncode}: {tail}",
        )

    def install(self, url: URL, version: str) -> RunOutcome:
        return self._invoke(url, "install", "--version", version)

    def upgrade(self, url: URL, target: str) -> RunOutcome:
        return self._invoke(url, "upgrade", "--to", target)

    def rollback(self, url: URL, target: str) -> RunOutcome:
        return self._invoke(url, "rollback", "--to", target)

    def rollback_gap(self, dialect: Dialect, start: str, target: str) -> str | None:
        return None

    def process_command(
        self, url: URL, target: str, migrations_dir: Path, lock_timeout_s: float | None = None
    ) -> RunnerCommand:
        return self._command(url, migrations_dir, "upgrade", "--to", target, lock_timeout_s=lock_timeout_s)

    def recover(self, url: URL, target: str) -> RunOutcome | None:
        return None

    def current_version(self, url: URL) -> str | None:
        with connect(url) as connection:
            if not sql_inspect(connection).has_table("schema_migrations"):
                return None
            versions = [str(v) for v in connection.exec_driver_sql("SELECT version FROM schema_migrations").scalars()]
        return max(versions, key=version_key) if versions else None

    def attempts(self, url: URL) -> list[Attempt]:
        with connect(url) as connection:
            if not sql_inspect(connection).has_table("schema_migrations_history"):
                return []
            rows = connection.exec_driver_sql(
                "SELECT version, operation, status FROM schema_migrations_history ORDER BY id"
            ).all()
        return [Attempt(str(version), str(operation), str(status)) for version, operation, status in rows]

    def version_rows(self, url: URL) -> list[tuple[str, ...]]:
        return read_version_rows(url)
