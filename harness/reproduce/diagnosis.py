"""The offending rows found for a failing statement, and how they are shown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from harness.data import Value
from harness.reproduce.problem import Problem

SHOWN_ROWS = 20


@dataclass(frozen=True)
class OffendingRow:
    """One row that blocks the statement: where it is (table, primary key), the values that matter, and why."""

    table: str
    key: Mapping[str, Value]
    values: Mapping[str, Value]
    reason: str

    def render(self) -> str:
        key = " ".join(f"{name}={value!r}" for name, value in self.key.items())
        values = " ".join(f"{name}={_short(value)}" for name, value in self.values.items() if name not in self.key)
        return f"{self.table} {key}{' ' + values if values else ''}: {self.reason}"


@dataclass(frozen=True)
class Diagnosis:
    """What the failing statement trips over; `rows` may be a sample of `total` offending rows."""

    problem: Problem | None
    headline: str
    rows: tuple[OffendingRow, ...] = ()
    total: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    def keep(self) -> dict[str, set[tuple[Value, ...]]]:
        """Primary keys of the offending rows, per table: the rows a reproduction cannot do without."""
        kept: dict[str, set[tuple[Value, ...]]] = {}
        for row in self.rows:
            kept.setdefault(row.table, set()).add(tuple(row.key.values()))
        return kept

    def render(self) -> str:
        lines = [self.headline]
        lines += [f"  {row.render()}" for row in self.rows[:SHOWN_ROWS]]
        if self.total > min(len(self.rows), SHOWN_ROWS):
            lines.append(f"  ... {self.total - min(len(self.rows), SHOWN_ROWS)} more offending rows")
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def _short(value: Value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"
