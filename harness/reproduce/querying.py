"""Building the diagnostic queries: identifiers quoted per dialect, fragments of the failing statement made safe
for SQLAlchemy's `text()`, rows turned into plain values."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, text

from harness.data import Value, normalize_value
from harness.dialects import TRAITS, dialect_of, quote_identifier
from harness.inspect import Schema
from harness.inspect.schema import Column

_PREFIX_PART = re.compile(r"^([\w$]+)\((\d+)\)$")
_BIND_LIKE = re.compile(r"(?<![:\w\\]):(?=\w)")


quote = quote_identifier


_CHARSET_NAME = re.compile(r"^[A-Za-z0-9_]+$")


def compared_as(connection: Connection, expression: str, column: Column | None) -> str:
    """`expression` as `column` stores and compares it: on the MySQL family, in the column's character set and
    collation. Comparing columns of two collations fails there (`Illegal mix of collations`), and the server
    itself judges a key or a reference by the collation of the column the value goes to."""
    if column is None or not column.collation or not column.charset:
        return expression
    if not TRAITS[dialect_of(connection)].collation_per_column:
        return expression
    if not (_CHARSET_NAME.match(column.charset) and _CHARSET_NAME.match(column.collation)):
        return expression
    return f"CONVERT({expression} USING {column.charset}) COLLATE {column.collation}"


def fragment(sql: str) -> str:
    """SQL taken from the failing statement, with `:word` escaped so text() does not read it as a parameter."""
    return _BIND_LIKE.sub(r"\\:", sql)


def key_expression(connection: Connection, part: str) -> str:
    """An index part as an expression: `ident` -> quoted column, `ident(191)` (prefix) -> LEFT(ident, 191)."""
    prefix = _PREFIX_PART.match(part)
    if prefix:
        return f"LEFT({quote(connection, prefix.group(1))}, {prefix.group(2)})"
    if re.fullmatch(r"[\w$]+", part):
        return quote(connection, part)
    return fragment(part)


def plain_column(part: str) -> str | None:
    """The column an index part reads, when it is a column or a prefix of one."""
    prefix = _PREFIX_PART.match(part)
    if prefix:
        return prefix.group(1)
    return part if re.fullmatch(r"[\w$]+", part) else None


def primary_key(schema: Schema, table: str) -> tuple[str, ...]:
    found = schema.tables.get(table)
    if found is None:
        return ()
    return found.primary_key or tuple(found.columns)


def fetch(connection: Connection, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Value]]:
    result = connection.execute(text(sql), dict(params or {}))
    names = list(result.keys())
    return [{name: normalize_value(value) for name, value in zip(names, row, strict=True)} for row in result]


def column_list_sql(connection: Connection, columns: Sequence[str]) -> str:
    return ", ".join(quote(connection, column) for column in columns)


def driver_message(error: BaseException) -> str:
    """The first line of a driver's error, as `[code] message` when the driver gives a code (pymysql does)."""
    original = getattr(error, "orig", None) or error
    args: tuple[object, ...] = tuple(getattr(original, "args", ()))
    if len(args) == 2 and isinstance(args[0], int):
        message = str(args[1]).strip()
        return f"[{args[0]}] {message.splitlines()[0] if message else ''}".strip()
    text = str(original).strip()
    return text.splitlines()[0] if text else type(original).__name__
