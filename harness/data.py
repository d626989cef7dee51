"""Data fingerprint and row-level diff, with the scenario's declared changes taken into account."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from harness.dialects import quote_identifier
from harness.inspect import Schema, Table, read_schema

if TYPE_CHECKING:
    from harness.volatile import VolatileColumns

Value = int | float | str | None
Row = Mapping[str, Value]


def normalize_value(value: object) -> Value:
    """One spelling per logical value, so MySQL and PostgreSQL rows compare equal when they mean the same."""
    if value is None or isinstance(value, str | float):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else str(value.normalize())
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class TableData:
    name: str
    key: tuple[str, ...]
    columns: tuple[str, ...]
    rows: Mapping[tuple[Value, ...], Row]
    # `rows` holds only part of the table (the rows a comparison by checksums could not prove equal); the table has
    # more, so it is not empty even when `rows` is.
    more_rows: bool = False

    @property
    def has_rows(self) -> bool:
        return bool(self.rows) or self.more_rows

    def as_list(self) -> list[Row]:
        return list(self.rows.values())


@dataclass(frozen=True)
class DataSnapshot:
    tables: Mapping[str, TableData]

    def as_rows(self) -> dict[str, list[Row]]:
        """table -> list of rows: the shape scenario invariants receive."""
        return {name: table.as_list() for name, table in self.tables.items()}


def read_data(connection: Connection, schema: Schema) -> DataSnapshot:
    """Every row of every table of `schema`, keyed by primary key (or by the whole row where a table has none)."""
    return DataSnapshot({name: read_table(connection, schema.tables[name]) for name in sorted(schema.tables)})


def read_product_schema(connection: Connection, runner_tables: frozenset[str]) -> Schema:
    """What the product's migrations made: the whole schema but the runner's bookkeeping tables, which every
    comparison leaves out (their rows are the runner's records, compared by the checks that ask for them)."""
    return read_schema(connection).without(runner_tables)


def read_product_state(connection: Connection, runner_tables: frozenset[str]) -> tuple[Schema, DataSnapshot]:
    """The product's schema and every row of its tables, the runner's bookkeeping tables left out."""
    schema = read_product_schema(connection, runner_tables)
    return schema, read_data(connection, schema)


def read_table(
    connection: Connection, table: Table, where: str = "", parameters: Mapping[str, object] | None = None
) -> TableData:
    """The rows of `table` (those matching the SQL condition `where`, when given), keyed as `read_data` keys them.

    A table without a key may hold the same row twice: each repeat is keyed by the row and its repeat number, so
    the keys depend on the row alone, not on which other rows were read with it.
    """
    columns = list(table.columns)
    key = table.primary_key or tuple(columns)
    order = ", ".join(quote_identifier(connection, column) for column in key)
    condition = f" WHERE {where}" if where else ""
    result = connection.execute(
        text(f"SELECT * FROM {quote_identifier(connection, table.name)}{condition} ORDER BY {order}"),
        dict(parameters or {}),
    )
    names = list(result.keys())
    positions = [names.index(column) for column in key]
    seen: Counter[tuple[Value, ...]] = Counter()
    rows: dict[tuple[Value, ...], Row] = {}
    for raw in result:
        row = {column: normalize_value(value) for column, value in zip(names, raw, strict=True)}
        identity = tuple(row[names[p]] for p in positions)
        seen[identity] += 1
        if seen[identity] > 1:
            identity = (*identity, seen[identity] - 1)
        rows[identity] = row
    return TableData(table.name, key, tuple(names), rows)


@dataclass(frozen=True)
class RowDifference:
    table: str
    key: tuple[Value, ...]
    column: str
    before: Value
    after: Value
    missing_row: bool = False

    def render(self) -> str:
        key = ", ".join(repr(part) for part in self.key)
        if self.missing_row:
            return f"{self.table} [{key}]: row missing after the upgrade"
        return f"{self.table} [{key}] {self.column}: before {self.before!r}, after {self.after!r}"

    def render_between(self, left: str, right: str) -> str:
        """The difference of two results that must be equal (from `snapshot_differences(left, right)`), naming
        which side holds which value: `users [3] name: mariadb@10.11: 'x', postgresql@15: 'y'`."""
        key = ", ".join(repr(part) for part in self.key)
        if not self.key:  # a whole table or column (see snapshot_differences for how each is recorded)
            if self.missing_row:
                return f"table {self.table}: has rows on {left}, absent on {right}"
            if self.column:
                return f"{self.table}.{self.column}: holds data on {left}, absent on {right}"
            return f"table {self.table}: present on {right}, absent on {left}"
        if self.missing_row:
            return f"{self.table} [{key}]: row only on {left}"
        if not self.column:
            return f"{self.table} [{key}]: row only on {right}"
        return f"{self.table} [{key}] {self.column}: {left}: {self.before!r}, {right}: {self.after!r}"


# The spellings normalize_value gives dates and times, so that a volatile value still says what kind it is.
_VALUE_KINDS = (
    ("timestamp", re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2})?$")),
    ("date", re.compile(r"^\d{4}-\d{2}-\d{2}$")),
    ("time", re.compile(r"^\d{2}:\d{2}:\d{2}(\.\d+)?$")),
)


