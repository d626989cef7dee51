"""A subset of a database's rows, and making a copy hold exactly that subset.

A Selection maps a table to the primary keys of the rows kept (None: all of them); tables it does not name are
emptied. Rows the kept rows reference through foreign keys are added, so the subset loads wherever the full dump did.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, text

from harness.data import Value
from harness.dialects import TRAITS, dialect_of
from harness.inspect import Schema
from harness.reproduce.querying import fetch, quote

Keys = frozenset[tuple[Value, ...]]
_FOREIGN_KEY = re.compile(r"\(([^)]*)\)\s*REFERENCES\s+([\w.\"`]+)\s*\(([^)]*)\)", re.IGNORECASE)
_CHUNK = 500


@dataclass(frozen=True)
class Selection:
    tables: Mapping[str, Keys | None]

    def describe(self, counts: Mapping[str, int]) -> str:
        parts = []
        for table in sorted(self.tables):
            keys = self.tables[table]
            kept = counts.get(table, 0) if keys is None else len(keys)
            parts.append(f"{table}: {kept} of {counts.get(table, 0)}")
        return ", ".join(parts) or "no rows"

    def rows(self, counts: Mapping[str, int]) -> int:
        return sum(counts.get(t, 0) if keys is None else len(keys) for t, keys in self.tables.items())


def row_counts(connection: Connection, schema: Schema) -> dict[str, int]:
    return {
        name: int(connection.execute(text(f"SELECT COUNT(*) FROM {quote(connection, name)}")).scalar_one())
        for name in sorted(schema.tables)
    }


def primary_keys(connection: Connection, schema: Schema, table: str) -> list[tuple[Value, ...]]:
    key = schema.tables[table].primary_key
    columns = ", ".join(quote(connection, column) for column in key)
    rows = fetch(connection, f"SELECT {columns} FROM {quote(connection, table)} ORDER BY {columns}")
    return [tuple(row[column] for column in key) for row in rows]


def with_referenced_rows(connection: Connection, schema: Schema, selection: Selection) -> Selection:
    """`selection` plus every row its rows reference, transitively."""
    tables: dict[str, Keys | None] = dict(selection.tables)
    changed = True
    while changed:
        changed = False
        for child, keys in list(tables.items()):
            for columns, parent, parent_columns in foreign_keys(schema, child):
                if parent not in schema.tables or tables.get(parent, frozenset()) is None:
                    continue
                if not schema.tables[parent].primary_key or not schema.tables[child].primary_key:
                    tables[parent] = None  # rows without a key cannot be picked one by one: keep them all
                    changed = True
                    continue
                needed = _referenced(connection, schema, child, keys, columns, parent, parent_columns)
                current = tables.get(parent) or frozenset()
                if not needed <= current:
                    tables[parent] = current | needed
                    changed = True
    return Selection(tables)


def foreign_keys(schema: Schema, table: str) -> list[tuple[list[str], str, list[str]]]:
    found = []
    for constraint in schema.tables[table].constraints.values():
        if constraint.kind != "foreign key":
            continue
        match = _FOREIGN_KEY.search(constraint.definition)
        if match:
            found.append((_names(match.group(1)), match.group(2).split(".")[-1].strip('"`'), _names(match.group(3))))
    return found


def _names(text_list: str) -> list[str]:
    return [part.strip().strip('"`') for part in text_list.split(",")]


def _referenced(
    connection: Connection,
    schema: Schema,
    child: str,
    keys: Keys | None,
    columns: list[str],
    parent: str,
    parent_columns: list[str],
) -> Keys:
    parent_key = schema.tables[parent].primary_key
    child_key = schema.tables[child].primary_key
    join = " AND ".join(
        f"p.{quote(connection, pc)} = c.{quote(connection, cc)}"
        for cc, pc in zip(columns, parent_columns, strict=False)
    )
    selected = ", ".join(f"p.{quote(connection, column)}" for column in parent_key)
    sql = f"SELECT DISTINCT {selected} FROM {quote(connection, child)} c JOIN {quote(connection, parent)} p ON {join}"
    if keys is None:
        rows = fetch(connection, sql)
    else:
        rows = []
        ordered = sorted(keys, key=repr)
        for start in range(0, len(ordered), _CHUNK):
            condition, params = _key_condition(connection, child_key, ordered[start : start + _CHUNK], "c.")
            rows += fetch(connection, f"{sql} WHERE {condition}", params)
    return frozenset(tuple(row[column] for column in parent_key) for row in rows)


def _key_condition(
    connection: Connection, key: tuple[str, ...], values: list[tuple[Value, ...]], prefix: str = ""
) -> tuple[str, dict[str, Value]]:
    params: dict[str, Value] = {}
    alternatives = []
    for row_index, row in enumerate(values):
        parts = []
        for column_index, (column, value) in enumerate(zip(key, row, strict=True)):
            name = f"k{row_index}_{column_index}"
            params[name] = value
            parts.append(f"{prefix}{quote(connection, column)} = :{name}")
        alternatives.append("(" + " AND ".join(parts) + ")")
    return " OR ".join(alternatives) or "1 = 0", params


def apply_selection(connection: Connection, schema: Schema, selection: Selection, counts: Mapping[str, int]) -> None:
    """Delete every row `selection` does not keep (foreign key checks off: the kept set is already closed)."""
    connection.execute(text(TRAITS[dialect_of(connection)].foreign_key_checks_off_sql))
    for table in sorted(schema.tables):
        if not counts.get(table):
            continue
        keys = selection.tables.get(table, frozenset())
        if keys is None:
            continue
        quoted = quote(connection, table)
        if not keys:
            connection.execute(text(f"DELETE FROM {quoted}"))
            continue
        key = schema.tables[table].primary_key
        kept = sorted(keys, key=repr)
        marker = _mark_column(connection, table, key, kept)
        connection.exec_driver_sql(f"DELETE FROM {quoted} WHERE NOT ({marker})")
    connection.commit()


def _mark_column(connection: Connection, table: str, key: tuple[str, ...], kept: list[tuple[Value, ...]]) -> str:
    """A condition true for the kept rows, as a row-value IN list (literals rendered by the driver)."""
    columns = ", ".join(quote(connection, column) for column in key)
    literals = [
        "(" + ", ".join(_literal(connection, value) for value in row) + ")"
        if len(key) > 1
        else _literal(connection, row[0])
        for row in kept
    ]
    target = f"({columns})" if len(key) > 1 else columns
    return f"{target} IN ({', '.join(literals)})"


def _literal(connection: Connection, value: Value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return repr(value)
    return TRAITS[dialect_of(connection)].string_literal(value)
