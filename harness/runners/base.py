"""What the harness needs from a system under test, whoever wrote it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

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


@dataclass(frozen=True)
class Attempt:
    """One row of the runner's own history: which version, what it tried, how it ended."""

    version: str
    operation: str
    status: str


class Runner(Protocol):
    """The system under test. `own_tables` are its bookkeeping tables, left out of schema and data comparisons."""

    name: str
    own_tables: frozenset[str]

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