def volatile_value(value: Value) -> Value:
    """What is compared of a volatile column's value: NULL stays NULL, anything else becomes its kind
    (`<volatile timestamp>`, `<volatile integer>`, ...), so NULL against a value and one kind against another are
    still differences while two moments in time are not."""
    if value is None:
        return None
    if isinstance(value, bool | int):
        kind = "integer"
    elif isinstance(value, float):
        kind = "number"
    else:
        kind = next((name for name, shape in _VALUE_KINDS if shape.match(value)), "text")
    return f"<volatile {kind}>"


def mask_volatile(snapshot: DataSnapshot, volatile: VolatileColumns | None) -> DataSnapshot:
    """`snapshot` with the values of volatile columns replaced by `volatile_value`. Rows keyed by a volatile
    column (a table without a primary key is keyed by all its columns) are keyed again by the masked values,
    equal keys numbered in order, so that the same rows written at another moment still pair up."""
    if not volatile:
        return snapshot
    tables: dict[str, TableData] = {}
    for name, table in snapshot.tables.items():
        masked_columns = set(volatile.columns_of(name, table.columns))
        if not masked_columns:
            tables[name] = table
            continue
        rekey = bool(masked_columns & set(table.key))
        seen: Counter[tuple[Value, ...]] = Counter()
        rows: dict[tuple[Value, ...], Row] = {}
        for identity, row in table.rows.items():
            masked = {
                column: volatile_value(value) if column in masked_columns else value for column, value in row.items()
            }
            if rekey:
                identity = tuple(masked.get(column) for column in table.key)
                seen[identity] += 1
                if seen[identity] > 1:
                    identity = (*identity, seen[identity] - 1)
            rows[identity] = masked
        tables[name] = replace(table, rows=rows)
    return DataSnapshot(tables)


def preserved_differences(
    before: DataSnapshot,
    after: DataSnapshot,
    changed_on_purpose: frozenset[str],
    volatile: VolatileColumns | None = None,
) -> list[RowDifference]:
    """Rows and values present before that are gone or altered after, apart from declared changes.

    A column dropped by the upgrade is only a difference if the scenario does not declare it; new columns and new
    rows are allowed (upgrades add them). Volatile columns are compared by `volatile_value`.
    """
    before, after = mask_volatile(before, volatile), mask_volatile(after, volatile)
    differences: list[RowDifference] = []
    for name, old in before.tables.items():
        if name in changed_on_purpose:
            continue
        new = after.tables.get(name)
        if new is None:
            if not old.has_rows:
                continue
            differences.append(RowDifference(name, (), "", "table with rows", "table dropped", True))
            continue
        dropped_columns = [
            column
            for column in old.columns
            if column not in new.columns and f"{name}.{column}" not in changed_on_purpose and old.has_rows
        ]
        for column in dropped_columns:
            differences.append(RowDifference(name, (), column, "column with data", "column dropped"))
        for identity, row in old.rows.items():
            current = new.rows.get(identity)
            if current is None:
                differences.append(RowDifference(name, identity, "", None, None, True))
                continue
            for column, value in row.items():
                if f"{name}.{column}" in changed_on_purpose or column not in current:
                    continue
                if current[column] != value:
                    differences.append(RowDifference(name, identity, column, value, current[column]))
    return differences


def snapshot_differences(
    left: DataSnapshot, right: DataSnapshot, volatile: VolatileColumns | None = None
) -> list[RowDifference]:
    """Exact equality, in both directions (used where two results must be identical); volatile columns are
    compared by `volatile_value` (presence, NULL-ness and kind)."""
    left, right = mask_volatile(left, volatile), mask_volatile(right, volatile)
    forward = preserved_differences(left, right, frozenset())
    backward = preserved_differences(right, left, frozenset())
    extra_tables = [
        RowDifference(name, (), "", "absent", "table present") for name in right.tables.keys() - left.tables.keys()
    ]
    extra_rows = [
        RowDifference(d.table, d.key, d.column, "absent", "row present", False) for d in backward if d.missing_row
    ]
    return [*forward, *extra_tables, *extra_rows]


def render_rows(differences: Sequence[RowDifference], limit: int = 20, *, sides: tuple[str, str] | None = None) -> str:
    """One line per difference; with `sides` (the two results' names) each line says which holds which value."""
    lines = [
        difference.render() if sides is None else difference.render_between(*sides)
        for difference in differences[:limit]
    ]
    if len(differences) > limit:
        lines.append(f"... and {len(differences) - limit} more row differences")
    return "\n".join(lines)
