"""What the runner reports: structured results of each verb."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class AppliedVersion:
    """One row of `schema_migrations`."""

    version: str
    description: str
    checksum: str
    applied_at: datetime
    execution_ms: int
    installed_by: str
    status: str  # installed | applied | baselined


@dataclass(frozen=True)
class HistoryEntry:
    """One row of `schema_migrations_history`: an attempt, successful or not."""

    id: int
    version: str
    operation: str  # install | upgrade | rollback | recovery | baseline | repair
    status: str  # installed | applied | baselined | rolled back | failed | dirty | interrupted | running | repaired
    started_at: datetime
    finished_at: datetime | None
    execution_ms: int | None
    installed_by: str
    checksum: str | None
    step: int | None
    statement: str | None
    error: str | None
    detail: str | None


@dataclass(frozen=True)
class InFlight:
    """A version some runner started and did not finish (its journal is not empty)."""

    version: str
    operation: str  # install | upgrade | rollback
    steps_done: tuple[int, ...]
    uncertain_step: int | None  # a statement that may or may not have taken effect when the run stopped


@dataclass(frozen=True)
class Status:
    current: str | None
    head: str
    pending: tuple[str, ...]
    applied: tuple[AppliedVersion, ...]
    initialized: bool  # the runner's tables exist
    in_flight: InFlight | None
    problems: tuple[str, ...]  # what `upgrade` would refuse for, or must recover first

    @property
    def dirty(self) -> bool:
        return self.in_flight is not None


@dataclass(frozen=True)
class StatementTiming:
    version: str
    step: int  # 1-based step of the upgrade script, statement number of the install script, or undone step
    statement: str
    seconds: float


@dataclass(frozen=True)
class RunResult:
    applied: tuple[str, ...] = ()
    rolled_back: tuple[str, ...] = ()
    recovered: tuple[str, ...] = ()  # in-flight versions rolled back before the run did its own work
    statements: tuple[StatementTiming, ...] = field(default_factory=tuple)
    sql_seconds: float = 0.0  # time spent inside SQL, the runner's bookkeeping included
    wall_seconds: float = 0.0
