"""What the harness needs from a system under test, whoever wrote it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from sqlalchemy.engine import URL


@dataclass(frozen=True)
class StatementTime:
    version: str
    step: int
    statement: str
    seconds: float


@dataclass(frozen=True)
class RunOutcome:
    """One invocation of the runner: did it succeed, how long it spent, what it says went wrong."""

    ok: bool
    seconds: float
    applied: tuple[str, ...] = ()
    error: str = ""
    failed_version: str | None = None
    failed_statement: str | None = None
    statements: tuple[StatementTime, ...] = field(default_factory=tuple)


# How runners spell the end of an attempt in their own history (compared lower-case).
SUCCESS_STATUSES = frozenset({"applied", "succeeded", "success", "installed"})
UNFINISHED_STATUSES = frozenset({"running", "in progress", "pending", "started"})


@dataclass(frozen=True)
class Attempt:
    """One row of the runner's own history: which version, what it tried, how it ended."""

    version: str
    operation: str
    status: str

    @property
    def succeeded(self) -> bool:
        return self.status.lower() in SUCCESS_STATUSES

    @property
    def failed(self) -> bool:
        """Ended, and not in success (a row still running is neither)."""
        return self.status.lower() not in SUCCESS_STATUSES | UNFINISHED_STATUSES


class Runner(Protocol):
    """The system under test. `own_tables` are its bookkeeping tables, left out of schema and data comparisons.

    `records_attempts`: the runner keeps a row for every attempt (the migrator's schema_migrations_history), so an
    upgrade that left no successful attempt for a version it applied is a defect; runners that keep only the current
    version (the replayed tools, most external programs) are not held to it.
    """

    name: str
    own_tables: frozenset[str]
    records_attempts: bool

    def install(self, url: URL, version: str) -> RunOutcome:
        """Fresh install of `version` on an empty database."""
        ...

    def upgrade(self, url: URL, target: str) -> RunOutcome:
        """Upgrade whatever version the database is at to `target`."""
        ...

    def current_version(self, url: URL) -> str | None:
        """The version the runner's own records say the database is at."""
        ...

    def attempts(self, url: URL) -> list[Attempt]:
        """The runner's history of attempts, oldest first (empty when it keeps none)."""
        ...

    def version_rows(self, url: URL) -> list[tuple[str, ...]]:
        """The runner's version table as comparable tuples (without timings), to compare before/after."""
        ...


@dataclass(frozen=True)
class RunnerCommand:
    """How to start the runner as a process of its own: arguments, environment additions, texts to mask in output,
    and the directory to start it in (None: the harness's own)."""

    argv: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()
    cwd: Path | None = None


class UnsupportedFault(Exception):
    """The runner cannot be started the way a fault needs (e.g. with a lock timeout); the message says why and how
    to enable it. The fault's case is skipped with that message."""


@runtime_checkable
class ProcessRunner(Runner, Protocol):
    """A runner that can also run as a separate process: needed to kill it, race it, or point it at other scripts.

    `recovers_on_start`: the runner documents that its next start finishes an interrupted version's rollback.
    """

    recovers_on_start: bool

    def process_command(
        self, url: URL, target: str, migrations_dir: Path, lock_timeout_s: float | None = None
    ) -> RunnerCommand:
        """`upgrade to target` on `migrations_dir` (a copy of the scenario's migrations directory); with
        `lock_timeout_s`, wait that long for a lock, never retry (UnsupportedFault when the runner cannot)."""
        ...

    def recover(self, url: URL, target: str) -> RunOutcome | None:
        """The repair the runner documents for an operator after a failed upgrade (golang-migrate's `force`, Flyway's
        `repair`), bringing its records back to `target`. None when its records show no failure to repair, or when
        it documents no such step (an automatic recovery belongs to `recovers_on_start`)."""
        ...
