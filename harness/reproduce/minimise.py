"""The smallest subset of the dump's rows that still makes the upgrade fail the same way.

Every candidate subset is checked for real: a copy of the prepared database is cut down to it and upgraded to the
failing version; it counts only if that version fails at the same statement. First the offending rows alone are
tried (one group, then all of them); when the failure needs more, tables and then rows are removed by delta
debugging (halves, then smaller chunks), within a budget of upgrade runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from harness.data import Value
from harness.db import connect
from harness.engines.server_api import Server
from harness.inspect import Schema
from harness.reproduce.diagnosis import Diagnosis, OffendingRow
from harness.reproduce.row_subset import (
    Keys,
    Selection,
    apply_selection,
    primary_keys,
    with_referenced_rows,
)
from harness.reproduce.sqltext import flatten
from harness.runners.system_under_test import Runner, RunOutcome

DEFAULT_BUDGET = 40
T = TypeVar("T")


@dataclass(frozen=True)
class FailureSignature:
    """What makes two failures the same: the version and the statement (the error text names values that vary)."""

    version: str
    statement: str

    def matches(self, outcome: RunOutcome) -> bool:
        return (not outcome.ok and outcome.failed_version == self.version
                and flatten(outcome.failed_statement or "") == flatten(self.statement))


@dataclass(frozen=True)
class Minimised:
    selection: Selection
    runs: int
    verified: bool  # False: no subset reproduced within the budget, so every row is kept
    method: str


class Minimiser:
    def __init__(
        self, server: Server, runner: Runner, template: str, schema: Schema, counts: dict[str, int],
        failure: FailureSignature, budget: int = DEFAULT_BUDGET,
    ) -> None:
        self.server = server
        self.runner = runner
        self.template = template
        self.schema = schema
        self.counts = counts
        self.failure = failure
        self.budget = budget
        self.runs = 0

    def materialise(self, selection: Selection) -> str:
        """A new copy of the template holding only `selection`'s rows; the caller drops it."""
        database = self.server.clone_database(self.template)
        try:
            with connect(self.server.url(database)) as connection:
                apply_selection(connection, self.schema, selection, self.counts)
        except BaseException:
            self.server.drop_database(database)
            raise
        return database

    def reproduces(self, selection: Selection) -> bool:
        self.runs += 1
        database = self.materialise(selection)
        try:
            outcome = self.runner.upgrade(self.server.url(database), self.failure.version)
        finally:
            self.server.drop_database(database)
        return self.failure.matches(outcome)

    def close(self, selection: Selection) -> Selection:
        with connect(self.server.url(self.template)) as connection:
            return with_referenced_rows(connection, self.schema, selection)

    def minimise(self, diagnosis: Diagnosis | None) -> Minimised:
        for method, candidate in self._offending_candidates(diagnosis):
            closed = self.close(candidate)
            if self.reproduces(closed):
                return Minimised(closed, self.runs, True, method)
        populated = [table for table in sorted(self.schema.tables) if self.counts.get(table)]
        everything = Selection(dict.fromkeys(populated))
        if not self.reproduces(everything):
            return Minimised(everything, self.runs, False, "every row kept: the failure did not reproduce on a copy")
        tables = self._ddmin(populated, lambda kept: self.reproduces(self.close(Selection(dict.fromkeys(kept)))))
        selection = self.close(Selection(dict.fromkeys(tables)))
        for table in tables:
            selection = self._minimise_rows(selection, table)
        return Minimised(selection, self.runs, True, "delta debugging over tables and rows")

    def _offending_candidates(self, diagnosis: Diagnosis | None) -> list[tuple[str, Selection]]:
        if diagnosis is None or not diagnosis.rows:
            return []
        usable = [row for row in diagnosis.rows
                  if row.table in self.schema.tables and row.key
                  and tuple(row.key) == self.schema.tables[row.table].primary_key]
        if not usable:
            return []
        first = usable[0]
        group = [row for row in usable if row.table == first.table and row.values == first.values and
                 row.reason == first.reason]
        if len(group) == 1 and "duplicate" in first.reason:
            group = [row for row in usable if row.reason == first.reason][:2]
        candidates = [("the first offending rows", self._keys(group))]
        if len(usable) > len(group):
            candidates.append(("all offending rows found", self._keys(usable)))
        return candidates

    @staticmethod
    def _keys(rows: Sequence[OffendingRow]) -> Selection:
        tables: dict[str, set[tuple[Value, ...]]] = {}
        for row in rows:
            tables.setdefault(row.table, set()).add(tuple(row.key.values()))
        return Selection({table: frozenset(keys) for table, keys in tables.items()})

    def _minimise_rows(self, selection: Selection, table: str) -> Selection:
        if selection.tables.get(table, frozenset()) is not None or len(self.schema.tables[table].primary_key) == 0:
            return selection
        with connect(self.server.url(self.template)) as connection:
            keys = primary_keys(connection, self.schema, table)

        def test(kept: list[tuple[Value, ...]]) -> bool:
            candidate = Selection({**selection.tables, table: frozenset(kept)})
            return self.reproduces(self.close(candidate))

        kept_keys: Keys = frozenset(self._ddmin(keys, test))
        return self.close(Selection({**selection.tables, table: kept_keys}))

    def _ddmin(self, items: list[T], test: Callable[[list[T]], bool]) -> list[T]:
        """Zeller's ddmin, cut short when the budget of upgrade runs is spent (the best subset so far is kept)."""
        current = list(items)
        chunks = 2
        while len(current) >= 2 and self.runs < self.budget:
            size = max(1, len(current) // chunks)
            parts = [current[i : i + size] for i in range(0, len(current), size)]
            reduced = False
            for part in parts:
                if self.runs >= self.budget:
                    break
                complement = [item for item in current if item not in part]
                if len(part) < len(current) and test(part):
                    current, chunks, reduced = part, 2, True
                    break
                if complement and len(parts) > 2 and test(complement):
                    current, chunks, reduced = complement, max(chunks - 1, 2), True
                    break
            if not reduced:
                if chunks >= len(current):
                    break
                chunks = min(len(current), chunks * 2)
        return current
