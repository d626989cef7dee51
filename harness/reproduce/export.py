"""Write a database's rows back as dump statements, in the style of the dump they came from.

pg_dump COPY blocks get COPY blocks (values in PostgreSQL's own text form, so every type round-trips); INSERT
statements get multi-row INSERTs (MySQL values escaped by the driver's own literal rules). Masked columns are
replaced on the way out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pymysql.converters
from sqlalchemy import Connection, text

from harness.dialects import Dialect, quote_identifier
from harness.inspect import Table
from harness.reproduce.mask import Masker, masked_column

ROWS_PER_INSERT = 100
_PG_NUMERIC = re.compile(r"^(smallint|integer|bigint|numeric|real|double precision)\b")
Render = Callable[[Any], str]  # one value as an SQL literal


@dataclass(frozen=True)
class RowSource:
    """Where rows come from and how they are changed on the way out."""

    connection: Connection
    masker: Masker | None = None
    unmasked: frozenset[tuple[str, str]] = frozenset()  # (table, column) kept as they are

    def masking(self, table: Table, columns: Sequence[str]) -> list[bool]:
        if self.masker is None:
            return [False] * len(columns)
        return [
            column in table.columns
            and (table.name, column) not in self.unmasked
            and masked_column(column, table.columns[column].type)
            for column in columns
        ]

    def quote(self, name: str) -> str:
        return quote_identifier(self.connection, name)


def copy_block(source: RowSource, table: Table, header: str, columns: Sequence[str]) -> tuple[str, int]:
    """`header` (the dump's own `COPY ... FROM stdin;` line) and the table's rows in COPY text format."""
    names = list(columns) or list(table.columns)
    selected = ", ".join(f"CAST({source.quote(c)} AS text)" for c in names)
    rows = _rows(source, table, names, selected)
    lines = ["\t".join(_copy_field(value) for value in row) for row in rows]
    return header + "\n" + "".join(line + "\n" for line in lines) + "\\.\n", len(lines)


def insert_statements(source: RowSource, table: Table, dialect: Dialect) -> tuple[str, int]:
    """Multi-row INSERT statements for every row of `table`, each ending with `;` and a newline."""
    names = list(table.columns)
    rows, render = _INSERT_VALUES[dialect](source, table, names)
    statements = []
    column_list = ", ".join(source.quote(c) for c in names)
    for start in range(0, len(rows), ROWS_PER_INSERT):
        chunk = rows[start : start + ROWS_PER_INSERT]
        values = ",\n".join("(" + ", ".join(render(v) for v in row) + ")" for row in chunk)
        statements.append(f"INSERT INTO {source.quote(table.name)} ({column_list}) VALUES\n{values};\n")
    return "".join(statements), len(rows)


def _rows(source: RowSource, table: Table, names: list[str], selected: str) -> list[list[Any]]:
    order = ", ".join(source.quote(c) for c in (table.primary_key or tuple(names)))
    result = source.connection.execute(text(f"SELECT {selected} FROM {source.quote(table.name)} ORDER BY {order}"))
    masks = source.masking(table, names)
    rows = []
    for raw in result:
        row = list(raw)
        for index, masked in enumerate(masks):
            if masked and isinstance(row[index], str) and source.masker is not None:
                row[index] = source.masker.mask(row[index])
        rows.append(row)
    return rows


def _copy_field(value: object) -> str:
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _mysql_values(source: RowSource, table: Table, names: list[str]) -> tuple[list[list[Any]], Render]:
    """The values as the driver reads them, written by its own literal rules."""
    return _rows(source, table, names, ", ".join(source.quote(c) for c in names)), _mysql_literal


def _postgresql_values(source: RowSource, table: Table, names: list[str]) -> tuple[list[list[Any]], Render]:
    """The values in PostgreSQL's own text form (every type round-trips), numbers written without quotes."""
    rows = _rows(source, table, names, ", ".join(f"CAST({source.quote(c)} AS text)" for c in names))
    numeric = [bool(_PG_NUMERIC.match(table.columns[c].type)) for c in names]
    bare = [[_Bare(v) if n and v is not None else v for v, n in zip(row, numeric, strict=True)] for row in rows]
    return bare, _postgresql_literal


def _mysql_literal(value: object) -> str:
    return str(pymysql.converters.escape_item(value, "utf8mb4"))


class _Bare(str):
    """A number in its text form: written without quotes."""


def _postgresql_literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, _Bare):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


_INSERT_VALUES: dict[Dialect, Callable[[RowSource, Table, list[str]], tuple[list[list[Any]], Render]]] = {
    "mysql": _mysql_values,
    "postgresql": _postgresql_values,
}
