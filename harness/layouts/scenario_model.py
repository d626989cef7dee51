"""The Scenario: a loaded history (`harness.layouts.history`) with what its manifest adds: the runner, seed, semantics,
row strategies, workload and online settings.

It sits in the history room, below every loader: `harness.layouts` builds the scenarios of foreign histories and
`harness.scenario` those of migrator's layout, and both hand the same type to the rest of the harness (import it
from `harness.scenario`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Connection

from harness.dialects import DIALECTS, Dialect
from harness.layouts.history import History
from harness.layouts.scenario_error import ScenarioError

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

Rows = Mapping[str, Sequence[Mapping[str, object]]]
Invariant = Callable[[Rows, Rows], list[str]]


class SeedFunction(Protocol):
    def __call__(
        self, connection: Connection, *, version: str, dialect: Dialect, size: int = ..., batch: int = ...
    ) -> dict[str, int]: ...


@dataclass(frozen=True)
class ColumnInfo:
    """A column as information_schema.columns describes it: what a row strategy needs to fit it."""

    data_type: str  # lower case: bigint, int, integer, smallint, tinyint, varchar, character varying, text, ...
    nullable: bool
    max_length: int | None = None  # characters (bytes for MySQL's text types); None when unbounded
    unsigned: bool = False  # MySQL's `... unsigned`


class RowsFunction(Protocol):
    def __call__(
        self, table: str, columns: Mapping[str, ColumnInfo], *, batch: int = ..., max_rows: int = ...
    ) -> SearchStrategy[list[dict[str, object]]]: ...


@dataclass(frozen=True)
class RowStrategies:
    """The scenario's strategies module: `rows(table, columns, ...)` for each table in `tables`."""

    tables: tuple[str, ...]
    rows: RowsFunction


@dataclass(frozen=True)
class Scenario:
    """A product history the harness verifies. `history` is read once, when the scenario is loaded; `versions`,
    `layout` and `dialects` are the history's."""

    name: str
    root: Path
    description: str
    versions: tuple[str, ...]
    migrations_dir: Path
    runner: str
    history: History
    runner_options: Mapping[str, Any] = field(default_factory=dict)
    layout: str = "migrator"
    seed: SeedFunction | None = None
    changes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    invariants: Mapping[str, Invariant] = field(default_factory=dict)
    strategies: RowStrategies | None = None
    workload_path: Path | None = None
    online: Mapping[str, Any] = field(default_factory=dict)
    dialects: tuple[Dialect, ...] = DIALECTS

    @property
    def head(self) -> str:
        return self.versions[-1]

    def index(self, version: str) -> int:
        try:
            return self.versions.index(version)
        except ValueError:
            known = ", ".join(self.versions)
            raise ScenarioError(f"scenario {self.name!r} has no version {version!r}; known: {known}") from None

    def crossed(self, start: str, end: str) -> tuple[str, ...]:
        """Versions an upgrade from `start` to `end` applies (start excluded, end included)."""
        return self.versions[self.index(start) + 1 : self.index(end) + 1]

    def changed_on_purpose(self, start: str, end: str) -> frozenset[str]:
        """`table` and `table.column` entries the versions between start and end change by design."""
        return frozenset(entry for version in self.crossed(start, end) for entry in self.changes.get(version, ()))
