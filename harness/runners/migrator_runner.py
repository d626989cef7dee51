"""The default system under test: this project's own `migrator`, called in-process through its Python API."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

import migrator
from harness.child_process import secret_forms
from harness.dialects import Dialect
from harness.layouts.history import MigratorHistory
from harness.runners.system_under_test import Attempt, RunnerCommand, RunOutcome, StatementTime
from migrator import MigrationFailed, Migrator, MigratorError, load_source

MIGRATOR_TABLES = frozenset({"schema_migrations", "schema_migrations_history", "schema_migrations_journal"})


class MigratorRunner:
    name = "migrator"
    own_tables = MIGRATOR_TABLES
    recovers_on_start = True  # an interrupted version is rolled back first by the next run (docs/migrator.md)
    records_attempts = True  # schema_migrations_history holds every attempt

    def __init__(self, history: MigratorHistory | Path) -> None:
        """From the scenario's loaded history; a directory (an adapter built outside a scenario) is loaded here."""
        self.source = history.source if isinstance(history, MigratorHistory) else load_source(history)

    def _migrator(self, url: URL) -> Migrator:
        return Migrator(url, self.source, installed_by="upgrade-harness")

    def install(self, url: URL, version: str) -> RunOutcome:
        return self._run(lambda: self._migrator(url).install(version))

    def upgrade(self, url: URL, target: str) -> RunOutcome:
        return self._run(lambda: self._migrator(url).upgrade(to=target))

    def rollback(self, url: URL, target: str) -> RunOutcome:
        """`migrator rollback --to target`: the undo statements of every version after `target`, newest first."""
        return self._run(lambda: self._migrator(url).rollback(to=target))

    def rollback_gap(self, dialect: Dialect, start: str, target: str) -> str | None:
        """None: the loader refuses a history with a step that has no undo, so every path can be rolled back."""
        return None

    def _run(self, action: Callable[[], Any]) -> RunOutcome:
        started = time.perf_counter()
        try:
            result = action()
        except MigrationFailed as err:
            return RunOutcome(
                ok=False,
                seconds=time.perf_counter() - started,
                error=str(err),
                failed_version=err.version,
                failed_statement=err.statement,
            )
        except MigratorError as err:
            return RunOutcome(ok=False, seconds=time.perf_counter() - started, error=f"{type(err).__name__}: {err}")
        return RunOutcome(
            ok=True,
            seconds=time.perf_counter() - started,
            applied=tuple(result.applied),
            statements=tuple(StatementTime(s.version, s.step, s.statement, s.seconds) for s in result.statements),
        )

    def process_command(
        self, url: URL, target: str, migrations_dir: Path, lock_timeout_s: float | None = None
    ) -> RunnerCommand:
        argv = [sys.executable, "-m", "migrator", *migrator_arguments(url, migrations_dir, lock_timeout_s)]
        root = str(Path(migrator.__file__).resolve().parent.parent)
        path = os.pathsep.join(part for part in (root, os.environ.get("PYTHONPATH", "")) if part)
        return RunnerCommand((*argv, "upgrade", "--to", target), {"PYTHONPATH": path}, url_secrets(url))

    def upgrades_in_process(self) -> bool:
        """Whether `upgrade_in_process` does what `process_command` starts. Not for an adapter derived from this one
        that starts another program (a patched build): that program is the system under test, so it runs as such."""
        return type(self).process_command is MigratorRunner.process_command

    def upgrade_in_process(
        self, url: URL, target: str, migrations_dir: Path, lock_timeout_s: float | None = None
    ) -> tuple[int, str]:
        """What `process_command(...)` would do, run in this process: the exit code the command line would give and
        a line of what it would print. The same `Migrator` verb on the same (rewritten) directory, with the same
        options, without the interpreter start and imports a process pays; for faults that need no process death."""
        options: dict[str, Any] = {} if lock_timeout_s is None else {"lock_timeout_s": lock_timeout_s, "retries": 0}
        try:
            result = Migrator(url, migrations_dir, installed_by="upgrade-harness", **options).upgrade(to=target)
        except MigratorError as err:
            return err.exit_code, f"migrator: {err}"
        except Exception as err:  # what the command line would end with: a traceback and exit code 1
            return 1, f"{type(err).__name__}: {err}"
        recovered = f"recovered {', '.join(result.recovered)}; " if result.recovered else ""
        return 0, f"{recovered}applied {', '.join(result.applied) or 'nothing'}"

    def recover(self, url: URL, target: str) -> RunOutcome | None:
        """None: the migrator needs no operator step, its next start recovers an interrupted version itself."""
        return None

    def current_version(self, url: URL) -> str | None:
        return self._migrator(url).status().current

    def attempts(self, url: URL) -> list[Attempt]:
        return [Attempt(entry.version, entry.operation, entry.status) for entry in self._migrator(url).history()]

    def version_rows(self, url: URL) -> list[tuple[str, ...]]:
        return read_version_rows(url)


def read_version_rows(url: URL) -> list[tuple[str, ...]]:
    """schema_migrations as comparable tuples (without timings)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT version, description, checksum, status FROM schema_migrations ORDER BY version")
            )
            return [tuple(str(value) for value in row) for row in rows]
    finally:
        engine.dispose()


def migrator_arguments(url: URL, migrations_dir: Path, lock_timeout_s: float | None = None) -> list[str]:
    """The migrator command line's options (before the verb) for `url` and `migrations_dir`, as every migrator
    process the harness starts gets them: ours, or a user's own build."""
    arguments = [
        "--url",
        url.render_as_string(hide_password=False),
        "--migrations",
        str(migrations_dir),
        "--installed-by",
        "upgrade-harness",
    ]
    if lock_timeout_s is not None:
        arguments += ["--lock-timeout", f"{lock_timeout_s:g}", "--retries", "0"]
    return arguments


def url_secrets(url: URL) -> tuple[str, ...]:
    """What a process's output must not show: the URL's password, in every form a URL or a log may spell it."""
    return secret_forms(url.password) if isinstance(url.password, str) else ()
