"""How far a database's schema is from a version's fresh install: the drift, item by item, and a distance.

Only what tells versions apart counts: tables, columns (type, nullability, default) and indexes by their columns.
Index and constraint names, table options and comments vary between customers' servers and are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from harness.inspect import Schema, Table

# Below this share of common columns the dump is not a database of the scenario's product at all.
SAME_PRODUCT_SIMILARITY = 0.5


@dataclass(frozen=True)
class DriftItem:
    kind: str  # extra table | missing table | extra column | missing column | changed column | extra index | ...
    table: str
    name: str = ""
    expected: str = ""
    actual: str = ""
    weight: int = 1

    def render(self) -> str:
        where = self.table if not self.name else f"{self.table}.{self.name}"
        if self.kind.startswith("changed"):
            return f"{self.kind} {where}: {self.expected} in the fresh install, {self.actual} here"
        detail = self.actual or self.expected
        return f"{self.kind} {where}" + (f" ({detail})" if detail else "")


@dataclass(frozen=True)
class Fingerprint:
    """The comparison of a database with one version's fresh install."""

    version: str
    drift: tuple[DriftItem, ...]
    similarity: float  # common (table, column) pairs / all pairs of both, 1.0 when identical

    @property
    def distance(self) -> int:
        return sum(item.weight for item in self.drift)

    @property
    def exact(self) -> bool:
        return not self.drift


def compare(version: str, expected: Schema, actual: Schema) -> Fingerprint:
    drift: list[DriftItem] = []
    for name in sorted(expected.tables.keys() - actual.tables.keys()):
        columns = expected.tables[name].columns
        drift.append(DriftItem("missing table", name, expected=f"{len(columns)} columns", weight=1 + len(columns)))
    for name in sorted(actual.tables.keys() - expected.tables.keys()):
        columns = actual.tables[name].columns
        drift.append(DriftItem("extra table", name, actual=f"{len(columns)} columns", weight=1 + len(columns)))
    for name in sorted(expected.tables.keys() & actual.tables.keys()):
        drift.extend(_column_drift(expected.tables[name], actual.tables[name]))
        drift.extend(_index_drift(expected.tables[name], actual.tables[name]))
    return Fingerprint(version, tuple(drift), _similarity(expected, actual))


def _describe_column(type_: str, nullable: bool, default: str | None) -> str:
    text = type_ + ("" if nullable else " NOT NULL")
    return text + (f" DEFAULT {default!r}" if default is not None else "")


def _column_drift(expected: Table, actual: Table) -> list[DriftItem]:
    drift: list[DriftItem] = []
    for name in sorted(expected.columns.keys() - actual.columns.keys()):
        column = expected.columns[name]
        drift.append(DriftItem("missing column", expected.name, name,
                               expected=_describe_column(column.type, column.nullable, column.default)))
    for name in sorted(actual.columns.keys() - expected.columns.keys()):
        column = actual.columns[name]
        drift.append(DriftItem("extra column", actual.name, name,
                               actual=_describe_column(column.type, column.nullable, column.default)))
    for name in sorted(expected.columns.keys() & actual.columns.keys()):
        want, have = expected.columns[name], actual.columns[name]
        if want.type != have.type:
            drift.append(DriftItem("changed type", expected.name, name, want.type, have.type))
        if want.nullable != have.nullable:
            drift.append(DriftItem("changed nullability", expected.name, name, _null(want.nullable),
                                   _null(have.nullable)))
        if want.default != have.default:
            drift.append(DriftItem("changed default", expected.name, name, f"default {want.default!r}",
                                   f"default {have.default!r}"))
    return drift


def _null(nullable: bool) -> str:
    return "NULL" if nullable else "NOT NULL"


def _index_keys(table: Table) -> Mapping[tuple[tuple[str, ...], bool], str]:
    """Indexes by (columns, unique); PostgreSQL quotes some column names in index definitions, MySQL never does."""
    return {
        (tuple(column.strip('"') for column in index.columns), index.unique): index.name
        for index in table.indexes.values()
    }


def _index_drift(expected: Table, actual: Table) -> list[DriftItem]:
    want, have = _index_keys(expected), _index_keys(actual)
    drift: list[DriftItem] = []
    for key in sorted(want.keys() - have.keys()):
        drift.append(DriftItem("missing index", expected.name, want[key], expected=_index_text(key)))
    for key in sorted(have.keys() - want.keys()):
        drift.append(DriftItem("extra index", expected.name, have[key], actual=_index_text(key)))
    return drift


def _index_text(key: tuple[tuple[str, ...], bool]) -> str:
    columns, unique = key
    return ("unique " if unique else "") + "(" + ", ".join(columns) + ")"


def _similarity(expected: Schema, actual: Schema) -> float:
    want = {(t, c) for t, table in expected.tables.items() for c in table.columns}
    have = {(t, c) for t, table in actual.tables.items() for c in table.columns}
    union = want | have
    return len(want & have) / len(union) if union else 1.0


def closest(fingerprints: list[Fingerprint]) -> Fingerprint:
    """The best match. On a tie (releases that change only data have the same schema) the earliest: upgrading from
    it runs the later releases' data changes, as the customer's upgrade did if the database was at the earliest."""
    return min(fingerprints, key=lambda f: f.distance)
