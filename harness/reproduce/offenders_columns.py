"""Rows that block a column change: NULLs under a new NOT NULL, values longer than a narrowed type, and values the
type conversion rejects.

The last kind is found by trying the conversion itself: the column's distinct values are inserted, a range at a time
(bisecting ranges that fail), into a temporary column of the new type, inside a savepoint that is rolled back. The
server's own conversion rules decide, exactly as they did during the upgrade.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from harness.data import Value
from harness.dialects import Dialect, dialect_of
from harness.inspect import Schema
from harness.reproduce.diagnosis import SHOWN_ROWS, Diagnosis, OffendingRow
from harness.reproduce.problem import ColumnChange
from harness.reproduce.querying import column_list_sql, driver_message, fetch, fragment, primary_key, quote

_LENGTH = re.compile(r"^\s*(?:national\s+)?(?:var)?char(?:acter)?(?:\s+varying)?\s*\(\s*(\d+)\s*\)", re.IGNORECASE)
_AUTO_INCREMENT = re.compile(r"\bAUTO_INCREMENT\b", re.IGNORECASE)
PROBE_TABLE = "uh_reproduce_probe"
MAX_DISTINCT_VALUES = 200_000


@dataclass(frozen=True)
class ProbeDialect:
    """How one dialect orders any value (for ranges) and declares the temporary column of the new type."""

    order_expression: Callable[[str], str]
    probe_table: Callable[[ColumnChange], str]


PROBES: dict[Dialect, ProbeDialect] = {
    # json has no ordering in PostgreSQL; its text form has one, and ranges only need a consistent order.
    "postgresql": ProbeDialect(
        order_expression=lambda column: f"CAST({column} AS text)",
        probe_table=lambda change: f"CREATE TEMPORARY TABLE {PROBE_TABLE} (v {fragment(change.new_type)})",
    ),
    "mysql": ProbeDialect(
        order_expression=lambda column: column,
        probe_table=lambda change: (
            f"CREATE TEMPORARY TABLE {PROBE_TABLE} (v {fragment(_AUTO_INCREMENT.sub('', change.definition))})"
        ),
    ),
}


def column_change_offenders(connection: Connection, schema: Schema, change: ColumnChange) -> Diagnosis:
    table = schema.tables[change.table]
    if change.column not in table.columns:
        return Diagnosis(change, f"{change.summary}: {change.table} has no column {change.column} before it")
    current_type = table.columns[change.column].type
    key = primary_key(schema, change.table)
    column = quote(connection, change.column)
    rows: list[OffendingRow] = []
    total = 0
    conditions: list[str] = []
    if change.not_null:
        found, count = _rows_where(
            connection, change, key, f"{column} IS NULL", "NULL, but the column becomes NOT NULL"
        )
        rows += found
        total += count
    length = _LENGTH.match(change.new_type)
    if length and re.search(r"char|text", current_type, re.IGNORECASE):
        limit = int(length.group(1))
        found, count = _rows_where(
            connection,
            change,
            key,
            f"CHAR_LENGTH({column}) > {limit}",
            f"longer than the {limit} characters of {change.new_type}",
            with_length=True,
        )
        rows += found
        total += count
        conditions.append(f"CHAR_LENGTH({column}) <= {limit}")
    notes: tuple[str, ...] = ()
    if change.new_type:
        rejected, notes = _conversion_rejects(connection, change, key, conditions)
        rows += rejected
        total += len(rejected)
    if not rows:
        return Diagnosis(change, f"{change.summary}: no row of {change.table} blocks it", notes=notes)
    return Diagnosis(
        change,
        f"{total} rows of {change.table} block the change of {change.table}.{change.column} "
        f"({current_type} -> {change.new_type or current_type}{' NOT NULL' if change.not_null else ''}):",
        tuple(rows),
        total,
        notes,
    )


def _rows_where(
    connection: Connection,
    change: ColumnChange,
    key: tuple[str, ...],
    condition: str,
    reason: str,
    with_length: bool = False,
) -> tuple[list[OffendingRow], int]:
    table, column = quote(connection, change.table), quote(connection, change.column)
    count = int(connection.execute(text(f"SELECT COUNT(*) FROM {table} WHERE {condition}")).scalar_one())
    if count == 0:
        return [], 0
    selected = column_list_sql(connection, list(dict.fromkeys([*key, change.column])))
    length = f", CHAR_LENGTH({column}) AS uh_length" if with_length else ""
    found = fetch(
        connection,
        f"SELECT {selected}{length} FROM {table} WHERE {condition} "
        f"ORDER BY {column_list_sql(connection, key)} LIMIT {SHOWN_ROWS * 5}",
    )
    return [
        OffendingRow(
            change.table,
            {k: row[k] for k in key},
            {change.column: row[change.column]},
            (f"{row['uh_length']} characters, " if with_length else "") + reason,
        )
        for row in found
    ], count


def _conversion_rejects(
    connection: Connection, change: ColumnChange, key: tuple[str, ...], conditions: list[str]
) -> tuple[list[OffendingRow], tuple[str, ...]]:
    probe = PROBES[dialect_of(connection)]
    table, column = quote(connection, change.table), quote(connection, change.column)
    ordered = probe.order_expression(column)
    converted = fragment(change.using) if change.using else column
    where = " AND ".join([f"{column} IS NOT NULL", *conditions])
    try:
        with connection.begin_nested():
            connection.execute(text(probe.probe_table(change)))
    except DBAPIError as err:
        return [], (f"the new type could not be tried on the values ({_first_line(err, change.column)})",)
    values = [
        row["v"]
        for row in fetch(
            connection,
            f"SELECT DISTINCT {ordered} AS v FROM {table} WHERE {where} ORDER BY 1 LIMIT {MAX_DISTINCT_VALUES}",
        )
    ]

    def failure(low: int, high: int) -> str | None:
        try:
            with connection.begin_nested() as savepoint:
                connection.execute(
                    text(
                        f"INSERT INTO {PROBE_TABLE} (v) SELECT {converted} FROM {table} WHERE {where} "
                        f"AND {ordered} >= :low AND {ordered} <= :high"
                    ),
                    {"low": values[low], "high": values[high]},
                )
                savepoint.rollback()
        except DBAPIError as err:
            return _first_line(err, change.column)
        return None

    if not values:
        return [], ()
    structural = _structural_failure(connection, converted, table, change.column)
    if structural:
        return [], (f"the conversion fails whatever the data: {structural}",)
    rejected: list[tuple[Value, str]] = []
    _bisect(failure, 0, len(values) - 1, rejected, values)
    if not rejected:
        return [], ()
    reasons = dict(rejected)
    placeholders = ", ".join(f":v{i}" for i in range(len(rejected)))
    selected = column_list_sql(connection, list(dict.fromkeys([*key, change.column])))
    found = fetch(
        connection,
        f"SELECT {selected}, {ordered} AS uh_value FROM {table} WHERE {ordered} IN ({placeholders}) "
        f"ORDER BY {column_list_sql(connection, key)} LIMIT {SHOWN_ROWS * 5}",
        {f"v{i}": value for i, (value, _) in enumerate(rejected)},
    )
    return [
        OffendingRow(
            change.table,
            {k: row[k] for k in key},
            {change.column: row[change.column]},
            f"the conversion to {change.new_type} rejects it: {reasons.get(row['uh_value'], '')}",
        )
        for row in found
    ], ()


def _structural_failure(connection: Connection, converted: str, table: str, column: str) -> str | None:
    """An error even with no rows (a missing cast, a bad expression): then no row is to blame."""
    try:
        with connection.begin_nested() as savepoint:
            connection.execute(text(f"INSERT INTO {PROBE_TABLE} (v) SELECT {converted} FROM {table} WHERE 1 = 0"))
            savepoint.rollback()
    except DBAPIError as err:
        return _first_line(err, column)
    return None


def _bisect(
    failure: Callable[[int, int], str | None],
    low: int,
    high: int,
    found: list[tuple[Value, str]],
    values: list[Value],
) -> None:
    if len(found) >= SHOWN_ROWS:
        return
    error = failure(low, high)
    if error is None:
        return
    if low == high:
        found.append((values[low], error))
        return
    middle = (low + high) // 2
    _bisect(failure, low, middle, found, values)
    _bisect(failure, middle + 1, high, found, values)


def _first_line(error: DBAPIError, column: str) -> str:
    """The driver's message, naming the real column rather than the probe's."""
    return (
        driver_message(error)
        .replace(f"column '{PROBE_TABLE}.v'", f"column '{column}'")
        .replace("column 'v'", f"column '{column}'")
        .replace('column "v"', f'column "{column}"')
    )
